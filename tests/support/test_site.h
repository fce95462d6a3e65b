// TestSite: the real site wired over a fresh SQLite database (":memory:" by
// default) with the fixture content imported and the real templates, CSS and
// messages from static/. For handler tests (no socket) and, with
// StartServer(), integration tests over a real loopback socket.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kernel/clock.h"
#include "server/app/activity_report_service.h"
#include "server/app/annual_report_service.h"
#include "server/app/assignment_service.h"
#include "server/app/authoring_service.h"
#include "server/app/content_service.h"
#include "server/app/course_service.h"
#include "server/app/learning_service.h"
#include "server/app/metrics.h"
#include "server/app/org_change_service.h"
#include "server/app/people_csv.h"
#include "server/app/people_service.h"
#include "server/app/programme_editing.h"
#include "server/app/programme_service.h"
#include "server/app/readiness.h"
#include "server/app/target_service.h"
#include "server/app/training_records.h"
#include "server/app/reminder_service.h"
#include "server/app/report_service.h"
#include "server/app/training_records.h"
#include "server/app/visit_log.h"
#include "server/http/pistache_adapter.h"
#include "server/http/web_app.h"
#include "server/storage/database.h"
#include "server/storage/stores.h"

namespace lophoc::testing {

// A clock that only moves when told to.
class FakeClock : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now_; }
  void Set(std::chrono::system_clock::time_point t) { now_ = t; }

 private:
  std::chrono::system_clock::time_point now_ =
      std::chrono::system_clock::time_point(std::chrono::seconds(1795000000));
};

std::string FixturePath(const std::string& rel);
std::string SourcePath(const std::string& rel);

class TestSite {
 public:
  // Imports `content` (a fixture folder by default). Aborts the test on failure.
  // `adjust`, when given, changes the site's options before the site is made.
  explicit TestSite(const std::string& content = FixturePath("content-good"),
                    const std::string& db_path = ":memory:",
                    http::LogLevel log_level = http::LogLevel::kWarn,
                    const std::function<void(http::SiteOptions&)>& adjust = {});
  ~TestSite();

  http::HttpResponse Get(const std::string& path_and_query,
                         std::map<std::string, std::string> headers = {});
  http::HttpResponse Send(http::HttpRequest req);

  // Serves the site on 127.0.0.1 and an ephemeral port; returns the port.
  uint16_t StartServer(size_t max_request_bytes = 64 * 1024);

  http::WebApp& site() { return *site_; }
  storage::Database& db() { return *stores_->sqlite(); }
  app::ContentService& content() { return *content_; }
  app::CourseService& courses() { return *courses_; }
  app::PeopleService& people() { return *people_; }
  const people::PeopleStores& people_stores() { return stores_->people(); }
  app::VisitLog& visits() { return *visits_; }
  app::LearningService& learning() { return *learning_; }
  app::AuthoringService& authoring() { return *authoring_; }
  app::ProgrammeService& programmes() { return *programmes_; }
  app::CertificationService& certifications() { return *certifications_; }
  app::AssignmentService& assignments() { return *assignments_; }
  app::ProgrammeEditing& programme_editing() { return *programme_editing_; }
  app::ReminderService& reminders() { return *reminders_; }
  app::ReportService& reports() { return *reports_; }
  app::TargetService& targets() { return *targets_; }
  training::ReminderStore& reminder_store() { return stores_->reminders(); }
  courses::CourseStore& course_store() { return stores_->courses(); }
  courses::LearningStore& learning_store() { return stores_->learning(); }
  assessments::AttemptStore& attempt_store() { return stores_->attempts(); }
  FakeClock& clock() { return clock_; }
  // Served at /metrics, as lophoc serve fills it (the server's queues once
  // StartServer has run).
  app::Metrics& metrics() { return *metrics_; }

 private:
  FakeClock clock_;
  std::unique_ptr<app::Metrics> metrics_;  // outlives the site and the server
  std::unique_ptr<storage::Stores> stores_;
  std::unique_ptr<app::ProgrammeService> programmes_;
  std::unique_ptr<app::CertificationService> certifications_;
  std::unique_ptr<app::AssignmentService> assignments_;
  std::unique_ptr<app::ProgrammeEditing> programme_editing_;
  std::unique_ptr<app::TrainingRecords> records_;
  std::unique_ptr<app::OrgChangeService> org_changes_;
  std::unique_ptr<app::ReminderService> reminders_;
  std::unique_ptr<app::ReportService> reports_;
  std::unique_ptr<app::ActivityReportService> activity_;
  std::unique_ptr<app::AnnualReportService> annual_;
  std::unique_ptr<app::TargetService> targets_;
  app::Readiness readiness_;
  std::unique_ptr<app::ContentService> content_;
  std::unique_ptr<app::CourseService> courses_;
  std::unique_ptr<app::PeopleService> people_;
  std::unique_ptr<app::VisitLog> visits_;
  std::unique_ptr<app::PeopleCsv> people_csv_;
  std::unique_ptr<app::LearningService> learning_;
  std::unique_ptr<app::AuthoringService> authoring_;
  std::unique_ptr<http::Views> views_;
  std::unique_ptr<http::StaticFiles> statics_;
  std::unique_ptr<http::Catalogues> i18n_;
  std::unique_ptr<http::WebApp> site_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace lophoc::testing

// The learning history of lophoc demo-data (docs/demo-data.md): the
// content read from the database, the staff's programmes (certifications,
// renewals, assignments, exemptions), the citizens' courses, and the
// learners of each year.
#include "assessments/quiz_parser.h"
#include "kernel/diagnostics.h"
#include "server/cli/demo_data_generator.h"

namespace lophoc::cli::demo {

Status Generator::LoadContent() {
  std::map<std::string, int> by_slug;
  LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
      conn_,
      "SELECT c.id, c.current_revision_id, c.slug, r.title, r.audience, "
      "coalesce(r.quiz_source, '') FROM courses c "
      "JOIN course_revisions r ON r.id = c.current_revision_id WHERE c.published = 1 "
      "ORDER BY c.slug",
      [&](const storage::Statement& st) {
        Course c;
        c.id = st.ColumnInt(0);
        c.revision_id = st.ColumnInt(1);
        c.slug = st.ColumnText(2);
        c.title = st.ColumnText(3);
        c.audience = st.ColumnText(4);
        const std::string quiz = st.ColumnText(5);
        if (!quiz.empty()) {
          Diagnostics diags;
          FileDiagnostics fd(&diags, "quiz.md");
          if (auto q = assessments::ParseQuiz(quiz, fd); q && !q->questions.empty()) {
            c.has_quiz = true;
            c.pass_mark = q->settings.pass_mark;
            c.question_ids = "[";
            for (const auto& question : q->questions) {
              if (c.question_ids.size() > 1) c.question_ids += ",";
              c.question_ids += "\"" + question.id + "\"";
              c.max_score += question.points;
            }
            c.question_ids += "]";
          }
        }
        by_slug[c.slug] = static_cast<int>(courses_.size());
        courses_.push_back(std::move(c));
        return Status::Ok();
      }));
  for (Course& c : courses_) {
    LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
        conn_, "SELECT slug FROM lessons WHERE revision_id = ? ORDER BY position",
        [&](const storage::Statement& st) {
          c.lessons.push_back(st.ColumnText(0));
          return Status::Ok();
        },
        c.revision_id));
    if (c.audience != "staff") citizen_courses_.push_back(static_cast<int>(&c - &courses_[0]));
  }
  LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
      conn_,
      "SELECT p.id, p.current_revision_id, r.validity_months, r.renewal_window_days "
      "FROM programmes p JOIN programme_revisions r ON r.id = p.current_revision_id "
      "WHERE p.retired_at IS NULL ORDER BY p.slug",
      [&](const storage::Statement& st) {
        Programme p;
        p.id = st.ColumnInt(0);
        p.revision_id = st.ColumnInt(1);
        p.validity_months = static_cast<int>(st.ColumnInt(2));
        p.window_days = static_cast<int>(st.ColumnInt(3));
        programmes_.push_back(p);
        return Status::Ok();
      }));
  for (Programme& p : programmes_) {
    LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
        conn_, "SELECT staff_category FROM programme_staff_categories WHERE revision_id = ?",
        [&](const storage::Statement& st) {
          p.categories.insert(st.ColumnText(0));
          return Status::Ok();
        },
        p.revision_id));
    LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
        conn_,
        "SELECT pc.path, c.slug FROM programme_courses pc JOIN courses c ON c.id = pc.course_id "
        "WHERE pc.revision_id = ? ORDER BY pc.path, pc.position",
        [&](const storage::Statement& st) {
          auto it = by_slug.find(st.ColumnText(1));
          if (it == by_slug.end()) return Status::Ok();
          (st.ColumnText(0) == "initial" ? p.initial : p.refresher).push_back(it->second);
          return Status::Ok();
        },
        p.revision_id));
  }
  return Status::Ok();
}

void Generator::Learned(int64_t user, int day, int site) {
  auto& years = learned_[user];
  const int year = YearOf(day);
  auto it = years.find(year);
  if (it == years.end() || it->second.first > day) years[year] = {day, site};
}

Result<int64_t> Generator::Study(int64_t user, int course_index, int day, size_t lessons,
                                 bool complete, const char* source, int site,
                                 const std::string& holder, const std::string& site_name,
                                 const std::string& org_name) {
  const Course& c = courses_[course_index];
  const auto key = std::make_pair(user, c.id);
  int& round = rounds_[key];
  ++round;
  const int began = day - draw_.Between(1, 20);
  if (round >= 2) {
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn_,
        "INSERT INTO course_rounds (user_id, course_id, round, started_at) VALUES (?, ?, ?, ?)",
        user, c.id, round, Instant(began, 9 * 3600)));
  } else {
    LOPHOC_RETURN_IF_ERROR(
        Execute(conn_,
                "INSERT INTO enrolments (user_id, course_id, enrolled_at, enrolled_by, source) "
                "VALUES (?, ?, ?, ?, ?)",
                user, c.id, Instant(began, 8 * 3600 + draw_.Below(3600)),
                std::string(source) == "self" ? OptId(user) : OptId(), std::string(source)));
    ++counts_.enrolments;
  }
  lessons = std::min(lessons, c.lessons.size());
  for (size_t i = 0; i < lessons; ++i) {
    const int on = began + static_cast<int>((day - began) * (i + 1) / (c.lessons.size() + 1));
    LOPHOC_RETURN_IF_ERROR(
        Execute(conn_,
                "INSERT INTO lesson_progress (user_id, course_id, round, lesson_slug, revision_id, "
                "completed_at) VALUES (?, ?, ?, ?, ?, ?)",
                user, c.id, round, c.lessons[i], c.revision_id,
                Instant(on, 8 * 3600 + draw_.Below(9 * 3600))));
    ++counts_.lesson_progress;
    Learned(user, on, site);
  }
  if (!complete) return int64_t{0};
  std::optional<double> percentage;
  if (c.has_quiz) {
    const int tries = draw_.Chance(0.25) ? 2 : 1;
    for (int t = 1; t <= tries; ++t) {
      const bool pass = t == tries;
      const double pct = pass ? c.pass_mark + draw_.Unit() * (100 - c.pass_mark)
                              : draw_.Unit() * c.pass_mark * 0.95;
      const double score = std::round(pct * c.max_score) / 100.0;
      const double shown = c.max_score > 0 ? 100.0 * score / c.max_score : 0;
      const int at = 10 * 3600 + t * 1200 + draw_.Below(600);
      LOPHOC_RETURN_IF_ERROR(
          Execute(conn_,
                  "INSERT INTO quiz_attempts (user_id, course_id, revision_id, started_at, "
                  "question_ids, seed, submitted_at, score, max_score, percentage, passed, round) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  user, c.id, c.revision_id, Instant(day, at - 600), c.question_ids,
                  static_cast<int64_t>(draw_.Bits() >> 33), Instant(day, at), score, c.max_score,
                  shown, pass ? 1 : 0, round));
      ++counts_.attempts;
      if (pass) percentage = shown;
    }
  }
  const std::string at = Instant(day, 11 * 3600 + draw_.Below(3600));
  LOPHOC_RETURN_IF_ERROR(
      Execute(conn_,
              "INSERT INTO completions (user_id, course_id, revision_id, completed_at, percentage, "
              "round, source) VALUES (?, ?, ?, ?, ?, ?, 'learning')",
              user, c.id, c.revision_id, at, percentage, round));
  const int64_t completion = conn_.LastInsertId();
  ++counts_.completions;
  static const char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  std::string code;  // XXXX-XXXX-XXXX as LearningService draws them; drawn again if taken
  do {
    code.clear();
    for (int i = 0; i < 12; ++i) {
      if (i > 0 && i % 4 == 0) code += '-';
      code += kAlphabet[draw_.Below(31)];
    }
  } while (!certificate_codes_.insert(code).second);
  LOPHOC_RETURN_IF_ERROR(
      Execute(conn_,
              "INSERT INTO certificates (code, completion_id, user_id, course_id, issued_at, "
              "holder_name, course_title, site_name, org_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              code, completion, user, c.id, at, holder, c.title, site_name, org_name));
  return completion;
}

Status Generator::WriteStaffLearning() {
  const int lophoc_start = start_;
  const int prior_from = DayNumber(2017, 1, 1);
  int done = 0;
  for (const Staff& st : staff_) {
    if (++done % 2000 == 0) {
      Step(0.30 + 0.2 * done / static_cast<double>(staff_.size()), "học tập của cán bộ");
    }
    const int end = st.leave ? st.leave : o_.today;
    // About 5% of BĐVHX staff also run the commune library: the library
    // programme is assigned to them individually, from a day.
    const Programme* assigned = nullptr;
    int assigned_from = 0;
    if (st.category == "post_office_staff" && draw_.Chance(0.05)) {
      for (const Programme& p : programmes_) {
        if (p.categories.count("commune_librarian") > 0) assigned = &p;
      }
      assigned_from = std::max(st.start, lophoc_start) + draw_.Below(365);
      if (assigned != nullptr && assigned_from < end) {
        LOPHOC_RETURN_IF_ERROR(
            Execute(conn_,
                    "INSERT INTO programme_assignments (user_id, programme_id, starts_on, reason, "
                    "created_at) VALUES (?, ?, ?, ?, ?)",
                    st.user_id, assigned->id, DayText(assigned_from),
                    std::string("Kiêm nhiệm thư viện xã (dữ liệu mẫu)"),
                    Instant(assigned_from - 1, 9 * 3600)));
        ++counts_.assignments;
      } else {
        assigned = nullptr;
      }
    }
    for (const Programme& p : programmes_) {
      const bool individual = &p == assigned;
      if ((p.categories.count(st.category) == 0 && !individual) || p.initial.empty()) continue;
      const int from = individual ? assigned_from : st.start;
      int day = 0;
      bool recorded = false;
      if (!individual && st.start < lophoc_start && draw_.Chance(0.35)) {
        day = std::max(st.start, prior_from) +
              draw_.Below(std::max(1, lophoc_start - std::max(st.start, prior_from)));
        recorded = true;
      } else if (draw_.Chance(0.8)) {
        day = std::max(from, lophoc_start) + draw_.Between(15, 300);
      } else {
        // Never certified: some have started.
        const int began = std::max(from, lophoc_start) + draw_.Between(10, 200);
        if (began < end && draw_.Chance(0.5)) {
          auto r = Study(st.user_id, p.initial[0], began, 1 + draw_.Below(3), false,
                         "staff_category", st.site, st.name, "", "");
          if (!r.ok()) return r.status();
        }
        continue;
      }
      int prev_until = 0;
      const char* path = "initial";
      while (day < end) {
        std::string basis = "from_completion";
        int until = AddMonths(day, p.validity_months) - 1;
        if (prev_until != 0) {
          if (day > prev_until) {
            basis = "after_lapse";
          } else if (day < prev_until - p.window_days) {
            basis = "before_window";
          } else {
            basis = "extended";
            until = AddMonths(prev_until + 1, p.validity_months) - 1;
          }
        }
        const int site = day >= st.move && st.move ? st.site : st.first_site;
        const Site& where = sites_[site];
        std::vector<int64_t> completions;
        if (!recorded) {
          const auto& list = std::string(path) == "initial" ? p.initial : p.refresher;
          for (size_t i = 0; i < list.size(); ++i) {
            const int on = day - static_cast<int>(list.size() - 1 - i) * draw_.Between(2, 12);
            LOPHOC_ASSIGN_OR_RETURN(
                int64_t completion,
                Study(st.user_id, list[i], on, 1000, true, "staff_category", site, st.name,
                      where.name, U(on >= reform_ ? where.unit_after : where.unit_before).name));
            completions.push_back(completion);
          }
        }
        const bool revoke = !recorded && draw_.Chance(0.005);
        const int revoked_on = std::min(o_.today, day + draw_.Between(1, 200));
        LOPHOC_RETURN_IF_ERROR(Execute(
            conn_,
            "INSERT INTO certifications (user_id, programme_id, revision_id, path, "
            "completed_on, valid_until, basis, source, created_at, revoked_on, revoked_by, "
            "revoked_reason, recorded_by, evidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            st.user_id, p.id, p.revision_id, std::string(path), DayText(day), DayText(until), basis,
            std::string(recorded ? "recorded" : "learning"),
            Instant(recorded ? std::max(day, lophoc_start) + 40 : day, 12 * 3600),
            revoke ? OptText(DayText(revoked_on)) : OptText(), revoke ? OptId(admin_) : OptId(),
            revoke ? OptText("Kết quả kiểm tra không hợp lệ (dữ liệu mẫu)") : OptText(),
            recorded ? OptId(admin_) : OptId(),
            recorded ? OptText("Giấy chứng nhận số " + std::to_string(100 + draw_.Below(900)) +
                               "/GCN-BMGF (dữ liệu mẫu)")
                     : OptText()));
        const int64_t cert = conn_.LastInsertId();
        ++counts_.certifications;
        for (int64_t completion : completions) {
          LOPHOC_RETURN_IF_ERROR(
              Execute(conn_,
                      "INSERT INTO certification_completions (certification_id, completion_id) "
                      "VALUES (?, ?)",
                      cert, completion));
        }
        if (revoke || p.refresher.empty() || !draw_.Chance(0.75)) break;
        // The next cycle: mostly inside the renewal window, some late.
        prev_until = until;
        day = until - draw_.Below(std::max(1, p.window_days)) +
              (draw_.Chance(0.2) ? draw_.Between(1, 150) : 0);
        path = "refresher";
        recorded = false;
      }
    }
    if (draw_.Chance(0.02)) {
      const int from = std::max(st.start, lophoc_start) +
                       draw_.Below(std::max(1, end - std::max(st.start, lophoc_start)));
      static const std::vector<std::string> kReasons = {"Nghỉ thai sản", "Biệt phái công tác",
                                                        "Đi học dài hạn", "Nghỉ ốm dài ngày"};
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn_,
          "INSERT INTO exemptions (user_id, reason, starts_on, ends_on, created_by, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          st.user_id, draw_.Pick(kReasons), DayText(from), DayText(from + draw_.Between(90, 365)),
          admin_, Instant(from - 2, 9 * 3600)));
    }
  }
  return Status::Ok();
}

Status Generator::WriteCitizenLearning() {
  if (citizen_courses_.empty()) return Status::Ok();
  int done = 0;
  for (const Citizen& c : citizens_) {
    if (++done % 20000 == 0) {
      Step(0.50 + 0.2 * done / static_cast<double>(citizens_.size()), "học tập của người dân");
    }
    const int n = 1 + draw_.Below(3);
    std::set<int> taken;
    for (int k = 0; k < n; ++k) {
      const int course = draw_.Pick(citizen_courses_);
      if (!taken.insert(course).second) continue;
      const int began = c.created + draw_.Below(90);
      if (began > o_.today) continue;
      const bool complete = draw_.Chance(0.45);
      const int day = std::min(o_.today, began + draw_.Below(30));
      const size_t lessons =
          complete ? 1000 : static_cast<size_t>(draw_.Below(courses_[course].lessons.size() + 1));
      auto r = Study(c.user_id, course, day, lessons, complete, "self", c.home, "", "", "");
      if (!r.ok()) return r.status();
    }
  }
  return Status::Ok();
}

Status Generator::WriteLearnerYears() {
  for (const auto& [user, years] : learned_) {
    for (const auto& [year, first] : years) {
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn_, "INSERT INTO learner_years (year, user_id, site_id, first_on) VALUES (?, ?, ?, ?)",
          year, user, sites_[first.second].id, DayText(first.first)));
      ++counts_.learner_years;
    }
  }
  return Status::Ok();
}
}  // namespace lophoc::cli::demo

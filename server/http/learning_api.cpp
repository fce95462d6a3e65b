// The learning API: enrolments, lesson progress, quizzes and attempts,
// results for trainers, certificates (docs/openapi.json). Thin handlers:
// read the request, call one LearningService use case, present the result.
#include <nlohmann/json.hpp>

#include "server/app/learning_service.h"
#include "server/http/json_views.h"
#include "server/http/learning_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// A field the request must have (reason "field_required").
Status Required(const std::string& field, const std::string& message) {
  return Status::InvalidArgument(message)
      .WithReason("field_required")
      .WithField(field)
      .WithParam("field", field);
}

std::optional<int64_t> QuizId(const HttpRequest& req) { return ParseId(req.params.at("id")); }

HttpResponse NoQuiz(const WebContext& ctx, const HttpRequest& req) {
  return StatusResponse(ctx, req, Status::NotFound("no such quiz").WithReason("quiz_not_found"));
}

// 201 with the enrolments opened, or 200 when every account was enrolled already.
HttpResponse Enrolled(const WebContext& ctx, const HttpRequest& req,
                      const Result<app::EnrolOutcome>& out) {
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  json created = json::array();
  for (const auto& e : out->created) created.push_back(EnrolmentJson(e));
  return JsonResponse({{"created", created}, {"already_enrolled", out->already_enrolled}},
                      out->created.empty() ? 200 : 201);
}

HttpResponse Enrol(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto body = JsonObject(req.body, {"course", "user", "site", "staff_category"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  app::EnrolRequest r;
  auto course = OptionalString(*body, "course");
  auto site = OptionalString(*body, "site");
  auto category = OptionalString(*body, "staff_category");
  for (const auto* s : {&course, &site, &category}) {
    if (!s->ok()) return StatusResponse(ctx, req, s->status());
  }
  if (!*course) return StatusResponse(ctx, req, Required("course", "course is required"));
  r.course = **course;
  r.site = *site;
  r.staff_category = *category;
  if (auto it = body->find("user"); it != body->end() && !it->is_null()) {
    if (it->is_number_integer() && it->get<int64_t>() > 0) {
      r.user_id = it->get<int64_t>();
    } else if (it->is_string()) {
      r.username = it->get<std::string>();
    } else {
      return StatusResponse(ctx, req,
                            Status::InvalidArgument("user must be an id or a username")
                                .WithReason("enrol_user_invalid")
                                .WithField("user"));
    }
  }
  return Enrolled(ctx, req, ctx.learning->Enrol(req.visitor.actor(), r));
}

HttpResponse EnrolFromCsv(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  if (req.Header("content-type").rfind("text/csv", 0) != 0) {
    return StatusResponse(
        ctx, req, Status::Unsupported("send the file as text/csv").WithReason("csv_media_type"));
  }
  app::EnrolRequest r;
  r.course = req.Query("course");
  if (r.course.empty()) return StatusResponse(ctx, req, Required("course", "?course= is required"));
  r.csv = req.body;
  return Enrolled(ctx, req, ctx.learning->Enrol(req.visitor.actor(), r));
}

HttpResponse ListEnrolments(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  const std::string course = req.Query("course");
  if (course.empty()) return StatusResponse(ctx, req, Required("course", "?course= is required"));
  auto list = ctx.learning->CourseEnrolments(req.visitor.actor(), course);
  return JsonAnswer(ctx, req, list, [](const std::vector<courses::Enrolment>& l) {
    return json{{"items", JsonArray(l, EnrolmentJson)}, {"total", l.size()}};
  });
}

HttpResponse Withdraw(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) {
    return StatusResponse(ctx, req,
                          Status::NotFound("no such enrolment").WithReason("enrolment_not_found"));
  }
  Status s = ctx.learning->Withdraw(req.visitor.actor(), *id);
  if (!s.ok()) return StatusResponse(ctx, req, s);
  return NoContent();
}

HttpResponse CompleteLesson(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  if (!req.body.empty()) {
    auto body = JsonObject(req.body, {});
    if (!body.ok()) return StatusResponse(ctx, req, body.status());
  }
  auto out = ctx.learning->CompleteLesson(*req.visitor.user, req.params.at("slug"),
                                          req.params.at("lesson"));
  return JsonAnswer(ctx, req, out, CourseLearningJson);
}

// Starts the next round of a completed course (a refresher): 201 with the
// new standing.
HttpResponse StartRound(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto out = ctx.learning->StartAgain(*req.visitor.user, req.params.at("slug"));
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  return JsonResponse(CourseLearningJson(*out), 201);
}

HttpResponse MyLearning(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.learning->MyLearning(*req.visitor.user),
                    [](const auto& list) { return ItemsJson(list, CourseLearningJson); });
}

HttpResponse MyCertificates(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.learning->Certificates(*req.visitor.user),
                    [](const auto& list) { return ItemsJson(list, CertificateJson); });
}

HttpResponse CourseQuiz(const WebContext& ctx, const HttpRequest& req) {
  auto q = ctx.learning->QuizForCourse(req.visitor.user ? &*req.visitor.user : nullptr,
                                       req.params.at("slug"));
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  HttpResponse res = JsonResponse(QuizJson(*q));
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

HttpResponse Quiz(const WebContext& ctx, const HttpRequest& req) {
  auto id = QuizId(req);
  if (!id) return NoQuiz(ctx, req);
  auto q = ctx.learning->QuizById(req.visitor.user ? &*req.visitor.user : nullptr, *id);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  HttpResponse res = JsonResponse(QuizJson(*q));
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

HttpResponse StartAttempt(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = QuizId(req);
  if (!id) return NoQuiz(ctx, req);
  return JsonAnswer(ctx, req, ctx.learning->StartAttempt(*req.visitor.user, *id), QuizJson);
}

HttpResponse SubmitAttempt(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = QuizId(req);
  if (!id) return NoQuiz(ctx, req);
  auto body = JsonObject(req.body, {"answers", "submission_id"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  auto submission = OptionalString(*body, "submission_id");
  if (!submission.ok()) return StatusResponse(ctx, req, submission.status());
  if (!*submission) {
    return StatusResponse(
        ctx, req,
        Required("submission_id",
                 "submission_id is required: a key you choose, the same on every retry"));
  }
  const json answers = body->contains("answers") ? (*body)["answers"] : json::object();
  auto out = ctx.learning->Submit(*req.visitor.user, *id, **submission, answers);
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  return JsonResponse(AttemptOutcomeJson(*out), out->replayed ? 200 : 201);
}

HttpResponse Attempt(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, PathAttempt(ctx, req), AttemptOutcomeJson);
}

HttpResponse Results(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = QuizId(req);
  if (!id) return NoQuiz(ctx, req);
  auto r = ctx.learning->Results(req.visitor.actor(), *id);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  const bool csv = req.Query("format") == "csv" || req.Header("accept").rfind("text/csv", 0) == 0;
  if (!csv) return JsonResponse(QuizResultsJson(*r));
  return Attachment("text/csv; charset=utf-8", QuizResultsCsv(*r), r->course_slug + "-results.csv");
}

HttpResponse Certificate(const WebContext& ctx, const HttpRequest& req) {
  return JsonAnswer(ctx, req, ctx.learning->Verify(req.params.at("code")), CertificateCheckJson);
}

}  // namespace

void AddLearningApiRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("POST", "/api/v1/enrolments", Enrol);
  on("GET", "/api/v1/enrolments", ListEnrolments);
  on("POST", "/api/v1/enrolments/import", EnrolFromCsv, kUploadRoute);
  on("DELETE", "/api/v1/enrolments/:id", Withdraw);
  on("POST", "/api/v1/courses/:slug/lessons/:lesson/complete", CompleteLesson);
  on("POST", "/api/v1/courses/:slug/rounds", StartRound);
  on("GET", "/api/v1/me/learning", MyLearning);
  on("GET", "/api/v1/me/certificates", MyCertificates);
  on("GET", "/api/v1/courses/:slug/quiz", CourseQuiz);
  on("GET", "/api/v1/quizzes/:id", Quiz);
  on("POST", "/api/v1/quizzes/:id/start", StartAttempt);
  on("POST", "/api/v1/quizzes/:id/attempts", SubmitAttempt,
     kUploadRoute);  // essays: see quiz_pages
  on("GET", "/api/v1/quizzes/:id/results", Results);
  on("GET", "/api/v1/attempts/:id", Attempt);
  on("GET", "/api/v1/certificates/:code", Certificate);
}

}  // namespace lophoc::http

// JSON views of learning: a learner's standing in a course, a quiz as a
// learner may see it (never an answer, weight or feedback key), a graded
// attempt with its feedback, certificates and trainers' results; and the
// results as CSV. What the API returns and what the pages build on. Pure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "server/app/learning_service.h"

namespace lophoc::http {

nlohmann::json EnrolmentJson(const courses::Enrolment& e);
nlohmann::json CourseLearningJson(const app::CourseLearning& c);
nlohmann::json PublicQuestionJson(const assessments::PublicQuestion& q);
nlohmann::json QuizJson(const app::QuizForLearner& q);
nlohmann::json AttemptOutcomeJson(const app::AttemptOutcome& o);
nlohmann::json CertificateJson(const courses::CertificateRecord& c);
nlohmann::json CertificateCheckJson(const app::CertificateCheck& c);
nlohmann::json QuizResultsJson(const app::QuizResults& r);
// One row per attempt (learner, site, revision, time, score, passed, late),
// then nothing else: what a spreadsheet opens. Cells are formula-guarded.
std::string QuizResultsCsv(const app::QuizResults& r);

// The page address of a certificate and of its public check.
std::string CertificateUrl(const std::string& code);
std::string VerifyUrl(const std::string& code);
// The page address of course `slug`'s quiz.
std::string QuizUrl(const std::string& slug);
// Quiz Markdown of course `slug` (a question, an option, feedback) as HTML,
// its pictures resolved in the course package.
std::string QuizHtml(const std::string& slug, const std::string& markdown);
// A percentage as a whole number: "83%".
std::string WholePercent(double v);

}  // namespace lophoc::http

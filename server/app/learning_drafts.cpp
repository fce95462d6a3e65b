// Drafts of open quiz attempts (issue 15, "Quizzes"): the answer form's
// fields saved as they are given, so that a dropped connection loses nothing.
// A draft belongs to its attempt's learner, changes only while the attempt is
// open, and never counts as a submission (docs/learning.md).
#include <nlohmann/json.hpp>

#include "server/app/learning_service.h"

namespace lophoc::app {
namespace {

constexpr size_t kMaxDraftBytes = 64 * 1024;

// A draft's fields: an object of field name -> array of string values.
bool ValidDraft(const nlohmann::json& fields) {
  if (!fields.is_object()) return false;
  for (const auto& [name, values] : fields.items()) {
    if (name.empty() || !values.is_array()) return false;
    for (const auto& v : values) {
      if (!v.is_string()) return false;
    }
  }
  return true;
}

// Attempt `attempt_id` when `u` made it; "not found" otherwise, as for an
// attempt that does not exist.
Result<assessments::AttemptRecord> OwnAttempt(assessments::AttemptStore& attempts,
                                              const people::User& u, int64_t attempt_id) {
  auto attempt = attempts.GetAttempt(attempt_id);
  const Status hidden =
      Status::NotFound("no attempt " + std::to_string(attempt_id)).WithReason("attempt_not_found");
  if (!attempt.ok()) {
    return attempt.status().code() == StatusCode::kNotFound ? hidden : attempt.status();
  }
  if (attempt->user_id != u.id) return hidden;
  return attempt;
}

}  // namespace

Status LearningService::SaveDraft(const people::User& u, int64_t attempt_id,
                                  const nlohmann::json& fields) {
  const std::string text = fields.dump();
  if (!ValidDraft(fields) || text.size() > kMaxDraftBytes) {
    return Status::InvalidArgument(
               "a draft is an object of field name -> array of strings, "
               "at most 64 KiB")
        .WithReason("quiz_draft_invalid");
  }
  auto attempt = OwnAttempt(*attempts_, u, attempt_id);
  if (!attempt.ok()) return attempt.status();
  const Status closed = Status::Conflict("attempt " + std::to_string(attempt_id) +
                                         " is no longer open: its draft cannot change")
                            .WithReason("quiz_draft_closed");
  if (attempt->submitted()) return closed;
  auto expired = Expired(*attempt);
  if (!expired.ok()) return expired.status();
  if (*expired) return closed;
  Status s = attempts_->SaveDraft(attempt_id, text, FormatIso8601(clock_->Now()));
  return s.code() == StatusCode::kConflict ? closed : s;
}

Result<std::optional<nlohmann::json>> LearningService::Draft(const people::User& u,
                                                             int64_t attempt_id) {
  auto attempt = OwnAttempt(*attempts_, u, attempt_id);
  if (!attempt.ok()) return attempt.status();
  auto text = attempts_->FindDraft(attempt_id);
  if (!text.ok()) return text.status();
  if (!*text) return std::optional<nlohmann::json>();
  auto fields = nlohmann::json::parse(**text, nullptr, false);
  if (!ValidDraft(fields)) return std::optional<nlohmann::json>();  // unreadable: none
  return std::optional<nlohmann::json>(std::move(fields));
}

}  // namespace lophoc::app

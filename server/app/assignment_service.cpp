#include "server/app/assignment_service.h"

#include <nlohmann/json.hpp>

namespace lophoc::app {

using nlohmann::json;

Result<people::User> AssignmentService::Writable(const Actor& a, int64_t user_id) const {
  LOPHOC_ASSIGN_OR_RETURN(people::User u, people_->GetUser(a, user_id));
  const bool may = a.Has(people::Role::kAdmin) ||
                   (a.Has(people::Role::kManager) && people::WriteScope(a).Contains(u.org_path));
  if (!may) {
    return Status::PermissionDenied(
               "only managers of the person's unit and admins assign "
               "programmes")
        .WithReason("assignment_managers_only");
  }
  return u;
}

people::AuditEntry AssignmentService::Audit(const Actor& a, const std::string& action,
                                            const std::string& key,
                                            const std::string& details_json) const {
  people::AuditEntry e;
  e.at = FormatIso8601(clock_->Now());
  e.actor_user_id = a.user_id;
  e.actor = a.username;
  e.action = action;
  e.object_type = "programme_assignment";
  e.object_key = key;
  e.details_json = details_json;
  return e;
}

Result<courses::AssignmentRecord> AssignmentService::Assign(const Actor& a, int64_t user_id,
                                                            const AssignInput& in) {
  LOPHOC_ASSIGN_OR_RETURN(people::User u, Writable(a, user_id));
  if (in.reason.empty()) {
    return Status::InvalidArgument("say why this person follows the programme")
        .WithReason("field_required")
        .WithField("reason")
        .WithParam("field", "reason");
  }
  if (in.reason.size() > 500) {
    return Status::InvalidArgument("the reason is longer than 500 bytes")
        .WithReason("assignment_reason_too_long")
        .WithField("reason");
  }
  auto programme = programmes_->LoadProgramme(in.programme);
  if (!programme.ok()) {
    if (programme.status().code() != StatusCode::kNotFound) return programme.status();
    return Status::NotFound("no programme '" + in.programme + "'")
        .WithReason("programme_not_found")
        .WithField("programme");
  }
  if (programme->retired()) {
    return Status::Conflict("the programme is retired: nobody can be assigned it")
        .WithReason("programme_retired")
        .WithField("programme");
  }
  courses::AssignmentRecord r;
  r.user_id = u.id;
  r.programme = in.programme;
  r.starts_on = in.starts_on.value_or(LocalDateOf(clock_->Now()));
  r.reason = in.reason;
  r.assigned_by = a.user_id;
  const json details = {{"user", u.username},
                        {"programme", in.programme},
                        {"starts_on", FormatIsoDate(r.starts_on)},
                        {"reason", in.reason}};
  return store_->Assign(r, Audit(a, "programme.assign", u.username, details.dump()));
}

Result<courses::AssignmentRecord> AssignmentService::End(const Actor& a, int64_t id,
                                                         std::optional<LocalDate> last_day) {
  auto found = store_->FindAssignment(id);
  if (!found.ok()) {
    if (found.status().code() != StatusCode::kNotFound) return found.status();
    return Status::NotFound("no assignment " + std::to_string(id))
        .WithReason("assignment_not_found");
  }
  auto u = Writable(a, found->user_id);
  if (!u.ok()) {
    // Someone the actor cannot see: as if the assignment did not exist.
    if (u.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("no assignment " + std::to_string(id))
          .WithReason("assignment_not_found");
    }
    return u.status();
  }
  const LocalDate day = last_day.value_or(LocalDateOf(clock_->Now()));
  const json details = {
      {"user", u->username}, {"programme", found->programme}, {"ends_on", FormatIsoDate(day)}};
  return store_->EndAssignment(id, day, a.user_id,
                               Audit(a, "programme.unassign", u->username, details.dump()));
}

Result<std::vector<courses::AssignmentRecord>> AssignmentService::Of(const Actor& a,
                                                                     int64_t user_id) {
  LOPHOC_RETURN_IF_ERROR(people_->GetUser(a, user_id).status());
  return store_->AssignmentsOf(user_id);
}

}  // namespace lophoc::app

// Use cases open to people who are not (yet) signed in: citizens registering
// themselves, and the public computers of a site in kiosk mode.
#include <nlohmann/json.hpp>

#include "kernel/text.h"
#include "people/phone.h"
#include "server/app/people_service.h"

namespace lophoc::app {
namespace {

constexpr size_t kMaxKioskTokenChars = 128;

}  // namespace

LoginResult PeopleService::Register(const Registration& r, const std::string& client_address,
                                    const std::string& old_session_id) {
  LoginResult out;
  const std::string limiter_key = "addr:" + client_address;
  out.retry_after_seconds = registration_limiter_.RetryAfterSeconds(limiter_key);
  if (out.retry_after_seconds > 0) {
    out.status = Status::RateLimited("too many new accounts from this computer; try again later");
    return out;
  }
  people::NewUser u;
  auto username = NormalizedUsername(Trim(r.username));
  if (!username.ok()) {
    out.status = username.status();
    return out;
  }
  u.username = std::move(*username);
  u.fields.display_name = std::string(Trim(r.display_name));
  u.fields.roles = {people::Role::kLearner};
  if (people::IsVietnamesePhoneNumber(u.username)) u.fields.phone = u.username;
  for (const Status& s : {people::ValidateName("display_name", u.fields.display_name),
                          people::ValidateUsername(u.username),
                          people::CheckPasswordPolicy(r.password, u.username)}) {
    if (!s.ok()) {
      out.status = s;
      return out;
    }
  }
  // The number was typed as the username: a refusal is about that field.
  if (u.fields.phone) {
    out.status = CheckNumberFree(*u.fields.phone, std::nullopt, "username");
    if (!out.status.ok()) return out;
  }
  out.status = SpendHash(u.username, client_address, &out.retry_after_seconds);
  if (!out.status.ok()) return out;
  u.password_hash = HashPassword(r.password, options_.password_cost);
  if (u.password_hash.empty()) {
    out.status = Status::Unavailable("out of memory hashing the password");
    return out;
  }
  people::AuditEntry audit;
  audit.at = Now();
  audit.actor = u.username;
  audit.action = "user.register";
  audit.object_type = "user";
  audit.object_key = u.username;
  audit.details_json = nlohmann::json{{"display_name", u.fields.display_name}}.dump();
  auto user = store_->CreateUser(u, audit);
  if (!user.ok()) {
    out.status = user.status().code() == StatusCode::kAlreadyExists
                     ? Status::AlreadyExists("that username is taken; choose another")
                           .WithReason("username_taken")
                           .WithField("username")
                           .WithParam("value", u.username)
                     : user.status();
    return out;
  }
  registration_limiter_.RecordFailure(limiter_key);  // counts registrations, not failures
  return StartSession(std::move(*user), old_session_id);
}

Result<std::string> PeopleService::RegisterKiosk(const Actor& a, const std::string& site_code,
                                                 const std::string& label) {
  auto site = GetSite(a, site_code);
  if (!site.ok()) return site.status();
  if (!people::WriteScope(a).Contains(site->org_path)) {
    return Status::PermissionDenied("only managers and admins of this site's area set up kiosks")
        .WithReason("no_write_scope");
  }
  if (!site->kiosk) {
    return Status::Conflict("site '" + site->code +
                            "' is not marked as having public computers; mark it first")
        .WithReason("kiosk_flag_needed")
        .WithParam("value", site->code);
  }
  Status valid = people::ValidateName("label", label);
  if (!valid.ok()) return valid;
  const std::string token = "kiosk_" + RandomToken(32);
  const nlohmann::json d = {{"site", site->code}, {"label", label}};
  auto id = kiosks_->CreateKiosk(site->id, Sha256Hex(token), label,
                                Audit(a, "kiosk.create", "kiosk", "", d.dump()));
  if (!id.ok()) return id.status();
  return token;
}

Result<people::Site> PeopleService::KioskSite(const std::string& kiosk_token) {
  if (kiosk_token.empty() || kiosk_token.size() > kMaxKioskTokenChars) {
    return Status::NotFound("not a kiosk");
  }
  return kiosks_->FindKioskSite(Sha256Hex(kiosk_token));
}

Status PeopleService::StopKiosk(const std::string& kiosk_token) {
  if (kiosk_token.empty() || kiosk_token.size() > kMaxKioskTokenChars) {
    return Status::NotFound("not a kiosk");
  }
  people::AuditEntry audit;
  audit.at = Now();
  audit.actor = "kiosk";
  audit.action = "kiosk.stop";
  audit.object_type = "kiosk";
  return kiosks_->RevokeKiosk(Sha256Hex(kiosk_token), audit);
}

}  // namespace lophoc::app

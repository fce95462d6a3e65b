// Passwords, login, sessions, API tokens, the audit log and visits.
#include <nlohmann/json.hpp>

#include "server/app/people_service.h"

namespace lophoc::app {
namespace {

using courses::Role;
using courses::User;

constexpr size_t kMaxSecretChars = 128;  // longer session ids or tokens are not ours
constexpr const char* kTokenPrefix = "lophoc_";

std::string AccountKey(const std::string& username) {
  std::string k = "user:";
  for (char c : username) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

}  // namespace

std::string PeopleService::NewOneTimePassword() const {
  // Read from paper and typed by people, often on a phone: no look-alike
  // characters. It starts with a letter or digit, so a spreadsheet holding
  // the imported accounts' passwords never takes one for a formula.
  return ReadableSecret(4);
}

Status PeopleService::ChangeOwnPassword(const Actor& a, const std::string& session_id,
                                        const std::string& current, const std::string& next) {
  if (!a.user_id) return Status::InvalidArgument("the command line has no password");
  auto user = store_->FindUser(*a.user_id);
  if (!user.ok()) return user.status();
  auto creds = store_->FindUserByUsername(user->username);
  if (!creds.ok()) return creds.status();
  if (!VerifyPassword(creds->password_hash, current)) {
    return Status::InvalidArgument("the current password is wrong");
  }
  if (next == current) return Status::InvalidArgument("the new password must differ from the old");
  Status policy = courses::CheckPasswordPolicy(next, user->username);
  if (!policy.ok()) return policy;
  const std::string hash = HashPassword(next, options_.password_cost);
  if (hash.empty()) return Status::Unavailable("out of memory hashing the password");
  return store_->SetPassword(user->id, hash, false,
                             session_id.empty() ? "" : Sha256Hex(session_id),
                             Audit(a, "user.password_change", "user", user->username, "{}"));
}

Result<std::string> PeopleService::ResetPassword(const Actor& a, int64_t id) {
  auto user = UserToChange(a, id);
  if (!user.ok()) return user.status();
  const std::string one_time = NewOneTimePassword();
  // 79 random bits: the minimum argon2 cost is enough (see PasswordCost::OneTime).
  const std::string hash = HashPassword(one_time, PasswordCost::OneTime());
  if (hash.empty()) return Status::Unavailable("out of memory hashing the password");
  Status s = store_->SetPassword(id, hash, true, "",
                                 Audit(a, "user.password_reset", "user", user->username, "{}"));
  if (!s.ok()) return s;
  return one_time;
}

LoginResult PeopleService::Login(const std::string& username, const std::string& password,
                                 const std::string& client_address,
                                 const std::string& old_session_id) {
  LoginResult out;
  const std::string account_key = AccountKey(username);
  const std::string address_key = "addr:" + client_address;
  out.retry_after_seconds = std::max(account_limiter_.RetryAfterSeconds(account_key),
                                     address_limiter_.RetryAfterSeconds(address_key));
  if (out.retry_after_seconds > 0) {
    out.status = Status::RateLimited("too many failed logins; try again later");
    return out;
  }
  const Status refused = Status::Unauthenticated("wrong username or password");
  Result<courses::UserCredentials> creds = Status::NotFound("");
  if (courses::ValidateUsername(username).ok() && password.size() <= courses::kMaxPasswordBytes) {
    creds = store_->FindUserByUsername(username);
    if (!creds.ok() && creds.status().code() != StatusCode::kNotFound) {
      out.status = creds.status();
      return out;
    }
  }
  // Spend the same argon2 time whether or not the account exists.
  const bool password_ok =
      VerifyPassword(creds.ok() ? creds->password_hash : dummy_hash_, password) && creds.ok();
  // One-time passwords are hashed at the cheap cost (see PasswordCost::OneTime):
  // spend the full time anyway, so timing does not tell which accounts hold one.
  if (creds.ok() && creds->user.must_change_password) VerifyPassword(dummy_hash_, password);
  if (!password_ok || !creds->user.active) {
    account_limiter_.RecordFailure(account_key);
    address_limiter_.RecordFailure(address_key);
    out.status = refused;
    return out;
  }
  account_limiter_.Reset(account_key);
  return StartSession(std::move(creds->user), old_session_id);
}

LoginResult PeopleService::StartSession(courses::User user, const std::string& old_session_id) {
  LoginResult out;
  if (!old_session_id.empty() && old_session_id.size() <= kMaxSecretChars) {
    store_->DeleteSession(Sha256Hex(old_session_id));
  }
  const auto now = clock_->Now();
  courses::SessionRecord rec;
  out.session.session_id = RandomToken(32);
  rec.id_hash = Sha256Hex(out.session.session_id);
  rec.user_id = user.id;
  rec.csrf_token = RandomToken(32);
  rec.created_at = rec.last_seen_at = FormatIso8601(now);
  rec.expires_at = FormatIso8601(now + options_.session_idle);
  Status s = store_->CreateSession(rec);
  if (s.ok()) s = store_->RecordLogin(rec.user_id, rec.created_at);
  if (!s.ok()) {
    out.status = s;
    out.session = {};
    return out;
  }
  out.session.csrf_token = rec.csrf_token;
  out.session.expires_at = rec.expires_at;
  out.session.user = std::move(user);
  out.session.user.last_login_at = rec.created_at;
  return out;
}

Result<SessionInfo> PeopleService::ResumeSession(const std::string& session_id) {
  const Status none = Status::Unauthenticated("not signed in");
  if (session_id.empty() || session_id.size() > kMaxSecretChars) return none;
  const std::string hash = Sha256Hex(session_id);
  auto rec = store_->FindSession(hash);
  if (!rec.ok()) return rec.status().code() == StatusCode::kNotFound ? none : rec.status();
  const auto now = clock_->Now();
  if (rec->expires_at <= FormatIso8601(now)) {
    store_->DeleteSession(hash);
    return Status::Unauthenticated("the session has expired; sign in again");
  }
  auto user = store_->FindUser(rec->user_id);
  if (!user.ok() || !user->active) {
    store_->DeleteSession(hash);
    return none;
  }
  SessionInfo info;
  info.csrf_token = rec->csrf_token;
  info.user = std::move(*user);
  // Slide the expiry at most once a minute: a page view is then a read, not
  // a write, and the idle timeout is kept to within a minute.
  const std::string now_text = FormatIso8601(now);
  if (rec->last_seen_at.compare(0, 16, now_text, 0, 16) == 0) {
    info.expires_at = rec->expires_at;
    return info;
  }
  info.expires_at = FormatIso8601(now + options_.session_idle);
  Status s = store_->TouchSession(hash, now_text, info.expires_at);
  if (!s.ok()) return s;
  return info;
}

Status PeopleService::Logout(const std::string& session_id) {
  if (session_id.empty() || session_id.size() > kMaxSecretChars) return Status::Ok();
  return store_->DeleteSession(Sha256Hex(session_id));
}

Result<int64_t> PeopleService::PurgeExpiredSessions() {
  return store_->DeleteExpiredSessions(Now());
}

Result<NewApiToken> PeopleService::CreateApiToken(const Actor& a, int64_t user_id,
                                                  const std::string& name) {
  if (a.user_id != user_id && !a.Has(Role::kAdmin)) {
    return Status::PermissionDenied("API tokens are made by their owner");
  }
  Status valid = courses::ValidateName("token name", name);
  if (!valid.ok()) return valid;
  auto user = store_->FindUser(user_id);
  if (!user.ok()) return user.status();
  if (!user->active) return Status::Conflict("the account '" + user->username + "' is disabled");
  NewApiToken out;
  out.secret = kTokenPrefix + RandomToken(32);
  const nlohmann::json d = {{"user", user->username}, {"name", name}};
  auto token = store_->CreateApiToken(user_id, name, Sha256Hex(out.secret), Now(),
                                      Audit(a, "api_token.create", "api_token", "", d.dump()));
  if (!token.ok()) return token.status();
  out.token = std::move(*token);
  return out;
}

Status PeopleService::RevokeApiToken(const Actor& a, int64_t token_id) {
  auto token = store_->FindApiTokenById(token_id);
  if (!token.ok()) return token.status();
  if (a.user_id != token->user_id && !a.Has(Role::kAdmin)) {
    return Status::NotFound("API token not found");
  }
  return store_->RevokeApiToken(
      token_id, Now(),
      Audit(a, "api_token.revoke", "api_token", std::to_string(token_id), "{}"));
}

Result<std::vector<courses::ApiToken>> PeopleService::ListApiTokens(const Actor& a,
                                                                    int64_t user_id) {
  if (a.user_id != user_id && !a.Has(Role::kAdmin)) {
    return Status::PermissionDenied("API tokens are seen by their owner");
  }
  return store_->ListApiTokens(user_id);
}

Result<User> PeopleService::AuthenticateBearer(const std::string& token) {
  const Status invalid = Status::Unauthenticated("invalid or revoked API token");
  if (token.empty() || token.size() > kMaxSecretChars) return invalid;
  // The lookup is by SHA-256 of the token: timing reveals nothing usable.
  auto t = store_->FindApiToken(Sha256Hex(token));
  if (!t.ok()) return t.status().code() == StatusCode::kNotFound ? invalid : t.status();
  if (!t->revoked_at.empty()) return invalid;
  auto user = store_->FindUser(t->user_id);
  if (!user.ok() || !user->active) return invalid;
  const std::string now = Now();
  if (t->last_used_at.compare(0, 16, now, 0, 16) != 0) {  // at most one write a minute
    Status s = store_->TouchApiToken(t->id, now);
    if (!s.ok()) return s;
  }
  return user;
}

Result<courses::Page<courses::AuditEntry>> PeopleService::ListAudit(const Actor& a, int limit,
                                                                     int64_t offset) {
  if (!a.Has(Role::kAdmin)) return Status::PermissionDenied("only admins read the audit log");
  return store_->ListAudit(std::clamp(limit, 1, 500), std::max<int64_t>(offset, 0));
}

}  // namespace lophoc::app

// Passwords, login, sessions, API tokens, the audit log and visits.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "kernel/text.h"
#include "server/app/log.h"
#include "server/app/people_service.h"

namespace lophoc::app {
namespace {

using people::Role;
using people::User;

constexpr size_t kMaxSecretChars = 128;  // longer session ids or tokens are not ours
constexpr const char* kTokenPrefix = "lophoc_";

std::string AccountKey(const std::string& username) { return "user:" + AsciiLower(username); }

std::string AddressKey(const std::string& client_address) { return "addr:" + client_address; }

std::string PairKey(const std::string& username, const std::string& client_address) {
  return AccountKey(username) + " " + AddressKey(client_address);
}

}  // namespace

uint64_t SessionCache::Epoch() const {
  std::lock_guard<std::mutex> lock(mu_);
  return epoch_;
}

std::optional<SessionInfo> SessionCache::Find(const std::string& id_hash, TimePoint now) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id_hash);
  if (it == entries_.end() || it->second.until <= now) return std::nullopt;
  return it->second.info;
}

void SessionCache::Keep(uint64_t epoch, const std::string& id_hash, const SessionInfo& info,
                        TimePoint expires, TimePoint now) {
  if (ttl_.count() <= 0 || max_entries_ == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (epoch != epoch_) return;  // a write came after the read: the answer may be stale
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_[id_hash] = Entry{info, std::min(expires, now + ttl_)};
}

void SessionCache::Forget() {
  std::lock_guard<std::mutex> lock(mu_);
  ++epoch_;
  entries_.clear();
}

size_t SessionCache::entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

int PeopleService::PasswordRetryAfter(const std::string& username,
                                      const std::string& client_address) {
  int wait = std::max(pair_limiter_.RetryAfterSeconds(PairKey(username, client_address)),
                      address_limiter_.RetryAfterSeconds(AddressKey(client_address)));
  // A stranger's guesses slow the account down everywhere except where its
  // owner signs in from, so they can never lock the owner out.
  if (!known_addresses_.Contains(PairKey(username, client_address))) {
    wait = std::max(wait, account_delay_.RetryAfterSeconds(AccountKey(username)));
  }
  return wait;
}

void PeopleService::RecordWrongPassword(const std::string& username,
                                        const std::string& client_address) {
  pair_limiter_.RecordFailure(PairKey(username, client_address));
  address_limiter_.RecordFailure(AddressKey(client_address));
  account_delay_.RecordFailure(AccountKey(username));
}

void PeopleService::RecordRightPassword(const std::string& username,
                                        const std::string& client_address) {
  pair_limiter_.Reset(PairKey(username, client_address));
  known_addresses_.Remember(PairKey(username, client_address));
}

Status PeopleService::SpendHash(const std::string& username, const std::string& client_address,
                                int* retry_after) {
  const int wait = std::max(account_hashes_.RetryAfterSeconds(AccountKey(username)),
                            address_hashes_.RetryAfterSeconds(AddressKey(client_address)));
  if (wait > 0) {
    if (retry_after != nullptr) *retry_after = wait;
    return Status::RateLimited("too many password checks for this account or computer; try "
                               "again later");
  }
  account_hashes_.RecordFailure(AccountKey(username));
  address_hashes_.RecordFailure(AddressKey(client_address));
  return Status::Ok();
}

size_t PeopleService::LimiterKeys() {
  return std::max({pair_limiter_.size(), address_limiter_.size(), account_delay_.size(),
                   account_hashes_.size(), address_hashes_.size()});
}

bool PeopleService::EndCredentialAfterFailures(const Actor& a, const std::string& session_id) {
  std::string key;
  if (a.api_token_id) {
    key = "token:" + std::to_string(*a.api_token_id);
  } else if (!session_id.empty() && session_id.size() <= kMaxSecretChars) {
    key = "session:" + Sha256Hex(session_id);
  } else {
    return false;
  }
  credential_failures_.RecordFailure(key);
  if (credential_failures_.RetryAfterSeconds(key) == 0) return false;
  credential_failures_.Reset(key);
  if (a.api_token_id) {
    const nlohmann::json d = {{"reason", "wrong current passwords"}};
    sessions_->RevokeApiToken(*a.api_token_id, Now(),
                           Audit(a, "api_token.revoke", "api_token",
                                 std::to_string(*a.api_token_id), d.dump()));
  } else {
    sessions_->DeleteSession(Sha256Hex(session_id));
    session_cache_.Forget();
  }
  return true;
}

LimitedStatus PeopleService::ChangeOwnPassword(const Actor& a, const std::string& session_id,
                                               const std::string& client_address,
                                               const std::string& current,
                                               const std::string& next) {
  LimitedStatus out;
  if (!a.user_id) {
    out.status = Status::InvalidArgument("the command line has no password");
    return out;
  }
  auto user = store_->FindUser(*a.user_id);
  if (!user.ok()) {
    out.status = user.status();
    return out;
  }
  out.retry_after_seconds = PasswordRetryAfter(user->username, client_address);
  if (out.retry_after_seconds > 0) {
    out.status = Status::RateLimited("too many wrong passwords; try again later");
    return out;
  }
  out.status = SpendHash(user->username, client_address, &out.retry_after_seconds);
  if (!out.status.ok()) return out;
  auto creds = store_->FindUserByUsername(user->username);
  if (!creds.ok()) {
    out.status = creds.status();
    return out;
  }
  if (current.size() > people::kMaxPasswordBytes ||
      !VerifyPassword(creds->password_hash, current)) {
    RecordWrongPassword(user->username, client_address);
    if (EndCredentialAfterFailures(a, session_id)) {
      out.status = Status::Unauthenticated(
                       "too many wrong current passwords: this session has ended; sign in again")
                       .WithReason("session_ended");
      return out;
    }
    out.status = Status::InvalidArgument("the current password is wrong")
                     .WithReason("current_password_wrong")
                     .WithField("current_password");
    return out;
  }
  RecordRightPassword(user->username, client_address);
  if (next == current) {
    out.status = Status::InvalidArgument("the new password must differ from the old")
                     .WithReason("password_same")
                     .WithField("new_password");
    return out;
  }
  out.status = people::CheckPasswordPolicy(next, user->username);
  if (!out.status.ok()) return out;
  const std::string hash = HashPassword(next, options_.password_cost);
  if (hash.empty()) {
    out.status = Status::Unavailable("out of memory hashing the password");
    return out;
  }
  // Through a token no session is kept: the change ends every one of them.
  const std::string keep =
      session_id.empty() || a.api_token_id ? "" : Sha256Hex(session_id);
  out.status = store_->SetPassword(user->id, hash, false, keep,
                                   Audit(a, "user.password_change", "user", user->username, "{}"));
  session_cache_.Forget();  // the account's other sessions have ended
  return out;
}

Result<std::string> PeopleService::ResetPassword(const Actor& a, int64_t id,
                                                 const std::string& client_address,
                                                 int* retry_after_seconds) {
  auto user = UserToChange(a, id);
  if (!user.ok()) return user.status();
  Status spent = SpendHash(a.username, client_address, retry_after_seconds);
  if (!spent.ok()) return spent;
  const std::string one_time = NewOneTimePassword();
  // 79 random bits: the minimum argon2 cost is enough (see PasswordCost::OneTime).
  const std::string hash = HashPassword(one_time, PasswordCost::OneTime());
  if (hash.empty()) return Status::Unavailable("out of memory hashing the password");
  Status s = store_->SetPassword(id, hash, true, "",
                                 Audit(a, "user.password_reset", "user", user->username, "{}"));
  session_cache_.Forget();  // the account's sessions have ended
  if (!s.ok()) return s;
  return one_time;
}

LoginResult PeopleService::Login(const std::string& typed, const std::string& password,
                                 const std::string& client_address,
                                 const std::string& old_session_id) {
  LoginResult out;
  Result<people::UserCredentials> creds = Status::NotFound("");
  if (password.size() <= people::kMaxPasswordBytes) {
    creds = FindSignInAccount(typed);
    if (!creds.ok() && creds.status().code() != StatusCode::kNotFound) {
      out.status = creds.status();
      return out;
    }
  }
  // Every spelling of one account counts against that account's limits.
  const std::string username =
      creds.ok() ? creds->user.username : people::CanonicalUsername(typed);
  out.retry_after_seconds = PasswordRetryAfter(username, client_address);
  if (out.retry_after_seconds > 0) {
    out.status = Status::RateLimited("too many failed logins; try again later");
    return out;
  }
  out.status = SpendHash(username, client_address, &out.retry_after_seconds);
  if (!out.status.ok()) return out;
  const Status refused =
      Status::Unauthenticated("wrong username or password").WithReason("login_failed");
  // Spend the same argon2 time whether or not the account exists.
  const bool password_ok =
      VerifyPassword(creds.ok() ? creds->password_hash : dummy_hash_, password) && creds.ok();
  // One-time passwords are hashed at the cheap cost (see PasswordCost::OneTime):
  // spend the full time anyway, so timing does not tell which accounts hold one.
  if (creds.ok() && creds->user.must_change_password) VerifyPassword(dummy_hash_, password);
  if (!password_ok || !creds->user.active) {
    RecordWrongPassword(username, client_address);
    out.status = refused;
    return out;
  }
  RecordRightPassword(username, client_address);
  // A hash made at an older cost (libsodium's 64 MiB before issue 17) is
  // made again at today's, once, while the password is at hand. A failure
  // only leaves the old hash, which still verifies.
  if (!creds->user.must_change_password &&
      NeedsRehash(creds->password_hash, options_.password_cost)) {
    const std::string rehashed = HashPassword(password, options_.password_cost);
    if (!rehashed.empty()) {
      const Status kept =
          store_->UpgradePasswordHash(creds->user.id, creds->password_hash, rehashed);
      if (!kept.ok()) {
        Log(LogLevel::kWarn, "password hash not upgraded", {{"error", kept.ToString()}});
      }
    }
  }
  return StartSession(std::move(creds->user), old_session_id);
}

std::string PeopleService::NewOneTimePassword() const {
  // Read from paper and typed by people, often on a phone: no look-alike
  // characters. It starts with a letter or digit, so a spreadsheet holding
  // the imported accounts' passwords never takes one for a formula.
  return ReadableSecret(4);
}

LoginResult PeopleService::StartSession(people::User user, const std::string& old_session_id) {
  LoginResult out;
  if (!old_session_id.empty() && old_session_id.size() <= kMaxSecretChars) {
    sessions_->DeleteSession(Sha256Hex(old_session_id));
  }
  const auto now = clock_->Now();
  people::SessionRecord rec;
  out.session.session_id = RandomToken(32);
  rec.id_hash = Sha256Hex(out.session.session_id);
  rec.user_id = user.id;
  rec.csrf_token = RandomToken(32);
  rec.created_at = rec.last_seen_at = FormatIso8601(now);
  rec.expires_at = FormatIso8601(now + options_.session_idle);
  Status s = sessions_->CreateSession(rec);
  if (s.ok()) s = store_->RecordLogin(rec.user_id, rec.created_at);
  session_cache_.Forget();  // the old session has ended; the account's last login moved
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
  const auto now = clock_->Now();
  if (auto kept = session_cache_.Find(hash, now)) return *kept;
  const uint64_t epoch = session_cache_.Epoch();  // before the reads
  auto rec = sessions_->FindSession(hash);
  if (!rec.ok()) return rec.status().code() == StatusCode::kNotFound ? none : rec.status();
  const auto expires = ParseIso8601(rec->expires_at);
  if (!expires || *expires <= now) {  // an unreadable expiry has passed
    sessions_->DeleteSession(hash);
    return Status::Unauthenticated("the session has expired; sign in again");
  }
  auto user = store_->FindUser(rec->user_id);
  if (!user.ok() || !user->active) {
    sessions_->DeleteSession(hash);
    return none;
  }
  SessionInfo info;
  info.csrf_token = rec->csrf_token;
  info.user = std::move(*user);
  // Slide the expiry at most once a minute: a page view is then a read, not
  // a write, and the idle timeout is kept to within a minute.
  const std::string now_text = FormatIso8601(now);
  const auto last_seen = ParseIso8601(rec->last_seen_at);
  if (last_seen && std::chrono::floor<std::chrono::minutes>(*last_seen) ==
                       std::chrono::floor<std::chrono::minutes>(now)) {
    info.expires_at = rec->expires_at;
    session_cache_.Keep(epoch, hash, info, *expires, now);
    return info;
  }
  const auto slid = now + options_.session_idle;
  info.expires_at = FormatIso8601(slid);
  Status s = sessions_->TouchSession(hash, now_text, info.expires_at);
  if (s.code() == StatusCode::kUnavailable) {
    // The database takes no write now (busy, its disk full, read-only): the
    // session goes on as it was, so that people can still read.
    info.expires_at = rec->expires_at;
    return info;
  }
  if (!s.ok()) return s;
  session_cache_.Keep(epoch, hash, info, slid, now);
  return info;
}

Status PeopleService::Logout(const std::string& session_id) {
  if (session_id.empty() || session_id.size() > kMaxSecretChars) return Status::Ok();
  Status s = sessions_->DeleteSession(Sha256Hex(session_id));
  session_cache_.Forget();
  return s;
}

Result<int64_t> PeopleService::PurgeExpiredSessions() {
  auto purged = sessions_->DeleteExpiredSessions(Now());
  session_cache_.Forget();
  return purged;
}

Result<NewApiToken> PeopleService::CreateApiToken(const Actor& a, int64_t user_id,
                                                  const std::string& name) {
  if (a.user_id != user_id && !a.Has(Role::kAdmin)) {
    return Status::PermissionDenied("API tokens are made by their owner")
        .WithReason("token_owner_only");
  }
  // A leaked token must not be able to make itself a successor.
  if (a.api_token_id) {
    return Status::PermissionDenied("API tokens are made from a signed-in session, not a token")
        .WithReason("token_from_token");
  }
  Status valid = people::ValidateName("token name", name);
  if (!valid.ok()) return valid.RenameField("name");  // the input is "name"
  auto user = store_->FindUser(user_id);
  if (!user.ok()) return user.status();
  if (!user->active) {
    return Status::Conflict("the account '" + user->username + "' is disabled")
        .WithReason("account_disabled");
  }
  NewApiToken out;
  out.secret = kTokenPrefix + RandomToken(32);
  const nlohmann::json d = {{"user", user->username}, {"name", name}};
  auto token = sessions_->CreateApiToken(user_id, name, Sha256Hex(out.secret), Now(),
                                      Audit(a, "api_token.create", "api_token", "", d.dump()));
  if (!token.ok()) return token.status();
  out.token = std::move(*token);
  return out;
}

Status PeopleService::RevokeApiToken(const Actor& a, int64_t token_id) {
  const Status not_found = ApiTokenNotFound();
  auto token = sessions_->FindApiTokenById(token_id);
  if (!token.ok()) {
    return token.status().code() == StatusCode::kNotFound ? not_found : token.status();
  }
  if (a.user_id != token->user_id && !a.Has(Role::kAdmin)) return not_found;
  return sessions_->RevokeApiToken(
      token_id, Now(),
      Audit(a, "api_token.revoke", "api_token", std::to_string(token_id), "{}"));
}

Result<std::vector<people::ApiToken>> PeopleService::ListApiTokens(const Actor& a,
                                                                    int64_t user_id) {
  if (a.user_id != user_id && !a.Has(Role::kAdmin)) {
    return Status::PermissionDenied("API tokens are seen by their owner")
        .WithReason("token_owner_only");
  }
  return sessions_->ListApiTokens(user_id);
}

Result<User> PeopleService::AuthenticateBearer(const std::string& token, int64_t* token_id) {
  const Status invalid =
      Status::Unauthenticated("invalid or revoked API token").WithReason("api_token_invalid");
  if (token.empty() || token.size() > kMaxSecretChars) return invalid;
  // The lookup is by SHA-256 of the token: timing reveals nothing usable.
  auto t = sessions_->FindApiToken(Sha256Hex(token));
  if (!t.ok()) return t.status().code() == StatusCode::kNotFound ? invalid : t.status();
  if (!t->revoked_at.empty()) return invalid;
  auto user = store_->FindUser(t->user_id);
  if (!user.ok() || !user->active) return invalid;
  const auto now = clock_->Now();
  const auto last_used = ParseIso8601(t->last_used_at);
  if (!last_used || std::chrono::floor<std::chrono::minutes>(*last_used) !=
                        std::chrono::floor<std::chrono::minutes>(now)) {  // one write a minute
    Status s = sessions_->TouchApiToken(t->id, FormatIso8601(now));
    // Unavailable (busy, disk full, read-only): the token still reads.
    if (!s.ok() && s.code() != StatusCode::kUnavailable) return s;
  }
  if (token_id != nullptr) *token_id = t->id;
  return user;
}

Result<people::Page<people::AuditEntry>> PeopleService::ListAudit(const Actor& a, int limit,
                                                                     int64_t offset) {
  if (!a.Has(Role::kAdmin)) {
    return Status::PermissionDenied("only admins read the audit log")
        .WithReason("audit_admin_only");
  }
  return audit_->ListAudit(std::clamp(limit, 1, 500), std::max<int64_t>(offset, 0));
}

}  // namespace lophoc::app

// PeopleService: the use cases of people and places — org units, sites and
// accounts within the actor's scope, passwords, login with rate limiting,
// sessions, API tokens, the audit log and visits. No HTTP, no SQL.
//
// Every call that reads or changes people data takes the Actor doing it and
// applies the scope rule of people/people.h. An object outside the actor's
// read scope is reported as NotFound (its existence is not revealed); an
// object the actor may see but not change gives PermissionDenied.
//
// Secrets: raw session ids and API tokens are returned once, to be handed to
// the client; only their SHA-256 is stored. Passwords are stored as argon2id.
// Nothing secret is written to the audit log or returned in error messages.
//
// A refusal people will read carries a stable reason, the input field it is
// about (named as in OrgUnitInput, SiteInput and UserInput) and the values it
// names as parameters (server/http/refusals.cpp lists every reason).
//
// Thread-safe when the stores are (the login limiters are internally locked).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kernel/clock.h"
#include "people/people.h"
#include "people/people_store.h"
#include "server/app/crypto.h"
#include "server/app/login_limiter.h"

namespace lophoc::app {

using people::Actor;

struct PeopleOptions {
  std::chrono::minutes session_idle{60};  // a session ends after this long unused
  // How long a session found in the database may be taken from memory (0: never).
  // Changes made through this service take effect at once whatever this is;
  // it bounds how late a change by another process (the CLI, another server
  // on the same database) or another service's write to an account is seen.
  std::chrono::seconds session_cache_ttl{2};
  // Wrong passwords (login and password change share one count, see
  // docs/people.md "Sign-in limits"): per account and client address pair...
  int max_login_failures = 5;
  // ...per client address over all accounts: higher, since a library's public
  // computers share one address and one person's mistakes must not lock out
  // the room...
  int max_address_failures = 30;
  std::chrono::minutes failure_window{15};  // ...within this window.
  // Per account from anywhere: after this many failures each further attempt
  // waits 1 s, 2 s, 4 s, ... up to account_max_delay (from addresses the
  // account has not signed in from lately); forgotten after an hour without one.
  int account_free_failures = 10;
  std::chrono::seconds account_max_delay{300};
  std::chrono::minutes account_failure_window{60};
  std::chrono::hours known_address_ttl{24 * 30};  // an address an account signed in from
  // Wrong current passwords from one session (or API token) before it ends.
  int max_session_password_failures = 5;
  // Password hashes (login, registration, password change and reset) per
  // account and per client address within hash_window.
  int max_hashes_per_account = 20;
  int max_hashes_per_address = 120;
  std::chrono::seconds hash_window{60};
  size_t max_limiter_keys = kDefaultMaxLimiterKeys;  // per limiter table
  int max_registrations = 20;             // per client address (a library's NAT)...
  std::chrono::minutes registration_window{60};  // ...within this window
  PasswordCost password_cost = PasswordCost::Interactive();
};

// Raw input as it comes from a form, JSON body or CSV row; validated here.
struct OrgUnitInput {
  std::string code;
  std::string name;
  std::string level;   // "province", ...
  std::string parent;  // a code; empty: a root (admins only)
};
struct OrgUnitPatch {
  std::optional<std::string> name, level, parent;
};
struct SiteInput {
  std::string code;
  std::string name;
  std::string type;  // "commune_library", ...
  std::string org;   // a code
  bool kiosk = false;
};
struct SitePatch {
  std::optional<std::string> name, type, org;
  std::optional<bool> kiosk;
};
struct UserInput {
  std::string username;
  std::string display_name;
  std::optional<std::string> phone;
  std::vector<people::Role> roles;
  std::string org;   // a code; empty: none (citizens)
  std::string site;  // a code; empty: none
  std::string staff_category;
  bool active = true;
  std::string email;  // empty: none
};
struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::optional<std::string>> phone;
  std::optional<std::vector<people::Role>> roles;
  std::optional<std::string> org, site, staff_category;  // "" clears
  std::optional<bool> active;
  std::optional<std::string> email;  // "" clears
};

struct CreatedUser {
  people::User user;
  std::string one_time_password;  // set when one was generated: show it once
};

// A signed-in browser session. `session_id` is the cookie value; it is
// returned by Login only (afterwards only its hash is known).
struct SessionInfo {
  std::string session_id;
  std::string csrf_token;  // echo in a form field / X-CSRF-Token header
  std::string expires_at;
  people::User user;
};

// How many sessions PeopleService keeps in memory at most.
inline constexpr size_t kMaxCachedSessions = 4096;

// SessionCache: what ResumeSession found lately, by the SHA-256 of the
// session id, so that a signed-in page costs no database read to say who
// asks. Every write of this service to accounts, org units, sites or
// sessions empties it (Forget, called after the write), so logout, disabling
// an account and password changes and resets take effect on the next request;
// an entry lives at most `ttl` and never past the session's expiry. An
// answer read before a Forget is not kept (epochs). Bounded: a Keep past
// `max_entries` empties it first. Thread-safe.
class SessionCache {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  SessionCache(std::chrono::seconds ttl, size_t max_entries)
      : ttl_(ttl), max_entries_(max_entries) {}

  // Read before the database: Keep stores only when no Forget came since.
  uint64_t Epoch() const;
  std::optional<SessionInfo> Find(const std::string& id_hash, TimePoint now) const;
  void Keep(uint64_t epoch, const std::string& id_hash, const SessionInfo& info, TimePoint expires,
            TimePoint now);
  void Forget();
  size_t entries() const;

 private:
  struct Entry {
    SessionInfo info;
    TimePoint until;  // the earlier of the session's expiry and the ttl
  };
  const std::chrono::seconds ttl_;
  const size_t max_entries_;
  mutable std::mutex mu_;
  uint64_t epoch_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

// The answer of a use case that may be rate limited.
struct LimitedStatus {
  Status status;
  int retry_after_seconds = 0;  // > 0 when status is RateLimited
};

struct LoginResult {
  Status status;                // Unauthenticated, or RateLimited
  int retry_after_seconds = 0;  // > 0 when rate limited
  SessionInfo session;          // when status.ok()
};

// What a citizen gives to register: the least that works.
struct Registration {
  std::string display_name;
  std::string username;  // a username, or a phone number (then also kept as the phone)
  std::string password;
};

struct NewApiToken {
  people::ApiToken token;
  std::string secret;  // the bearer token: shown once, never stored
};

// One item of a batch (a CSV import) and the line of the file it comes from,
// which refusals name (parameter "line").
template <typename Input>
struct BatchItem {
  size_t line = 0;
  Input input;
};
// An account to create in a batch: its fields, and its password (empty: a
// one-time password is generated).
struct NewAccount {
  UserInput user;
  std::string password;
};
struct BatchOptions {
  bool dry_run = false;  // check everything, write nothing, hash no password
  std::string source;    // where the batch comes from, for the audit log ("csv")
  // Called once per item checked and, on a real run of accounts, once per
  // password hashed.
  std::function<void()> step;
};
struct OneTimePassword {
  std::string username;
  std::string password;
};
// A refused item: its line, and why (reason, field and parameters, "line"
// among them).
struct BatchRefusal {
  size_t line = 0;
  Status why;
};
struct BatchReport {
  std::vector<BatchRefusal> refused;  // every refused item, in line order
  size_t created = 0;  // items written (0 on a dry run or when one is refused)
  // Generated for each account given no password (real runs only): show once.
  std::vector<OneTimePassword> one_time_passwords;
};

// The refusals for an account (`id` as given) and an API token that do not
// exist or are not the actor's to see; handlers give the same for an id that
// is no number.
Status UserNotFound(const std::string& id);
Status ApiTokenNotFound();

class PeopleService {
 public:
  // Uses the directory, sessions, kiosks and audit of `stores` (not the visits).
  PeopleService(const people::PeopleStores& stores, const Clock* clock,
                PeopleOptions options = {});

  // Org units. Admins anywhere (roots too); managers only below a unit of
  // their subtree, and never their own unit. Codes cannot change.
  Result<people::OrgUnit> CreateOrgUnit(const Actor& a, const OrgUnitInput& in);
  Result<people::OrgUnit> UpdateOrgUnit(const Actor& a, const std::string& code,
                                         const OrgUnitPatch& p);
  Result<people::OrgUnit> GetOrgUnit(const Actor& a, const std::string& code);
  // `org` empty: everything the actor sees; else that unit's subtree.
  Result<people::Page<people::OrgUnit>> ListOrgUnits(const Actor& a, const std::string& org,
                                                       int limit, int64_t offset);

  // Sites: within the actor's write scope (old and new org unit alike).
  Result<people::Site> CreateSite(const Actor& a, const SiteInput& in);
  Result<people::Site> UpdateSite(const Actor& a, const std::string& code, const SitePatch& p);
  Result<people::Site> GetSite(const Actor& a, const std::string& code);
  Result<people::Page<people::Site>> ListSites(const Actor& a, const std::string& org, int limit,
                                                 int64_t offset);

  // Accounts. A manager places accounts in their subtree and never grants
  // admin nor changes an admin. `password` empty: a one-time password is
  // generated and must be changed at first login.
  Result<CreatedUser> CreateUser(const Actor& a, const UserInput& in, const std::string& password);
  // The very first admin (CLI): refused with Conflict when an active admin
  // exists, unless `force`.
  Result<CreatedUser> CreateFirstAdmin(const UserInput& in, const std::string& password,
                                       bool force);
  // The signed-in person's own email address (for reminders; "" clears)
  // and reminders' language ("vi" or "en"). InvalidArgument (email_invalid,
  // language_invalid); PermissionDenied for the command line.
  Status SetOwnContact(const Actor& a, const std::string& email, const std::string& language);
  Result<people::User> UpdateUser(const Actor& a, int64_t id, const UserPatch& p);
  Result<people::User> SetUserActive(const Actor& a, int64_t id, bool active);
  Result<people::User> GetUser(const Actor& a, int64_t id);
  // Looks an account up by username, within the actor's read scope (NotFound outside).
  Result<people::User> GetUserByName(const Actor& a, const std::string& username);
  // Accounts sharing a phone number (through their phone or a username that
  // is a number), grouped by number: what migration 0011 could not settle
  // without merging. Admins (and the command line) only, else admin_area_only.
  Result<std::vector<people::PhoneClaim>> PhoneCollisions(const Actor& a);
  // `query` non-empty: only accounts whose username, display name or phone
  // holds it (a phone number in any spelling: its +84 spelling).
  Result<people::Page<people::User>> ListUsers(const Actor& a, const std::string& org, int limit,
                                                 int64_t offset, const std::string& query = "");

  // Passwords. Change: the actor's own, proving the current one, from
  // `client_address`. A wrong current password counts like a failed login
  // (same limits: RateLimited with retry_after_seconds), and the
  // max_session_password_failures-th wrong one from the same session or API
  // token ends it (Unauthenticated). On success every other session and every
  // API token of the account end; `session_id` (may be empty) stays.
  LimitedStatus ChangeOwnPassword(const Actor& a, const std::string& session_id,
                                  const std::string& client_address, const std::string& current,
                                  const std::string& next);
  // Reset by someone who may change the account: returns a one-time password
  // to hand over; the account must change it at next login; its sessions and
  // API tokens end. RateLimited (with *retry_after_seconds when given) when
  // the actor or `client_address` hashed too many passwords lately.
  Result<std::string> ResetPassword(const Actor& a, int64_t id, const std::string& client_address,
                                    int* retry_after_seconds = nullptr);

  // Login: the same Unauthenticated answer for an unknown username, a wrong
  // password and a disabled account, with argon2 time spent in every case.
  // Rate limited (docs/people.md "Sign-in limits"): failures per account and
  // `client_address` pair, per address, a growing delay per account from
  // addresses it has not signed in from, and hashes per account and address.
  // On success a new session is made and `old_session_id` (if any) is ended:
  // ids rotate.
  LoginResult Login(const std::string& username, const std::string& password,
                    const std::string& client_address, const std::string& old_session_id);
  // The session behind a cookie value, sliding its expiry. Unauthenticated
  // when unknown, expired or the account is disabled. `session_id` is empty
  // in the answer.
  Result<SessionInfo> ResumeSession(const std::string& session_id);
  // The sessions kept in memory (for tests).
  size_t cached_sessions() const { return session_cache_.entries(); }
  Status Logout(const std::string& session_id);
  // Deletes the sessions that expired; returns how many (housekeeping).
  Result<int64_t> PurgeExpiredSessions();

  // API tokens: made by their owner (or an admin) from a signed-in session or
  // the command line, never through another token (PermissionDenied); revoked
  // by their owner (or an admin).
  Result<NewApiToken> CreateApiToken(const Actor& a, int64_t user_id, const std::string& name);
  Status RevokeApiToken(const Actor& a, int64_t token_id);
  Result<std::vector<people::ApiToken>> ListApiTokens(const Actor& a, int64_t user_id);
  // The active account behind an "Authorization: Bearer" token, and the
  // token's id in *token_id when given. Unauthenticated.
  Result<people::User> AuthenticateBearer(const std::string& token, int64_t* token_id = nullptr);

  // Audit log, newest first: admins only.
  Result<people::Page<people::AuditEntry>> ListAudit(const Actor& a, int limit, int64_t offset);

  // Batches: new org units, sites or accounts, each item checked with the
  // rules and scope of CreateOrgUnit, CreateSite or CreateUser, plus what a
  // batch adds: codes and usernames new and unique within the batch (case
  // ignored: csv_duplicate), and sites and accounts refer only to what is
  // already in the database (csv_not_in_db). Org units may name parents from
  // the same batch, in any order (csv_parent_missing, csv_parent_cycle).
  // Everything is written in one transaction, with one audit row per object,
  // only when no item is refused and not on a dry run. Non-OK only when the
  // actor may change nothing (PermissionDenied) or the store fails (then
  // nothing is written).
  Result<BatchReport> CreateOrgUnits(const Actor& a,
                                     const std::vector<BatchItem<OrgUnitInput>>& items,
                                     const BatchOptions& options);
  Result<BatchReport> CreateSites(const Actor& a, const std::vector<BatchItem<SiteInput>>& items,
                                  const BatchOptions& options);
  Result<BatchReport> CreateUsers(const Actor& a, const std::vector<BatchItem<NewAccount>>& items,
                                  const BatchOptions& options);

  // Self-registration of a citizen: a learner account outside the org tree,
  // signed in at once (the new session as Login gives it). Rate limited per
  // `client_address` (RateLimited with retry_after_seconds).
  LoginResult Register(const Registration& r, const std::string& client_address,
                       const std::string& old_session_id);

  // Kiosks. RegisterKiosk (managers and admins within their write scope, for
  // a site whose kiosk flag is set) returns the cookie value, shown once.
  Result<std::string> RegisterKiosk(const Actor& a, const std::string& site_code,
                                    const std::string& label);
  // The site of a kiosk cookie; NotFound when unknown or revoked.
  Result<people::Site> KioskSite(const std::string& kiosk_token);
  // Ends kiosk mode for the browser holding `kiosk_token` (anyone at it may).
  Status StopKiosk(const std::string& kiosk_token);

  // Keys held by the largest rate-limit table (each is bounded by
  // PeopleOptions::max_limiter_keys): for tests and monitoring.
  size_t LimiterKeys();
  const PeopleOptions& options() const { return options_; }

 private:
  // Checks and builds what CreateUser would store (hashing the password only
  // when `hash_password`); reads the store to place `in.org`/`in.site`.
  // `*one_time` receives a generated password when `password` is empty.
  Result<people::NewUser> PrepareUser(const Actor& a, const UserInput& in,
                                       const std::string& password, bool hash_password,
                                       std::string* one_time);
  // The checks of a new or changed org unit whose parent (in.parent) lies at
  // `parent_path`, and of a site whose org unit lies at `org_path`.
  Status CheckOrgUnitInput(const Actor& a, const OrgUnitInput& in, const std::string& parent_path,
                           people::OrgUnitFields* out) const;
  Status CheckSiteInput(const Actor& a, const SiteInput& in, const std::string& org_path,
                        people::SiteFields* out) const;
  // The path of the org unit `parent` ("" for none), looked up in the
  // actor's read scope; a refusal names the field "parent".
  Result<std::string> ParentPath(const Actor& a, const std::string& parent);
  // The list filter of ListOrgUnits, ListSites and ListUsers: the actor's
  // read scope, or the subtree of `org` within it.
  Result<people::ListFilter> ListFilterFor(const Actor& a, const std::string& org, int limit,
                                           int64_t offset, const std::string& query);
  people::AuditEntry Audit(const Actor& a, const std::string& action, const std::string& type,
                            const std::string& key, const std::string& details_json) const;
  // Writes a checked batch (people_service_batch.cpp).
  Status WriteBatch(const Actor& a, const people::PeopleBatch& batch, const char* kind,
                    const BatchOptions& options);
  Result<people::User> UserToChange(const Actor& a, int64_t id);
  // Phone numbers (people_service_phones.cpp). Gives a username that is a
  // number and the phone their canonical spelling (phone_invalid when the
  // phone is none); a number given only as the username becomes the phone
  // too, and then `*phone_field` says "username" (else "phone").
  static Status NormalizeNumbers(UserInput* in, std::string* phone_field);
  // A username written like a phone number (people/phone.h) in its canonical
  // spelling, phone_invalid on field "username" when it is no number; any
  // other username as given.
  static Result<std::string> NormalizedUsername(std::string_view typed);
  // phone_taken on `field` when an account other than `except` has the
  // canonical `number` as its phone or as its username, in either spelling.
  Status CheckNumberFree(const std::string& number, std::optional<int64_t> except,
                         const std::string& field);
  // A changed `*phone` of account `old` in its canonical spelling, refused
  // when invalid or another account's; a phone kept as it was is left alone,
  // so an account marked as colliding (migration 0011) stays editable.
  Status NormalizeChangedPhone(const people::User& old, std::optional<std::string>* phone);
  // The account a person means by what they typed as their username: that
  // username, else a number's canonical or national spelling as a username,
  // else the account with that phone. NotFound when none.
  Result<people::UserCredentials> FindSignInAccount(const std::string& typed);
  Result<people::User> ApplyUserFields(const Actor& a, const people::User& old,
                                        const people::UserFields& f, const std::string& action);
  LoginResult StartSession(people::User user, const std::string& old_session_id);
  Result<std::string> PathOfPlacement(const Actor& a, const std::string& org, const std::string& site,
                                      std::string* resolved_org);
  std::string NewOneTimePassword() const;
  std::string Now() const;
  // The sign-in limits shared by Login and ChangeOwnPassword.
  int PasswordRetryAfter(const std::string& username, const std::string& client_address);
  void RecordWrongPassword(const std::string& username, const std::string& client_address);
  void RecordRightPassword(const std::string& username, const std::string& client_address);
  // Counts one password hash for `username` and `client_address`; RateLimited
  // (and *retry_after) when either spent its hashes for the window.
  Status SpendHash(const std::string& username, const std::string& client_address,
                   int* retry_after);
  // Counts a wrong current password against the session or token of `a`;
  // true when that was one too many and the credential has been ended.
  bool EndCredentialAfterFailures(const Actor& a, const std::string& session_id);

  // Passes on the result of a write to accounts, org units or sites after
  // emptying the session cache (the users it holds may have changed).
  template <typename T>
  T AfterWrite(T result) {
    session_cache_.Forget();
    return result;
  }

  people::DirectoryStore* store_;  // org units, sites, accounts
  people::SessionStore* sessions_;
  people::KioskStore* kiosks_;
  people::AuditStore* audit_;
  const Clock* clock_;
  PeopleOptions options_;
  std::string dummy_hash_;  // verified against for unknown usernames
  LoginLimiter pair_limiter_;     // (account, address)
  LoginLimiter address_limiter_;  // address, all accounts
  FailureDelay account_delay_;    // account, all addresses
  RecentKeys known_addresses_;    // (account, address) pairs that signed in
  LoginLimiter credential_failures_;  // wrong current passwords per session or token
  LoginLimiter account_hashes_;
  LoginLimiter address_hashes_;
  LoginLimiter registration_limiter_;  // per client address
  SessionCache session_cache_;
};

}  // namespace lophoc::app

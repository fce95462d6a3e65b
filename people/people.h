// People and places: the org tree, sites, accounts and roles, the field
// rules they obey, and the scope rule that says who may see and change what.
// Pure functions and plain values; thread-safe.
//
// The scope rule. Every org unit carries its materialised path: the ids from
// the root down to itself, "/1/7/42/". The subtree of a unit U is every unit
// whose path starts with U's path (U included). An admin sees and changes
// everything; a manager or trainer attached to U sees exactly U's subtree (the
// units, the sites hanging under them and the accounts placed in them); a
// manager also changes things there; a learner sees only themself. An account
// without an org unit (a citizen) is seen only by admins and by itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/status.h"
#include "people/phone.h"       // phone numbers (IsVietnamesePhoneNumber, ValidatePhone)
#include "people/vocabulary.h"  // SiteType, staff categories

namespace lophoc::people {

enum class Role { kLearner, kTrainer, kManager, kAdmin };

// A level of the org tree. Levels are data (the org_levels table, migration
// 0017: nation, province, district, commune, ward, township, special_zone,
// and whatever an operator adds): a level is its code. The four levels every
// tree had before levels became data are named here for convenience.
struct OrgLevel {
  std::string code;
  static const OrgLevel kNation;
  static const OrgLevel kProvince;
  static const OrgLevel kDistrict;
  static const OrgLevel kCommune;
  bool operator==(const OrgLevel& o) const { return code == o.code; }
  bool operator!=(const OrgLevel& o) const { return code != o.code; }
};
inline const OrgLevel OrgLevel::kNation{"nation"};
inline const OrgLevel OrgLevel::kProvince{"province"};
inline const OrgLevel OrgLevel::kDistrict{"district"};
inline const OrgLevel OrgLevel::kCommune{"commune"};

// One row of org_levels: its code, its names and its rank from the root (0).
struct OrgLevelInfo {
  std::string code;
  std::string name_vi;
  std::string name_en;
  int rank = 0;
};

// Names are the stable lower_snake words used in the database, CSV and API:
// "learner", "province". ParseRole accepts exactly those. Site types: vocabulary.h.
const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
// A level's code. ParseOrgLevel accepts any well-formed code (a lower-case
// ASCII letter, then letters, digits or '_', at most 32 bytes); whether
// org_levels holds it is the store's check (reason level_invalid).
const char* OrgLevelName(const OrgLevel& l);
std::optional<OrgLevel> ParseOrgLevel(std::string_view s);

// "learner;trainer" (spaces around items ignored) -> sorted, without
// duplicates. Empty text gives no roles. InvalidArgument names a bad item
// (reason role_unknown, field "roles", parameter "value").
Result<std::vector<Role>> ParseRoles(std::string_view semicolon_list);
// Roles joined with ';' in their natural order.
std::string JoinRoles(const std::vector<Role>& roles);

constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMinPasswordChars = 10;
constexpr size_t kMaxPasswordBytes = 256;

// Each returns OK or InvalidArgument with a short message naming `field`, a
// stable reason (code_invalid, username_invalid, text_empty, text_too_long,
// text_not_utf8, text_control_character, phone_invalid, password_*), the
// field (`field`, or the one the function checks) and, where the rule has
// one, the limit as parameter "limit" (server/http/refusals.cpp).
// Codes of org units and sites: [A-Za-z0-9_-]{1,32}.
Status ValidateCode(std::string_view field, std::string_view code);
// 3-64 of ASCII letters, digits, '.', '_', '-' starting with a letter or a
// digit (a phone number "0912345678" fits), or a phone number in its canonical
// spelling "+84xxxxxxxxx" (phone.h: callers pass CanonicalUsername(input)).
Status ValidateUsername(std::string_view username);
// 1-200 bytes of valid UTF-8 without control characters, not only blanks.
// Anything else, HTML included, is plain text and is stored as given.
Status ValidateName(std::string_view field, std::string_view name);
// OK when `category` is the code of a staff category of the vocabulary
// (vocabulary.h, e.g. 'commune_librarian'); otherwise InvalidArgument with
// reason staff_category_invalid, field staff_category and param value.
Status ValidateStaffCategory(std::string_view category);
// At least 10 characters, at most 256 bytes, valid UTF-8, not the username,
// not on the embedded list of the most common passwords (case ignored).
Status CheckPasswordPolicy(std::string_view password, std::string_view username);

struct OrgUnit {
  int64_t id = 0;
  std::string code;
  std::string name;
  OrgLevel level = OrgLevel::kProvince;
  std::optional<int64_t> parent_id;
  std::string parent_code;  // empty for a root
  std::string path;         // "/1/7/42/"
  std::string created_at;
};

struct Site {
  int64_t id = 0;
  std::string code;
  std::string name;
  SiteType type = SiteType::kCommuneLibrary;
  int64_t org_unit_id = 0;
  std::string org_code;
  std::string org_path;
  bool kiosk = false;
  std::string created_at;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::optional<std::string> phone;
  std::string email;        // where reminders are mailed; empty: in-app only
  std::string language;     // reminders' language: "en", or "vi" (also when empty)
  std::vector<Role> roles;  // sorted
  std::optional<int64_t> org_unit_id;
  std::string org_code;  // empty when none
  std::string org_path;  // empty when none
  std::optional<int64_t> site_id;
  std::string site_code;  // empty when none
  std::string staff_category;  // empty for citizens
  bool active = true;
  bool must_change_password = false;
  std::string created_at;
  std::string last_login_at;  // empty: never

  bool Has(Role r) const;
};

// A part of the org tree: everything, one subtree, or nothing.
class Scope {
 public:
  static Scope Everything() { return Scope(true, ""); }
  static Scope Subtree(std::string path) { return Scope(false, std::move(path)); }
  static Scope Nothing() { return Scope(false, ""); }

  // True when a unit with path `unit_path` lies in this scope. An empty
  // `unit_path` (no unit: a citizen) lies only in Everything.
  bool Contains(std::string_view unit_path) const;
  bool everything() const { return everything_; }
  bool nothing() const { return !everything_ && path_.empty(); }
  const std::string& path() const { return path_; }  // empty unless a subtree

 private:
  Scope(bool everything, std::string path) : everything_(everything), path_(std::move(path)) {}
  bool everything_;
  std::string path_;
};

// Who is acting: a signed-in account, or the command line (an operator with
// shell access to the server, trusted like an admin).
struct Actor {
  std::optional<int64_t> user_id;  // nullopt: the command line
  std::string username;            // "cli" for the command line
  std::vector<Role> roles;
  std::optional<int64_t> org_unit_id;
  std::string org_path;  // path of org_unit_id; empty when none
  // Set when the account acts through a personal API token (not a session).
  std::optional<int64_t> api_token_id;

  static Actor CommandLine();
  static Actor ForUser(const User& u);
  bool Has(Role r) const;
};

// What `a` may read: admins everything; managers and trainers with an org unit
// its subtree; anyone else nothing (beyond their own account).
Scope ReadScope(const Actor& a);
// What `a` may change: admins everything; managers with an org unit its
// subtree; anyone else nothing.
Scope WriteScope(const Actor& a);
// Admins grant any role; managers any but admin; nobody else grants roles.
// Whom to: see MayGrantTo.
bool MayGrant(const Actor& a, Role r);
// Whether `a` may give the account `user_id` a role it does not hold yet:
// admins anyone; managers others only (never themselves). The account must
// also lie in the actor's write scope (the caller checks that).
bool MayGrantTo(const Actor& a, int64_t user_id);

// Whether `a` may author (edit, publish, unpublish) a course whose owner lies
// at `owner_path` (a national course: the path of the tree's root, or "" when
// there is none) and that names `author_ids`: admins every course; trainers
// the courses owned within their unit's subtree and those naming them (a
// trainer without a unit only the latter); nobody else.
bool MayAuthorCourse(const Actor& a, const std::string& owner_path,
                     const std::vector<int64_t>& author_ids);

}  // namespace lophoc::people

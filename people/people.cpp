#include "people/people.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "kernel/names.h"
#include "kernel/text.h"

namespace lophoc::people {
namespace {

constexpr NameTable<Role, 4> kRoles = {{
    {Role::kLearner, "learner"},
    {Role::kTrainer, "trainer"},
    {Role::kManager, "manager"},
    {Role::kAdmin, "admin"},
}};

// The most used passwords of at least 10 characters (shorter ones already
// fail the length rule), with the Vietnamese favourites seen in leaks.
// Compared after ASCII lower-casing.
constexpr std::array<const char*, 48> kCommonPasswords = {
    "1234567890",   "12345678910",  "123456789a",   "a123456789",   "0123456789",
    "9876543210",   "1111111111",   "0000000000",   "123123123a",   "1234567890a",
    "123456789aa",  "aa123456789",  "12345678a@",   "abc1234567",   "abcd123456",
    "abc@123456",   "qwertyuiop",   "qwerty1234",   "qwerty123456", "1qaz2wsx3edc",
    "zxcvbnm123",   "password123",  "password1234", "p@ssw0rd123",  "passw0rd123",
    "admin12345",   "admin@1234",   "administrator", "matkhau123",  "matkhau1234",
    "matkhau@123",  "matkhaumoi",   "matkhaucuatoi", "iloveyou",    "iloveyou123",
    "iloveyou1234", "anhyeuem123",  "emyeuanh123",  "anhyeuem1234", "yeuem123456",
    "vietnam123",   "vietnam2024",  "vietnam@123",  "hanoi12345",   "saigon1234",
    "thuvien123",   "thuvien2024",  "lophoc12345",
};

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// True for C0 controls, DEL and the C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F).
bool HasControlCharacter(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size()) {
      const auto n = static_cast<unsigned char>(s[i + 1]);
      if (n >= 0x80 && n <= 0x9F) return true;
    }
  }
  return false;
}

}  // namespace

const char* RoleName(Role r) { return NameIn(kRoles, r); }
const char* OrgLevelName(const OrgLevel& l) { return l.code.c_str(); }
std::optional<Role> ParseRole(std::string_view s) { return ValueNamed(kRoles, s); }

std::optional<OrgLevel> ParseOrgLevel(std::string_view s) {
  if (s.empty() || s.size() > 32 || s[0] < 'a' || s[0] > 'z') return std::nullopt;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::nullopt;
  }
  return OrgLevel{std::string(s)};
}

Result<std::vector<Role>> ParseRoles(std::string_view list) {
  std::vector<Role> roles;
  while (!list.empty()) {
    const size_t semi = list.find(';');
    const std::string_view item = Trim(list.substr(0, semi));
    list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
    if (item.empty()) continue;
    auto r = ParseRole(item);
    if (!r) {
      return Status::InvalidArgument("unknown role '" + std::string(item) +
                                     "' (learner, trainer, manager or admin)")
          .WithReason("role_unknown")
          .WithField("roles")
          .WithParam("value", std::string(item));
    }
    roles.push_back(*r);
  }
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

std::string JoinRoles(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ';';
    out += RoleName(r);
  }
  return out;
}

Status ValidateCode(std::string_view field, std::string_view code) {
  const bool ok = !code.empty() && code.size() <= 32 &&
                  std::all_of(code.begin(), code.end(),
                              [](char c) { return IsAsciiAlnum(c) || c == '_' || c == '-'; });
  if (ok) return Status::Ok();
  return Status::InvalidArgument(std::string(field) +
                                 " must be 1-32 ASCII letters, digits, '_' or '-'")
      .WithReason("code_invalid")
      .WithField(std::string(field))
      .WithParam("value", std::string(code));
}

Status ValidateUsername(std::string_view u) {
  if (u.size() >= 3 && u.size() <= 64 && IsAsciiAlnum(u[0]) &&
      std::all_of(u.begin(), u.end(),
                  [](char c) { return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '-'; })) {
    return Status::Ok();
  }
  if (CanonicalPhone(u) == std::optional<std::string>(u)) return Status::Ok();
  return Status::InvalidArgument(
      "username must be 3-64 ASCII letters, digits, '.', '_' or '-' starting with a letter or "
      "digit, or a Vietnamese phone number")
      .WithReason("username_invalid")
      .WithField("username");
}

Status ValidateName(std::string_view field, std::string_view name) {
  const std::string f(field);
  if (Trim(name).empty()) {
    return Status::InvalidArgument(f + " is empty").WithReason("text_empty").WithField(f);
  }
  if (name.size() > kMaxNameBytes) {
    return Status::InvalidArgument(f + " is longer than " + std::to_string(kMaxNameBytes) +
                                   " bytes")
        .WithReason("text_too_long")
        .WithField(f)
        .WithParam("limit", static_cast<int64_t>(kMaxNameBytes));
  }
  if (!IsValidUtf8(name)) {
    return Status::InvalidArgument(f + " is not valid UTF-8")
        .WithReason("text_not_utf8")
        .WithField(f);
  }
  if (HasControlCharacter(name)) {
    return Status::InvalidArgument(f + " contains a control character")
        .WithReason("text_control_character")
        .WithField(f);
  }
  return Status::Ok();
}

Status ValidateStaffCategory(std::string_view c) {
  if (FindStaffCategory(c) != nullptr) return Status::Ok();
  std::string message = "unknown staff category '" + std::string(c) + "'";
  if (const auto* now = FormerStaffCategory(c)) {
    message += " (now '" + std::string(now->code) + "')";
  }
  return Status::InvalidArgument(message)
      .WithReason("staff_category_invalid")
      .WithField("staff_category")
      .WithParam("value", std::string(c));
}

Status CheckPasswordPolicy(std::string_view password, std::string_view username) {
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("password is longer than " +
                                   std::to_string(kMaxPasswordBytes) + " bytes")
        .WithReason("password_long")
        .WithField("password")
        .WithParam("limit", static_cast<int64_t>(kMaxPasswordBytes));
  }
  if (!IsValidUtf8(password)) {
    return Status::InvalidArgument("password is not valid UTF-8")
        .WithReason("text_not_utf8")
        .WithField("password");
  }
  if (Utf8Length(password) < kMinPasswordChars) {
    return Status::InvalidArgument("password must have at least " +
                                   std::to_string(kMinPasswordChars) + " characters")
        .WithReason("password_short")
        .WithField("password")
        .WithParam("limit", static_cast<int64_t>(kMinPasswordChars));
  }
  const std::string lower = AsciiLower(password);
  if (!username.empty() && lower == AsciiLower(username)) {
    return Status::InvalidArgument("password must not be the username")
        .WithReason("password_is_username")
        .WithField("password");
  }
  for (const char* common : kCommonPasswords) {
    if (lower == common) {
      return Status::InvalidArgument(
                 "password is one of the most common passwords; choose another (a short "
                 "sentence is easy to remember)")
          .WithReason("password_common")
          .WithField("password");
    }
  }
  return Status::Ok();
}

bool User::Has(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

bool Scope::Contains(std::string_view unit_path) const {
  if (everything_) return true;
  if (path_.empty() || unit_path.empty()) return false;
  return unit_path.substr(0, path_.size()) == path_;
}

Actor Actor::CommandLine() {
  Actor a;
  a.username = "cli";
  a.roles = {Role::kAdmin};
  return a;
}

Actor Actor::ForUser(const User& u) {
  Actor a;
  a.user_id = u.id;
  a.username = u.username;
  a.roles = u.roles;
  a.org_unit_id = u.org_unit_id;
  a.org_path = u.org_path;
  return a;
}

bool Actor::Has(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

Scope ReadScope(const Actor& a) {
  if (a.Has(Role::kAdmin)) return Scope::Everything();
  if ((a.Has(Role::kManager) || a.Has(Role::kTrainer)) && !a.org_path.empty()) {
    return Scope::Subtree(a.org_path);
  }
  return Scope::Nothing();
}

Scope WriteScope(const Actor& a) {
  if (a.Has(Role::kAdmin)) return Scope::Everything();
  if (a.Has(Role::kManager) && !a.org_path.empty()) return Scope::Subtree(a.org_path);
  return Scope::Nothing();
}

bool MayGrant(const Actor& a, Role r) {
  if (a.Has(Role::kAdmin)) return true;
  return a.Has(Role::kManager) && !a.org_path.empty() && r != Role::kAdmin;
}

bool MayGrantTo(const Actor& a, int64_t user_id) {
  return a.Has(Role::kAdmin) || a.user_id != user_id;
}

bool MayAuthorCourse(const Actor& a, const std::string& owner_path,
                     const std::vector<int64_t>& author_ids) {
  if (a.Has(Role::kAdmin)) return true;
  if (!a.Has(Role::kTrainer)) return false;
  if (a.user_id &&
      std::find(author_ids.begin(), author_ids.end(), *a.user_id) != author_ids.end()) {
    return true;
  }
  return !a.org_path.empty() && Scope::Subtree(a.org_path).Contains(owner_path);
}

}  // namespace lophoc::people

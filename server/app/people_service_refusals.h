// Internal to PeopleService (people_service*.cpp): its refusals, each with
// its reason, field and parameters (server/http/refusals.cpp lists the
// reasons). `field` names the input a refusal is about ("" for none).
#pragma once

#include <string>

#include "kernel/status.h"
#include "people/people.h"

namespace lophoc::app {

// PermissionDenied, no_write_scope: the actor may change nothing.
Status NoWriteScope();
// AlreadyExists: an org unit's or site's code (code_taken, field "code"), a
// username (username_taken, field "username"); parameter "value".
Status CodeTaken(const std::string& code);
Status UsernameTaken(const std::string& username);
// NotFound, org_not_found / site_not_found: no org unit or site `code`
// within the actor's read scope (the same answer for both).
Status OrgNotFound(const std::string& code, const std::string& field = "");
Status SiteNotFound(const std::string& code, const std::string& field = "");
// `s`, or, when it is a NotFound, OrgNotFound / SiteNotFound naming `field`.
Status OrgLookup(const Status& s, const std::string& code, const std::string& field);
Status SiteLookup(const Status& s, const std::string& code, const std::string& field);
// InvalidArgument, level_invalid / type_invalid: an org unit's level, a
// site's type; parameter "value".
Status LevelInvalid(const std::string& level);
Status TypeInvalid(const std::string& type);
// Conflict, parent_cycle (field "parent"): org unit `code` moved under
// `parent`, which lies in its own subtree.
Status ParentCycle(const std::string& code, const std::string& parent);
// PermissionDenied, outside_scope: org unit `code` is seen but not the actor's to change.
Status OutsideScope(const std::string& code, const std::string& field);
// PermissionDenied, may_not_change: `what` ("org unit 'HN'") is not the actor's to change.
Status MayNotChange(const std::string& what);
// PermissionDenied, role_not_allowed (field "roles"): the actor may not grant `r`.
Status MayNotGrant(people::Role r);
// `s`, or `taken` when `s` is the store's AlreadyExists.
Status Taken(const Status& s, Status taken);
// OK for an empty or valid staff category; else the validator's refusal,
// with reason staff_category_invalid and field "staff_category" should it
// not give them.
// An email address as stored: trimmed, its domain in lower case; "" for an
// empty one. InvalidArgument (reason email_invalid, field email) otherwise.
Result<std::string> NormalizeEmail(const std::string& given);
Status CheckStaffCategory(const std::string& category);

}  // namespace lophoc::app

// Internal to PeopleService (people_service*.cpp): the refusals that more
// than one of its files gives, each with its reason, field and parameters.
#pragma once

#include <string>

#include "kernel/status.h"

namespace lophoc::app {

// PermissionDenied, no_write_scope: the actor may change nothing.
Status NoWriteScope();
// AlreadyExists: an org unit's or site's code (code_taken, field "code"), a
// username (username_taken, field "username"); parameter "value".
Status CodeTaken(const std::string& code);
Status UsernameTaken(const std::string& username);
// NotFound, org_not_found: no org unit `code` within the actor's read scope;
// `field` the input that named it.
Status OrgNotFound(const std::string& code, const std::string& field = "");

}  // namespace lophoc::app

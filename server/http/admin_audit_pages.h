// The audit log page, /admin/audit (admin_audit_pages.cpp).
#pragma once

#include "server/http/router.h"

namespace lophoc::http {

struct WebContext;

// Registers /admin/audit. REQUIRES: ctx.people and ctx.i18n are set. Called
// by AddAdminPageRoutes.
void AddAdminAuditPageRoutes(Router& router, const WebContext& ctx);

}  // namespace lophoc::http

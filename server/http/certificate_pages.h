// Certificates as pages: the holder's page (/certificates/CODE, and its A4
// PDF at /certificates/CODE.pdf) and the public check (/verify), plus the two
// ways every page shows a certificate's date and course title.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "courses/learning_store.h"
#include "server/http/web_app.h"

namespace lophoc::http {

// The day in Vietnam of a stored time, "dd/mm/yyyy"; an unreadable one as it is.
std::string CertificateDay(const std::string& iso);

// A certificate's course title as the page shows it (course_title, and
// course_title_lang when it is in another language than the page).
void PutCertificateCourseTitle(const WebContext& ctx, const std::string& lang,
                               const courses::CertificateRecord& c, nlohmann::json& j);

void AddCertificatePageRoutes(Router& r, const WebContext& ctx);

}  // namespace lophoc::http

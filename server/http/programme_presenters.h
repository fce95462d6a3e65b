// Programmes, certifications and standings as lophoc presents them: JSON for
// programs, and for people the standing and the rule that dated each
// certification in words ("Hiệu lực đến 31/12/2026 vì bạn hoàn thành ngày
// 14/03/2025 và chương trình có hiệu lực 24 tháng"; docs/retraining.md).
// Pure functions of their arguments; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "server/app/certification_service.h"
#include "server/http/http_types.h"
#include "server/http/i18n.h"

namespace lophoc::http {

nlohmann::json RuleJson(const training::ValidityRule& r);
nlohmann::json ProgrammeJson(const courses::StoredProgramme& s);

// Whose dates are explained: the reader's own ("bạn", "you") or someone
// else's, named.
struct Reader {
  const Catalogues* i18n = nullptr;
  std::string lang = "vi";
  std::string who;  // empty: the reader themselves
};

// Why certification `i` of `certs` (one person's, for programme `p`, oldest
// first) is valid until its last day, in words.
std::string ValidityInWords(const Reader& r, const courses::Programme& p,
                            const std::vector<training::CertificationRecord>& certs, size_t i);
// The standing in words: "Còn hiệu lực đến 14/03/2027", "Quá hạn từ ngày ...".
std::string StandingInWords(const Reader& r, const training::StandingOn& on);

// Why the programme applies (or applied) to the person, in words: "Áp dụng
// từ ngày 18/11/2026 vì bạn thuộc nhóm “Cán bộ thư viện xã, phường, đặc khu”
// tại “Thư viện xã, phường, đặc khu”", or the manager's reason.
std::string AssignmentInWords(const Reader& r, const training::AssignmentSpan& s);
nlohmann::json AssignmentSpanJson(const Reader& r, const training::AssignmentSpan& s);
nlohmann::json AssignmentJson(const courses::AssignmentRecord& a);

// The API's view of a certification and of a standing; each certification
// carries its explanation in `r`'s language.
nlohmann::json CertificationJson(const Reader& r, const courses::Programme& p,
                                 const std::vector<training::CertificationRecord>& certs, size_t i);
nlohmann::json StandingJson(const Reader& r, const app::ProgrammeStanding& s);

// Why a programme applies to the person of `s`, in words: "Áp dụng cho nhóm
// cán bộ “Cán bộ thư viện cấp tỉnh” tại “Thư viện cấp tỉnh”".
std::string AppliesInWords(const Reader& r, const app::ProgrammeStanding& s);
// StandingJson plus "applies_because": {staff_category, site_type, text}:
// a manager's view of someone else's programme.
nlohmann::json PersonStandingJson(const Reader& r, const app::ProgrammeStanding& s);
// An exemption as the API shows it.
nlohmann::json ExemptionJson(const training::ExemptionRecord& e);

// ?as_of=2026-12-31 or 31/12/2026; absent: nullopt (today). InvalidArgument
// (reason as_of_invalid) for anything else.
Result<std::optional<LocalDate>> AsOfQuery(const HttpRequest& req);

}  // namespace lophoc::http

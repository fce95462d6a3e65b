// LearningService, the certificates part: completing a course when its
// rule is met (with its certificate and the programme certifications it
// earns), the public check of a certificate by code, and a person's
// certificates. The rest of the service is in learning_service.cpp.
#include "server/app/crypto.h"
#include "server/app/learning_service.h"

namespace lophoc::app {

using courses::StoredCourse;
using people::User;

Result<std::optional<courses::CertificateRecord>> LearningService::CompleteIfDone(
    const User& u, const StoredCourse& c, CourseLearning& standing) {
  if (standing.completion || !courses::IsComplete(standing.rule, standing.standing)) {
    return std::optional<courses::CertificateRecord>();
  }
  courses::CompletionRecord completion;
  completion.user_id = u.id;
  completion.course_id = c.course_id;
  completion.revision_id = c.revision_id;
  completion.completed_at = FormatIso8601(clock_->Now());
  if (standing.quiz) completion.percentage = standing.quiz->counted_percentage;
  auto names = store_->IssuerNamesFor(u.id);
  if (!names.ok()) return names.status();
  courses::CertificateRecord cert;
  cert.issued_at = completion.completed_at;
  cert.holder_name = u.display_name;
  cert.course_title = c.package.title;
  cert.site_name = names->site_name;
  cert.org_name = names->org_name;
  for (int tries = 0; tries < 3; ++tries) {
    cert.code = ReadableSecret(3);
    std::transform(cert.code.begin(), cert.code.end(), cert.code.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    auto stored = store_->RecordCompletion(completion, cert);
    if (stored.ok()) {
      // A completed course may complete a programme's path.
      if (certifications_ != nullptr) LOPHOC_RETURN_IF_ERROR(certifications_->Refresh(u));
      completion.id = stored->completion_id;
      standing.completion = completion;
      standing.certificate = *stored;
      standing.percent = 100;
      standing.next = courses::NextStep::kNothing;
      return std::optional<courses::CertificateRecord>(*stored);
    }
    if (stored.status().code() == StatusCode::kConflict) {
      return std::optional<courses::CertificateRecord>();  // a concurrent request completed it
    }
    if (stored.status().code() != StatusCode::kAlreadyExists) return stored.status();
  }
  return Status::Conflict("could not draw a free certificate code")
      .WithReason("certificate_code_busy");
}

Result<CertificateCheck> LearningService::Verify(const std::string& code) {
  std::string normal;
  for (unsigned char ch : code) {
    if (std::isalnum(ch)) normal += static_cast<char>(std::toupper(ch));
    if (normal.size() > 32) break;
  }
  // Codes print as XXXX-XXXX-XXXX; accept them typed without dashes too.
  std::string dashed;
  for (size_t i = 0; i < normal.size(); ++i) {
    if (i > 0 && i % 4 == 0) dashed += '-';
    dashed += normal[i];
  }
  if (normal.size() != 12) {
    return Status::NotFound("no certificate with this code").WithReason("certificate_not_found");
  }
  auto cert = store_->CertificateByCode(dashed);
  if (!cert.ok()) {
    if (cert.status().code() != StatusCode::kNotFound) return cert.status();
    return Status::NotFound(cert.status().message()).WithReason("certificate_not_found");
  }
  CertificateCheck out{*cert, CertificateValidity::kValid};
  if (!cert->revoked_at.empty()) {
    out.validity = CertificateValidity::kRevoked;
  } else if (cert->replaced_by) {
    out.validity = CertificateValidity::kReplaced;
  } else if (!cert->valid_until.empty() &&
             ParseIso8601(cert->valid_until).value_or(TimePoint::min()) <= clock_->Now()) {
    out.validity = CertificateValidity::kExpired;
  }
  return out;
}

Result<std::vector<courses::CertificateRecord>> LearningService::Certificates(const User& u) {
  return store_->CertificatesOf(u.id);
}

}  // namespace lophoc::app

// CertificationStore: where certifications live (migration 0010), and the
// course completions they rest on. Declared by the domain, implemented in
// server/storage/. Implementations are thread-safe; a write is one
// transaction. Rows are never deleted (docs/retraining.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "training/cycles.h"
#include "training/paths.h"

namespace lophoc::training {

struct CertificationRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string programme;     // the programme's slug
  int programme_revision = 0;  // the revision number whose rule granted it
  Path path = Path::kInitial;
  LocalDate completed;
  std::optional<LocalDate> valid_until;  // nullopt: never expires
  Basis basis = Basis::kFromCompletion;
  std::string source = "learning";  // or "recorded" (prior learning)
  std::string created_at;           // UTC ISO 8601
  std::optional<LocalDate> revoked_on;
  std::string revoked_reason;
  std::vector<int64_t> rests_on;  // completion ids
};

class CertificationStore {
 public:
  virtual ~CertificationStore() = default;

  // The user's certifications for `programme` (every cycle, revoked ones
  // too), oldest first.
  virtual Result<std::vector<CertificationRecord>> CertificationsOf(
      int64_t user_id, const std::string& programme) = 0;

  // Every course completion of the user: its id, the course's slug and the
  // local day it was completed.
  virtual Result<std::vector<CourseCompletion>> CourseCompletionsOf(int64_t user_id) = 0;

  // Stores `c` (its id and created_at are set here) and the completions it
  // rests on. Conflict (reason certification_exists) when one of them
  // certifies already: a concurrent request recorded this cycle first.
  // NotFound when the programme revision does not exist.
  virtual Result<CertificationRecord> RecordCertification(const CertificationRecord& c) = 0;
};

}  // namespace lophoc::training

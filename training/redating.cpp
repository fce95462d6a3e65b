#include "training/certification_store.h"

namespace lophoc::training {

CertificationRecord DatedOn(const CertificationRecord& c, LocalDate day) {
  CertificationRecord out = c;
  // Re-datings are oldest first: the first one not yet effective on `day`
  // kept the dating in force that day.
  for (const auto& r : c.redatings) {
    if (r.effective_on > day) {
      out.valid_until = r.previous_until;
      out.basis = r.previous_basis;
      break;
    }
  }
  return out;
}

}  // namespace lophoc::training

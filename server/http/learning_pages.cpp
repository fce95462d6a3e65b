#include "server/http/site.h"

namespace lophoc::http {

void AddLearningPageRoutes(Router& r, const SiteContext& ctx) {
  (void)r;
  (void)ctx;
}

}  // namespace lophoc::http

#include "server/http/site.h"

namespace lophoc::http {

void AddLearningApiRoutes(Router& r, const SiteContext& ctx) {
  (void)r;
  (void)ctx;
}

}  // namespace lophoc::http

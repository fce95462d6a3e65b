// The web editor for trainers: /author/... (docs/authoring.md).
#include "server/http/site.h"

namespace lophoc::http {

void AddAuthorPageRoutes(Router& r, const SiteContext& ctx) {
  (void)r;
  (void)ctx;
}

}  // namespace lophoc::http

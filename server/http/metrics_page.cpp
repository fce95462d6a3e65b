// Who may read GET /metrics (the page itself: WebApp::ServeMetrics).
#include "kernel/text.h"
#include "server/app/crypto.h"
#include "server/http/web_app.h"

namespace lophoc::http {

bool IsLoopbackPeer(std::string_view address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address == "[::1]" ||
         address.rfind("::ffff:127.", 0) == 0;
}

Status MetricsAccess(const HttpRequest& req, const std::string& token) {
  if (IsLoopbackPeer(req.client_address)) return Status::Ok();
  if (token.empty()) {
    return Status::PermissionDenied("/metrics is served to this machine only")
        .WithReason("metrics_forbidden");
  }
  const std::string auth = req.Header("authorization");
  const std::string sent = auth.rfind("Bearer ", 0) == 0 ? std::string(Trim(auth.substr(7))) : "";
  if (sent.empty() || !app::ConstantTimeEquals(sent, token)) {
    return Status::Unauthenticated("send the metrics token as 'Authorization: Bearer TOKEN'")
        .WithReason("metrics_token_required");
  }
  return Status::Ok();
}

}  // namespace lophoc::http

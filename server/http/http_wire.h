// The HTTP server's plain pieces, apart from sockets and Pistache: a request
// as the framer read it (server/http/http_framing.h) made into the
// HttpRequest the site answers, a last response made into its bytes, and the
// server's own JSON errors for when the site gives no answer. Pure
// functions, thread-safe.
#pragma once

#include <optional>
#include <string>

#include "server/http/http_framing.h"
#include "server/http/http_types.h"

namespace lophoc::http {

// The plain request of a framed one, from client address `client`; false when
// the target is malformed (bad percent-encoding, invalid UTF-8, not a path).
// Repeated headers are joined with ", " ("; " for cookies).
bool ToHttpRequest(FramedRequest&& in, const std::string& client, HttpRequest& out);

// The percent-decoded path of a request target (before '?' or '#'); nullopt
// when it does not decode to a path starting with '/'.
std::optional<std::string> TargetPath(const std::string& target);

// What is known of a request refused while it was being read (`partial`: its
// head so far, maybe empty), for the site's refusal page.
HttpRequest RefusedRequest(const FramedRequest& partial, const std::string& client);

// The bytes of `res` as the last response of a connection ("Connection:
// close"), with `reason_phrase` on its status line.
std::string LastResponseBytes(const HttpResponse& res, const std::string& reason_phrase);

// {"error": {"code", "message"}}: the server's answer when the site's fails.
HttpResponse JsonError(int status, const std::string& code, const std::string& message);
// 503 with Retry-After: a pool's queue is full.
HttpResponse BusyResponse();

}  // namespace lophoc::http

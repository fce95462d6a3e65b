// The address of the person behind a request, for the sign-in limits and
// everything else keyed on it. Behind a reverse proxy every connection comes
// from the proxy; the proxy names the real client in X-Forwarded-For. That
// header is written by whoever sends the request, so it is believed only when
// the connection comes from the one proxy the operator named
// (`lophoc serve --trusted-proxy`), and then only its last entry: the address
// the proxy itself saw (nginx's $proxy_add_x_forwarded_for appends it).
// Entries before it were written by the client and are never read.
#pragma once

#include <optional>
#include <string>

#include "server/http/http_types.h"

namespace lophoc::http {

// `text` as a literal IPv4 or IPv6 address in its canonical form ("::1",
// "192.0.2.7"), or nullopt when it is not one (a host name, a port, a range).
std::optional<std::string> CanonicalIpAddress(const std::string& text);

// The client address of `req`: the last X-Forwarded-For entry when the peer
// is `trusted_proxy` and that entry is an IP address, else the peer address.
// `trusted_proxy` empty (the default): the header is ignored.
std::string ClientAddressBehind(const HttpRequest& req, const std::string& trusted_proxy);

}  // namespace lophoc::http

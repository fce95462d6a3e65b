// Readiness notification to systemd (the sd_notify protocol), so that a unit
// with Type=notify counts lophoc as started once it listens, and `systemctl
// start` returns only then. No libsystemd: the protocol is one datagram of
// "KEY=VALUE" lines to the AF_UNIX socket named by $NOTIFY_SOCKET, which
// systemd documents as stable and meant to be re-implemented (sd_notify(3)).
//
// Thread-safe (no shared state).
#pragma once

#include <string>

#include "kernel/status.h"

namespace lophoc::cli {

// Sends `state` ("READY=1", "STOPPING=1", lines separated by '\n') to the
// datagram socket at `socket_path`: a file system path, or an abstract socket
// name when it starts with '@'. IOError when the path is too long or the
// datagram cannot be sent.
Status NotifySocket(const std::string& socket_path, const std::string& state);

// NotifySocket to $NOTIFY_SOCKET; OK and nothing sent when it is unset or
// empty (not started by systemd, or not Type=notify).
Status NotifyServiceManager(const std::string& state);

}  // namespace lophoc::cli

#include "server/cli/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace lophoc::cli {

Status NotifySocket(const std::string& socket_path, const std::string& state) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path.size() < 2 || socket_path.size() >= sizeof(addr.sun_path) ||
      (socket_path[0] != '/' && socket_path[0] != '@')) {
    return Status::IOError("NOTIFY_SOCKET is not an absolute path or an abstract name: " +
                           socket_path);
  }
  std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
  // An abstract name starts with a NUL byte and is not NUL-terminated: its
  // length is the address length.
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';
  const auto addr_len =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_path.size());

  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IOError(std::string("notify socket: ") + std::strerror(errno));
  const ssize_t sent = sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                              reinterpret_cast<const sockaddr*>(&addr), addr_len);
  const int err = errno;
  close(fd);
  if (sent < 0) {
    return Status::IOError("notifying " + socket_path + ": " + std::strerror(err));
  }
  if (static_cast<size_t>(sent) != state.size()) {
    return Status::IOError("notifying " + socket_path + ": datagram cut short");
  }
  return Status::Ok();
}

Status NotifyServiceManager(const std::string& state) {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (path == nullptr || *path == '\0') return Status::Ok();
  return NotifySocket(path, state);
}

}  // namespace lophoc::cli

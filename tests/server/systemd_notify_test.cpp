// The sd_notify protocol over a real datagram socket: what systemd would
// receive from a Type=notify service.
#include "server/cli/systemd_notify.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstring>
#include <string>

#include "tests/support/temp_dir.h"

namespace lophoc::cli {
namespace {

// A datagram socket bound to `name` (a path, or '@' for an abstract name)
// standing in for systemd's notification socket.
class ServiceManagerSocket {
 public:
  explicit ServiceManagerSocket(const std::string& name) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(name.size() < sizeof(addr.sun_path));
    std::memcpy(addr.sun_path, name.data(), name.size());
    if (name[0] == '@') addr.sun_path[0] = '\0';
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    REQUIRE(bind(fd_, reinterpret_cast<const sockaddr*>(&addr), len) == 0);
    timeval wait{2, 0};  // a lost datagram fails the test instead of hanging it
    REQUIRE(setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) == 0);
  }
  ~ServiceManagerSocket() { close(fd_); }

  // The next datagram, or "" after 2 s without one.
  std::string Receive() {
    char buf[512];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    return n < 0 ? "" : std::string(buf, static_cast<size_t>(n));
  }

 private:
  int fd_ = -1;
};

// Sets an environment variable for one scope, restoring the old value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_.empty()) {
      unsetenv(name_);
    } else {
      setenv(name_, old_.c_str(), 1);
    }
  }

 private:
  const char* name_;
  std::string old_;
};

TEST_CASE("the service manager receives READY=1 then STOPPING=1 on NOTIFY_SOCKET",
          "[systemd_notify]") {
  testing::TempDir dir("lophoc-notify");
  const std::string path = (dir.path / "notify").string();
  ServiceManagerSocket manager(path);
  ScopedEnv env("NOTIFY_SOCKET", path);

  REQUIRE(NotifyServiceManager("READY=1").ok());
  CHECK(manager.Receive() == "READY=1");
  REQUIRE(NotifyServiceManager("STOPPING=1").ok());
  CHECK(manager.Receive() == "STOPPING=1");
}

TEST_CASE("an abstract socket name starting with @ is reached", "[systemd_notify]") {
  const std::string name = "@lophoc-notify-test-" + std::to_string(getpid());
  ServiceManagerSocket manager(name);
  REQUIRE(NotifySocket(name, "READY=1\nSTATUS=serving").ok());
  CHECK(manager.Receive() == "READY=1\nSTATUS=serving");
}

TEST_CASE("without NOTIFY_SOCKET nothing is sent and nothing fails", "[systemd_notify]") {
  ScopedEnv env("NOTIFY_SOCKET", "");
  CHECK(NotifyServiceManager("READY=1").ok());
}

TEST_CASE("a socket that is not there or a malformed name is an IOError", "[systemd_notify]") {
  testing::TempDir dir("lophoc-notify");
  const std::string missing = (dir.path / "nobody-listens").string();
  const std::string relative = "run/notify";
  const std::string too_long = "/" + std::string(200, 'x');
  for (const std::string& name : {missing, relative, too_long}) {
    CAPTURE(name);
    const Status s = NotifySocket(name, "READY=1");
    CHECK(s.code() == StatusCode::kIOError);
  }
}

}  // namespace
}  // namespace lophoc::cli

// A raw TCP connection to the server on 127.0.0.1, for the tests that speak
// to it as an attacker or an odd client would (bytes exactly as written, a
// head never finished, a byte at a time), and the status and body of what it
// answered. Shared by http_edge_test.cpp and hostile_requests_test.cpp.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>

namespace lophoc::testing {

// One raw TCP connection to 127.0.0.1:port.
class Raw {
 public:
  explicit Raw(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~Raw() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }

  // False once the server stops taking bytes (it answered and closed).
  bool Send(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      const ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }

  // One non-blocking send: bytes taken, 0 when the socket is full, -1 once
  // the server has ended the connection.
  ssize_t SendSome(const std::string& s) {
    const ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    return n;
  }

  // Reads until `done(text)` holds, the peer closes (closed() is then true),
  // or `timeout` passes.
  template <typename Done>
  std::string ReadUntil(Done done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(text_) && !closed_) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      // With no time left, still one look at what has already arrived.
      if (::poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 0))) <= 0) break;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      text_.append(buf, static_cast<size_t>(n));
    }
    return text_;
  }
  // The first complete response (head and Content-Length body).
  std::string ReadResponse(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    return ReadUntil([](const std::string& t) { return Responses(t) >= 1; }, timeout);
  }
  std::string ReadToClose(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    return ReadUntil([](const std::string&) { return false; }, timeout);
  }
  bool closed() const { return closed_; }

  // How many complete responses `t` holds.
  static int Responses(const std::string& t) {
    int count = 0;
    size_t pos = 0;
    for (;;) {
      const size_t head_end = t.find("\r\n\r\n", pos);
      if (head_end == std::string::npos) return count;
      const std::string head = t.substr(pos, head_end - pos);
      size_t length = 0;
      const size_t cl = head.find("Content-Length: ");
      if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
      if (head.rfind("HTTP/1.1 100", 0) == 0) {
        pos = head_end + 4;
        continue;
      }
      if (t.size() < head_end + 4 + length) return count;
      ++count;
      pos = head_end + 4 + length;
    }
  }

 private:
  int fd_ = -1;
  std::string text_;
  bool closed_ = false;
};

inline int StatusOf(const std::string& response) {
  size_t pos = 0;
  while (response.compare(pos, 12, "HTTP/1.1 100") == 0) pos = response.find("\r\n\r\n", pos) + 4;
  if (response.size() < pos + 12) return 0;
  return std::stoi(response.substr(pos + 9, 3));
}

inline std::string BodyOf(const std::string& response) {
  const size_t p = response.rfind("\r\n\r\n");
  return p == std::string::npos ? "" : response.substr(p + 4);
}

}  // namespace lophoc::testing

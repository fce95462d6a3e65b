#include "server/app/pdf_render.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <vector>

extern char** environ;

namespace lophoc::app {
namespace {

std::mutex& RenderLock() {
  static std::mutex mu;
  return mu;
}

bool Executable(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// The command's full path: as given when it names one, else found in PATH.
std::string Locate(const std::string& command) {
  if (command.find('/') != std::string::npos) return Executable(command) ? command : "";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = dirs.find(':', start);
    const std::string dir = dirs.substr(start, end == std::string::npos ? end : end - start);
    if (!dir.empty() && Executable(dir + "/" + command)) return dir + "/" + command;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return "";
}

Status Failed(const std::string& why) {
  return Status::IOError("the PDF could not be made: " + why).WithReason("pdf_failed");
}

// Closes a descriptor once.
struct Fd {
  int fd = -1;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

}  // namespace

bool PdfRenderer::Available() const { return !Locate(options_.command).empty(); }

Result<std::string> PdfRenderer::Render(const std::string& html) const {
  const std::string program = Locate(options_.command);
  if (program.empty()) {
    return Status::Unavailable("PDF needs the '" + options_.command +
                               "' program (Debian package weasyprint), which is not installed; "
                               "print the page from the browser instead")
        .WithReason("pdf_unavailable");
  }
  std::lock_guard<std::mutex> one_at_a_time(RenderLock());

  int in_pipe[2];
  int out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) return Failed("no pipe");
  Fd in_read{in_pipe[0]}, in_write{in_pipe[1]};
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return Failed("no pipe");
  Fd out_read{out_pipe[0]}, out_write{out_pipe[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_write.fd, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  // Read HTML from stdin, write the PDF to stdout; quiet, and no base URL.
  std::vector<std::string> args = {program, "--quiet", "--encoding", "utf-8", "-", "-"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return Failed("could not start " + program);
  in_read.Close();
  out_write.Close();
  fcntl(in_write.fd, F_SETFL, O_NONBLOCK);
  fcntl(out_read.fd, F_SETFL, O_NONBLOCK);

  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  std::string pdf;
  size_t written = 0;
  std::string why;
  char buffer[65536];
  while (out_read.fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      why = "it took longer than " + std::to_string(options_.timeout.count() / 1000) + " s";
      break;
    }
    pollfd fds[2] = {{out_read.fd, POLLIN, 0}, {in_write.fd, POLLOUT, 0}};
    const int n = poll(fds, in_write.fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR) {
      why = "poll failed";
      break;
    }
    if (in_write.fd >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t w = ::write(in_write.fd, html.data() + written, html.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if (w < 0 && errno != EAGAIN) written = html.size();  // it stopped reading
      if (written >= html.size()) in_write.Close();
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t r = ::read(out_read.fd, buffer, sizeof buffer);
      if (r > 0) {
        pdf.append(buffer, static_cast<size_t>(r));
        if (pdf.size() > options_.max_bytes) {
          why = "it is larger than " + std::to_string(options_.max_bytes) + " bytes";
          break;
        }
      } else if (r == 0 || errno != EAGAIN) {
        out_read.Close();
      }
    }
  }
  if (!why.empty()) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!why.empty()) return Failed(why);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Failed(program + " ended with status " + std::to_string(WEXITSTATUS(status)));
  }
  if (pdf.compare(0, 5, "%PDF-") != 0) return Failed(program + " wrote no PDF");
  return pdf;
}

}  // namespace lophoc::app

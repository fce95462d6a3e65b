// The options of every command: flags, environment variables and the
// configuration file (--config), their precedence, and the refusals that
// name the key, the file and the line.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "server/cli/options.h"

namespace lophoc::cli {
namespace {

namespace fs = std::filesystem;

// A configuration file in a fresh temporary folder, removed afterwards.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& text) {
    dir_ = fs::temp_directory_path() /
           ("lophoc-config-" + std::to_string(::getpid()) + "-" + std::to_string(++counter_));
    fs::create_directories(dir_);
    std::ofstream(path()) << text;
  }
  ~ConfigFile() { fs::remove_all(dir_); }
  std::string path() const { return (dir_ / "lophoc.conf").string(); }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }

 private:
  const char* name_;
};

std::vector<OptionSpec> Specs() {
  return {
      {"port", "LOPHOC_TEST_PORT", "8080", "port"},
      {"db", "LOPHOC_TEST_DB", "./lophoc.db", "database"},
      {"secure-cookies", "LOPHOC_TEST_SECURE", "false", "cookies", true},
      {"dry-run", "", "", "an action, command line only", true},
      ConfigOption(),
  };
}

std::string Message(const Result<ParsedArgs>& r) {
  REQUIRE_FALSE(r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("ReadConfigFile reads key = value lines, comments, blanks and quotes", "[config]") {
  ConfigFile f(
      "# lophoc\n"
      "\n"
      "  port   =  9000  \n"
      "db = \"/var/lib/lophoc/học viên.db\"\r\n"
      "   # indented comment\n"
      "public-url = https://hoc.example.vn/a=b\n"
      "empty =\n");
  auto entries = ReadConfigFile(f.path());
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 4);
  CHECK((*entries)[0].key == "port");
  CHECK((*entries)[0].value == "9000");
  CHECK((*entries)[0].line == 3);
  CHECK((*entries)[1].value == "/var/lib/lophoc/học viên.db");
  CHECK((*entries)[1].line == 4);
  CHECK((*entries)[2].key == "public-url");
  CHECK((*entries)[2].value == "https://hoc.example.vn/a=b");  // only the first '=' splits
  CHECK((*entries)[3].value.empty());
}

TEST_CASE("ReadConfigFile refuses malformed lines naming the file and line", "[config]") {
  struct Case {
    std::string text;
    std::string expected;
  };
  auto c = GENERATE(values<Case>({
      {"port = 1\nport 2\n", ":2: expected 'key = value', got 'port 2'"},
      {"= 5\n", ":1: a value without a key"},
      {"# x\ndb = \"/var/lib\n", ":2: the value of 'db' opens a double quote it does not close"},
      {"port = 1\n\nport = 2\n", ":3: 'port' is already set on line 1"},
      {"db = \xC3\x28\n", ":1: not valid UTF-8"},
  }));
  ConfigFile f(c.text);
  auto entries = ReadConfigFile(f.path());
  REQUIRE_FALSE(entries.ok());
  CHECK(entries.status().message() == f.path() + c.expected);
}

TEST_CASE("ReadConfigFile says which file it cannot read", "[config]") {
  auto entries = ReadConfigFile("/nonexistent/lophoc.conf");
  REQUIRE_FALSE(entries.ok());
  CHECK(entries.status().code() == StatusCode::kIOError);
  CHECK(entries.status().message() ==
        "cannot read the configuration file /nonexistent/lophoc.conf");
}

TEST_CASE("A flag wins over the environment, which wins over the file, then the default",
          "[config]") {
  ConfigFile f("port = 7000\ndb = /srv/file.db\nsecure-cookies = yes\n");
  SECTION("the file over the defaults") {
    auto p = ParseArgs({"--config", f.path()}, Specs());
    REQUIRE(p.ok());
    CHECK(p->Get("port") == "7000");
    CHECK(p->Get("db") == "/srv/file.db");
    CHECK(p->Flag("secure-cookies"));  // "yes" is read as true
    CHECK(p->Origin("port") == f.path() + ":1");
    CHECK(p->Describe("db") == "db = '/srv/file.db' (from " + f.path() + ":2)");
  }
  SECTION("the environment over the file") {
    ScopedEnv env("LOPHOC_TEST_PORT", "7100");
    auto p = ParseArgs({"--config", f.path()}, Specs());
    REQUIRE(p.ok());
    CHECK(p->Get("port") == "7100");
    CHECK(p->Origin("port") == "LOPHOC_TEST_PORT");
    CHECK(p->Get("db") == "/srv/file.db");
  }
  SECTION("a flag over the environment and the file") {
    ScopedEnv env("LOPHOC_TEST_PORT", "7100");
    auto p = ParseArgs({"--port=7200", "--config", f.path(), "--secure-cookies=false"}, Specs());
    REQUIRE(p.ok());
    CHECK(p->Get("port") == "7200");
    CHECK(p->Origin("port") == "--port");
    CHECK_FALSE(p->Flag("secure-cookies"));
  }
  SECTION("the file named by LOPHOC_CONFIG") {
    ScopedEnv env("LOPHOC_CONFIG", f.path());
    auto p = ParseArgs({}, Specs());
    REQUIRE(p.ok());
    CHECK(p->Get("port") == "7000");
  }
  SECTION("no file: the defaults, from the default") {
    auto p = ParseArgs({}, Specs());
    REQUIRE(p.ok());
    CHECK(p->Get("port") == "8080");
    CHECK(p->Origin("port") == "the default");
  }
}

TEST_CASE("Keys the command does not know are refused unless another command's setting",
          "[config]") {
  SECTION("a misspelt key, with a suggestion") {
    ConfigFile f("prot = 9000\n");
    CHECK(Message(ParseArgs({"--config", f.path()}, Specs())) ==
          f.path() + ":1: unknown key 'prot' (did you mean 'port'?)");
  }
  SECTION("a key nobody knows") {
    ConfigFile f("port = 1\nlanguage-model = big\n");
    CHECK(Message(ParseArgs({"--config", f.path()}, Specs())) ==
          f.path() + ":2: unknown key 'language-model'");
  }
  SECTION("another command's setting is skipped") {
    ConfigFile f("smtp-url = smtp://mail.example.vn\nport = 9001\n");
    auto p = ParseArgs({"--config", f.path()}, Specs(), {"smtp-url"});
    REQUIRE(p.ok());
    CHECK(p->Get("port") == "9001");
    CHECK(p->values.count("smtp-url") == 0);
  }
  SECTION("an action is not a setting") {
    ConfigFile f("dry-run = true\n");
    CHECK(Message(ParseArgs({"--config", f.path()}, Specs())) ==
          f.path() + ":1: 'dry-run' is given on the command line only, not in a file");
  }
  SECTION("a file does not name another") {
    ConfigFile f("config = /etc/other.conf\n");
    CHECK(Message(ParseArgs({"--config", f.path()}, Specs())) ==
          f.path() + ":1: a configuration file cannot name another one");
  }
}

TEST_CASE("A yes-or-no value that is neither is refused with where it came from", "[config]") {
  ConfigFile f("secure-cookies = maybe\n");
  CHECK(Message(ParseArgs({"--config", f.path()}, Specs())) ==
        "secure-cookies = 'maybe' (from " + f.path() +
            ":1): must be true or false (also yes/no, on/off, 1/0)");
  ScopedEnv env("LOPHOC_TEST_SECURE", "sometimes");
  CHECK(Message(ParseArgs({}, Specs())) ==
        "secure-cookies = 'sometimes' (from LOPHOC_TEST_SECURE): must be true or false (also "
        "yes/no, on/off, 1/0)");
}

TEST_CASE("Unknown flags and missing values are refused", "[config]") {
  CHECK(Message(ParseArgs({"--prot", "1"}, Specs())) ==
        "unknown option --prot (did you mean 'port'?)");
  CHECK(Message(ParseArgs({"--port"}, Specs())) == "--port needs a value");
  CHECK(Message(ParseArgs({"--config", "/nonexistent/x.conf"}, Specs())) ==
        "cannot read the configuration file /nonexistent/x.conf");
}

}  // namespace lophoc::cli

// Readiness: whether this server should be sent traffic now, for /readyz and
// for monitors. A list of named checks, each a function returning a Status
// (the CLI wires them: the database takes writes, the schema is current, the
// last backup is recent). Liveness is /healthz's, not this.
//
// A check that starts failing is logged (error, "not ready"), and again when
// it passes again (info, "ready again"), whoever ran Check: /readyz or the
// server's own look every 30 s.
//
// Thread-safety: Add before the server starts; Check from any thread.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "kernel/status.h"

namespace lophoc::app {

class Readiness {
 public:
  struct Finding {
    std::string name;  // "database", "schema", "backup"
    bool ok = false;
    std::string detail;  // what was found: "writable", "schema version 16", the error
  };
  // `check` returns what it found ("writable") or why the server is not ready.
  void Add(std::string name, std::function<lophoc::Result<std::string>()> check);
  // Runs every check, in the order added; logs the checks that changed.
  std::vector<Finding> Check() const;

 private:
  struct Named {
    std::string name;
    std::function<lophoc::Result<std::string>()> check;
  };
  std::vector<Named> checks_;
  mutable std::mutex mu_;
  mutable std::vector<bool> failing_;  // per check, as last found
};

}  // namespace lophoc::app

// Diagnostics: problems found while reading course packages and quizzes,
// each tied to a file and a 1-based line, so authors can fix them.
// Not thread-safe; one collector per check/import run.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kernel/status.h"

namespace lophoc {

enum class Severity { kError, kWarning };

struct Diagnostic {
  std::string file;
  int line = 1;  // 1-based; whole-file problems are reported at line 1
  Severity severity = Severity::kError;
  std::string message;  // English, for `lophoc check` and developers
  // For the web editor: a stable reason listed in server/http/refusals.cpp
  // and the values its message names; "" when the problem has only a message.
  std::string reason;
  std::map<std::string, std::string> params;

  // "file:line: message" (or "file:line: warning: message").
  std::string ToString() const;
};

// A problem for Diagnostics: English `message` for `lophoc check`, stable
// `reason` listed in server/http/refusals.cpp for the web editor.
Status Why(std::string message, const char* reason);

class Diagnostics {
 public:
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  const std::vector<Diagnostic>& items() const { return items_; }
  bool HasErrors() const;
  int ErrorCount() const;
  int WarningCount() const;

 private:
  std::vector<Diagnostic> items_;
};

// Reporter bound to one file; `line_offset` is added to every line so a parser
// working on a slice of a file (e.g. the body after front matter) reports
// lines of the whole file.
class FileDiagnostics {
 public:
  FileDiagnostics(Diagnostics* sink, std::string file, int line_offset = 0)
      : sink_(sink), file_(std::move(file)), line_offset_(line_offset) {}

  // A problem at `line` (0: the whole file, reported as line 1): the message,
  // reason and parameters of `why` (see Why above). Every problem has a
  // reason, so that the web editor can say it in the reader's language.
  void Error(int line, const Status& why);
  void Warning(int line, const Status& why);
  FileDiagnostics WithOffset(int extra) const {
    return FileDiagnostics(sink_, file_, line_offset_ + extra);
  }
  const std::string& file() const { return file_; }
  Diagnostics* sink() const { return sink_; }

 private:
  Diagnostics* sink_;
  std::string file_;
  int line_offset_;
};

}  // namespace lophoc

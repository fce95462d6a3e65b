#include "kernel/diagnostics.h"

#include <algorithm>

namespace lophoc {

std::string Diagnostic::ToString() const {
  std::string out = file + ":" + std::to_string(line) + ": ";
  if (severity == Severity::kWarning) out += "warning: ";
  return out + message;
}

Status Why(std::string message, const char* reason) {
  return Status::InvalidArgument(std::move(message)).WithReason(reason);
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

int Diagnostics::ErrorCount() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

int Diagnostics::WarningCount() const {
  return static_cast<int>(items_.size()) - ErrorCount();
}

void FileDiagnostics::Error(int line, const Status& why) {
  sink_->Add({file_, line == 0 ? 1 : line + line_offset_, Severity::kError, why.message(),
              why.reason(), why.params()});
}

void FileDiagnostics::Warning(int line, const Status& why) {
  sink_->Add({file_, line == 0 ? 1 : line + line_offset_, Severity::kWarning, why.message(),
              why.reason(), why.params()});
}

}  // namespace lophoc

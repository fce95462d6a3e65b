// Status and Result<T>: how lophoc code reports failure across module boundaries.
//
// A Status is either OK or carries a domain code and a message for developers
// (English, may name internals; logged, never parsed). A refusal that people
// will read also carries data: a stable machine **reason** ("code_taken",
// "outside_scope"), the **field** it concerns where there is one, and
// **parameters** (line, value, limit). The HTTP layer maps the reason to a
// status and a catalogue message in the reader's language
// (server/http/refusals.h); no code reads the message to decide anything.
//   return Status::AlreadyExists("org unit 'HN' already exists")
//       .WithReason("code_taken").WithField("code").WithParam("value", code);
// Result<T> is a value or a non-OK Status. Both are cheap to move and are not
// thread-safe to mutate concurrently (treat them as values).
#pragma once

#include <cassert>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace lophoc {

enum class StatusCode {
  kOk,
  kNotFound,
  kInvalidArgument,
  kAlreadyExists,
  kPermissionDenied,
  kUnauthenticated,
  kConflict,
  kTooLarge,
  kUnsupported,
  kCorruption,
  kIOError,
  kUnavailable,
  kRateLimited,  // too many attempts: try again after a while
};

class Status {
 public:
  Status() = default;

  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status AlreadyExists(std::string msg) {
    return {StatusCode::kAlreadyExists, std::move(msg)};
  }
  static Status PermissionDenied(std::string msg) {
    return {StatusCode::kPermissionDenied, std::move(msg)};
  }
  static Status Unauthenticated(std::string msg) {
    return {StatusCode::kUnauthenticated, std::move(msg)};
  }
  static Status Conflict(std::string msg) { return {StatusCode::kConflict, std::move(msg)}; }
  static Status TooLarge(std::string msg) { return {StatusCode::kTooLarge, std::move(msg)}; }
  static Status Unsupported(std::string msg) {
    return {StatusCode::kUnsupported, std::move(msg)};
  }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status IOError(std::string msg) { return {StatusCode::kIOError, std::move(msg)}; }
  static Status Unavailable(std::string msg) {
    return {StatusCode::kUnavailable, std::move(msg)};
  }

  static Status RateLimited(std::string msg) {
    return {StatusCode::kRateLimited, std::move(msg)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // The stable reason (lower_snake, listed in server/http/refusals.cpp), or
  // "" when only the code is known.
  const std::string& reason() const { return reason_; }
  // The input field the refusal is about ("username", "code"), or "".
  const std::string& field() const { return field_; }
  // Values the message names, by placeholder: {"line": "12", "limit": "200"}.
  const std::map<std::string, std::string>& params() const { return params_; }

  // Builders, for a refusal as data. REQUIRES: !ok().
  Status WithReason(std::string reason) && {
    reason_ = std::move(reason);
    return std::move(*this);
  }
  Status WithField(std::string field) && {
    field_ = std::move(field);
    return std::move(*this);
  }
  Status WithParam(const std::string& name, std::string value) && {
    params_[name] = std::move(value);
    return std::move(*this);
  }
  Status WithParam(const std::string& name, int64_t value) && {
    params_[name] = std::to_string(value);
    return std::move(*this);
  }
  // The same refusal with another field name (a form that calls the domain's
  // "org" its "parent").
  Status& RenameField(std::string field) {
    field_ = std::move(field);
    return *this;
  }

  // Stable lower_snake name of the code, e.g. "not_found"; used in API error bodies.
  const char* CodeName() const;
  std::string ToString() const;

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string reason_;
  std::string field_;
  std::map<std::string, std::string> params_;
};

// A value of type T, or the Status that explains why there is none.
// REQUIRES: value() only when ok().
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  // REQUIRES: !status.ok(). A Result built from an OK status has no value:
  // a programming error, caught by the assert in debug builds and turned
  // into an Unavailable error (never an "OK" without a value) otherwise.
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "Result<T> built from an OK Status");
    if (status_.ok()) {
      std::fputs("level=error msg=\"Result built from an OK Status (a programming error)\"\n", stderr);
      status_ = Status::Unavailable("internal error: a result without a value");
    }
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;  // OK when there is a value
};

}  // namespace lophoc

// The one pair of macros for passing errors up (STYLE: no macro hides a
// declaration or an unbraced if).
//   LOPHOC_RETURN_IF_ERROR(store_->Save(x));        returns the Status if not OK
//   LOPHOC_ASSIGN_OR_RETURN(User u, FindUser(id));  declares/assigns the value, or
//                                                  returns the Result's Status
#define LOPHOC_RETURN_IF_ERROR(expr)                          \
  do {                                                        \
    ::lophoc::Status lophoc_status_ = (expr);                 \
    if (!lophoc_status_.ok()) {                               \
      return lophoc_status_;                                  \
    }                                                         \
  } while (0)

#define LOPHOC_STATUS_CONCAT_INNER_(a, b) a##b
#define LOPHOC_STATUS_CONCAT_(a, b) LOPHOC_STATUS_CONCAT_INNER_(a, b)
#define LOPHOC_ASSIGN_OR_RETURN(lhs, expr) \
  LOPHOC_ASSIGN_OR_RETURN_IMPL_(LOPHOC_STATUS_CONCAT_(lophoc_result_, __LINE__), lhs, expr)
#define LOPHOC_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) {                                     \
    return tmp.status();                               \
  }                                                    \
  lhs = std::move(*tmp)

// SmtpSender: a MailSender that hands each mail to an SMTP server through
// libcurl (the only code that includes <curl/curl.h>). Plain SMTP
// ("smtp://host:port") or SMTP over TLS ("smtps://..."), STARTTLS when the
// server offers it, optional user and password. Thread-safe: each Send uses
// its own curl handle.
#pragma once

#include <string>

#include "server/app/reminder_service.h"

namespace lophoc::app {

struct SmtpOptions {
  std::string url;   // "smtp://mail.example.vn:587"
  std::string from;  // "lophoc@example.vn"
  std::string user;  // empty: no authentication
  std::string password;
  long timeout_seconds = 30;
};

class SmtpSender : public MailSender {
 public:
  explicit SmtpSender(SmtpOptions options) : options_(std::move(options)) {}
  // IOError with curl's words when the server refuses or cannot be reached.
  Status Send(const Mail& mail) override;

 private:
  SmtpOptions options_;
};

// The message as sent: headers (RFC 5322, UTF-8 subject as an RFC 2047
// encoded word) and the body with CRLF line ends, lines starting with '.'
// left to curl's dot-stuffing. Exposed for tests.
std::string SmtpMessage(const SmtpOptions& options, const Mail& mail, const std::string& date);

}  // namespace lophoc::app

#include "server/app/visit_log.h"

#include <vector>

#include "kernel/calendar.h"
#include "server/app/crypto.h"

namespace lophoc::app {

void VisitLog::Count(const std::string& visitor, std::optional<int64_t> user_id,
                     std::optional<int64_t> site_id, int lesson_views) {
  // The day as lived in Vietnam: 06:00 on 1 December is 23:00Z on 30 November.
  const std::string day = FormatIsoDate(LocalDateOf(clock_->Now()));
  const std::string key = Sha256Hex("visit:" + visitor);
  std::lock_guard<std::mutex> lock(mu_);
  people::Visit& v = pending_[{day, key}];
  if (v.visitor_key.empty()) {
    v.day = day;
    v.visitor_key = key;
  }
  if (!v.user_id) v.user_id = user_id;
  if (!v.site_id) v.site_id = site_id;
  v.lesson_views += std::max(lesson_views, 0);
}

Status VisitLog::Flush() {
  std::map<std::pair<std::string, std::string>, people::Visit> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(pending_);
  }
  Status result;
  for (auto it = batch.begin(); it != batch.end(); ++it) {
    Status s = store_->RecordVisit(it->second);
    if (!s.ok()) {
      // Put back what was not written; later counts merge into it.
      std::lock_guard<std::mutex> lock(mu_);
      for (auto rest = it; rest != batch.end(); ++rest) {
        people::Visit& v = pending_[rest->first];
        if (v.visitor_key.empty()) v = rest->second;
        else v.lesson_views += rest->second.lesson_views;
      }
      return s;
    }
  }
  return result;
}

namespace {

constexpr size_t kVisitorIdChars = 22;  // 16 random bytes, URL-safe base64
constexpr size_t kMacChars = 43;

}  // namespace

std::string VisitLog::Secret() {
  std::lock_guard<std::mutex> lock(secret_mu_);
  if (secret_.empty()) {
    auto s = store_->ServerSecret("visit_cookie", RandomToken(32), FormatIso8601(clock_->Now()));
    if (s.ok()) secret_ = std::move(*s);
  }
  return secret_;
}

std::string VisitLog::NewVisitorId() {
  const std::string secret = Secret();
  if (secret.empty()) return "";
  const std::string id = RandomToken(16);
  return id + "." + MacToken(secret, "visit:" + id);
}

bool VisitLog::IsVisitorId(const std::string& value) {
  if (value.size() != kVisitorIdChars + 1 + kMacChars || value[kVisitorIdChars] != '.') {
    return false;
  }
  const std::string secret = Secret();
  if (secret.empty()) return false;
  return VerifyMacToken(secret, "visit:" + value.substr(0, kVisitorIdChars),
                        std::string_view(value).substr(kVisitorIdChars + 1));
}

size_t VisitLog::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_.size();
}

}  // namespace lophoc::app

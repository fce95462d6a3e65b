// Rate limits kept in memory: counts of events (failed logins, password
// hashes, registrations) per key — an account, a client address, or a pair
// of them. Thread-safe. Counts are lost on restart, which is acceptable: they
// only slow down guessing and hashing floods.
//
// Each table keeps at most `max_keys` keys, so a flood of distinct keys (say,
// usernames that do not exist) cannot grow memory without bound: a new key
// beyond that pushes out the key whose last event is oldest, which is one
// whose events have all left the window whenever there is such a key.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "kernel/clock.h"

namespace lophoc::app {

inline constexpr size_t kDefaultMaxLimiterKeys = 100000;

// A map from key to V that remembers at most `max_keys` keys, the least
// recently touched leaving first. Not thread-safe (the limiters lock).
template <typename V>
class BoundedKeyTable {
 public:
  explicit BoundedKeyTable(size_t max_keys) : max_keys_(max_keys == 0 ? 1 : max_keys) {}

  // The value of `key`, or nullptr. Does not change the order.
  V* Find(const std::string& key) {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second.value;
  }
  // The value of `key` (made when missing), now the most recently touched.
  V& Touch(const std::string& key) {
    auto it = map_.find(key);
    if (it != map_.end()) {
      order_.splice(order_.begin(), order_, it->second.at);
      return it->second.value;
    }
    while (map_.size() >= max_keys_) {
      map_.erase(order_.back());
      order_.pop_back();
    }
    order_.push_front(key);
    Entry& e = map_[key];
    e.at = order_.begin();
    return e.value;
  }
  void Erase(const std::string& key) {
    auto it = map_.find(key);
    if (it == map_.end()) return;
    order_.erase(it->second.at);
    map_.erase(it);
  }
  size_t size() const { return map_.size(); }

 private:
  struct Entry {
    V value;
    std::list<std::string>::iterator at;
  };
  const size_t max_keys_;
  std::list<std::string> order_;  // most recently touched first
  std::unordered_map<std::string, Entry> map_;
};

// A sliding window: after `max_failures` events within `window`, a key is
// blocked until the oldest of them leaves the window.
class LoginLimiter {
 public:
  LoginLimiter(const Clock* clock, int max_failures, std::chrono::seconds window,
               size_t max_keys = kDefaultMaxLimiterKeys)
      : clock_(clock), max_failures_(max_failures), window_(window), failures_(max_keys) {}

  // Seconds until `key` may try again; 0 when it may try now.
  int RetryAfterSeconds(const std::string& key);
  // Counts one event (a failure, or for the hashing and registration limits
  // any attempt) for `key`.
  void RecordFailure(const std::string& key);
  // Forgets the failures of `key` (after a successful login).
  void Reset(const std::string& key);
  // Keys currently remembered (at most max_keys).
  size_t size();

 private:
  using TimePoint = std::chrono::system_clock::time_point;
  void Prune(std::deque<TimePoint>& times, TimePoint now) const;

  const Clock* clock_;
  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  BoundedKeyTable<std::deque<TimePoint>> failures_;
};

// A progressive delay: the first `free_failures` failures of a key cost
// nothing; after them each attempt must wait, from the last failure, 1 s,
// then 2 s, 4 s, ... up to `max_delay`. A key is forgotten after `window`
// without a failure. Slows guessing down without ever locking the key out.
class FailureDelay {
 public:
  FailureDelay(const Clock* clock, int free_failures, std::chrono::seconds max_delay,
               std::chrono::seconds window, size_t max_keys = kDefaultMaxLimiterKeys)
      : clock_(clock),
        free_failures_(free_failures),
        max_delay_(max_delay),
        window_(window),
        keys_(max_keys) {}

  // Seconds until `key` may try again; 0 when it may try now.
  int RetryAfterSeconds(const std::string& key);
  void RecordFailure(const std::string& key);
  size_t size();

 private:
  using TimePoint = std::chrono::system_clock::time_point;
  struct Failures {
    int count = 0;
    TimePoint last;
  };
  std::chrono::seconds DelayAfter(int failures) const;

  const Clock* clock_;
  const int free_failures_;
  const std::chrono::seconds max_delay_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  BoundedKeyTable<Failures> keys_;
};

// Keys seen recently (an account with the address it signed in from), each
// remembered for `ttl` after it was last seen.
class RecentKeys {
 public:
  RecentKeys(const Clock* clock, std::chrono::seconds ttl, size_t max_keys = kDefaultMaxLimiterKeys)
      : clock_(clock), ttl_(ttl), keys_(max_keys) {}

  void Remember(const std::string& key);
  bool Contains(const std::string& key);

 private:
  using TimePoint = std::chrono::system_clock::time_point;
  const Clock* clock_;
  const std::chrono::seconds ttl_;
  std::mutex mu_;
  BoundedKeyTable<TimePoint> keys_;
};

}  // namespace lophoc::app

// The one wrapper around libsodium: hashing and randomness.
// Thread-safe after InitCrypto() has returned.
#pragma once

#include <string>
#include <string_view>

namespace lophoc::app {

// Must be called once at start-up before any other function here; returns
// false when libsodium cannot initialise (the program should exit).
bool InitCrypto();

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomToken(size_t bytes);

// A secret for people to read from paper and type: `groups` groups of four
// characters from an alphabet without look-alikes (no 0/o, 1/l/i), joined
// by '-', e.g. "k7mq-3xvd-pa9t-wn4e": log2(31) = 4.95 bits a character.
std::string ReadableSecret(size_t groups);

// Work factors of argon2id. Interactive() is m = 12 MiB, t = 3, p = 1
// (libsodium always uses one lane): one of the configurations OWASP's
// password storage cheat sheet lists as equal in defence to its minimum
// m = 19 MiB, t = 2, trading memory for passes. Chosen so that a server
// serving the national reports holds its resident memory under 64 MB while
// it hashes (one hash at a time, see docs/operations.md, "Performance
// budget"); libsodium's own "interactive" limits (64 MiB) took a two-login
// server to 143 MiB. ForTests() is the minimum, for fast test suites only.
// OneTime() is the minimum too, for generated one-time passwords only: they
// are 79 random bits (ReadableSecret(4)), so a slow hash adds nothing against guessing (2^79
// tries at any cost), while Interactive() would make a 10,000-account import
// take 13-25 minutes instead of seconds. Chosen passwords keep the configured
// cost (PeopleOptions::password_cost).
struct PasswordCost {
  unsigned long long ops;
  size_t mem_bytes;
  static PasswordCost Interactive();
  static PasswordCost ForTests();
  static PasswordCost OneTime();
};

// An argon2id string ("$argon2id$v=19$m=...") for `password`; empty when
// the memory cannot be had.
std::string HashPassword(std::string_view password, PasswordCost cost);

// True when `password` matches the argon2id string `hash` (argon2 time is
// spent whatever the outcome; false for a malformed hash).
bool VerifyPassword(const std::string& hash, std::string_view password);

// True when `hash` was made at another cost than `cost` (or another
// algorithm): after a right password, hash it again at `cost`.
bool NeedsRehash(const std::string& hash, PasswordCost cost);

// Compares in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// A message authentication code of `message` (libsodium crypto_auth,
// HMAC-SHA-512-256) under a key derived from `secret` (its SHA-256), as
// URL-safe base64 without padding (43 characters).
std::string MacToken(std::string_view secret, std::string_view message);
// True when `mac` is MacToken(secret, message); constant time.
bool VerifyMacToken(std::string_view secret, std::string_view message, std::string_view mac);

}  // namespace lophoc::app

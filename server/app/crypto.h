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

}  // namespace lophoc::app

#include "server/app/crypto.h"

#include <sodium.h>

#include <vector>

namespace lophoc::app {

bool InitCrypto() { return sodium_init() >= 0; }

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

namespace {

std::string Base64Url(const unsigned char* bytes, size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

void MacKey(std::string_view secret, unsigned char (&key)[crypto_auth_KEYBYTES]) {
  static_assert(crypto_auth_KEYBYTES == crypto_hash_sha256_BYTES, "a SHA-256 is the key");
  crypto_hash_sha256(key, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
}

}  // namespace

std::string MacToken(std::string_view secret, std::string_view message) {
  unsigned char key[crypto_auth_KEYBYTES];
  MacKey(secret, key);
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key);
  sodium_memzero(key, sizeof key);
  return Base64Url(mac, sizeof mac);
}

bool VerifyMacToken(std::string_view secret, std::string_view message, std::string_view mac) {
  unsigned char bin[crypto_auth_BYTES];
  size_t len = 0;
  if (sodium_base642bin(bin, sizeof bin, mac.data(), mac.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      len != sizeof bin) {
    return false;
  }
  unsigned char key[crypto_auth_KEYBYTES];
  MacKey(secret, key);
  const bool ok = crypto_auth_verify(bin, reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key) == 0;
  sodium_memzero(key, sizeof key);
  return ok;
}

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string ReadableSecret(size_t groups) {
  static constexpr char kAlphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";
  constexpr uint32_t kSize = sizeof kAlphabet - 1;
  std::string out;
  for (size_t g = 0; g < groups; ++g) {
    if (g > 0) out += '-';
    for (int i = 0; i < 4; ++i) out += kAlphabet[randombytes_uniform(kSize)];
  }
  return out;
}

PasswordCost PasswordCost::Interactive() { return {3, 12 * 1024 * 1024}; }

PasswordCost PasswordCost::ForTests() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

PasswordCost PasswordCost::OneTime() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

std::string HashPassword(std::string_view password, PasswordCost cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return "";
  }
  return out;
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(const std::string& hash, PasswordCost cost) {
  return crypto_pwhash_str_needs_rehash(hash.c_str(), cost.ops, cost.mem_bytes) != 0;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace lophoc::app

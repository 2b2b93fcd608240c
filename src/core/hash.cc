#include "core/hash.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

namespace takt {

static_assert(sizeof(crypto_generichash_state) <= 384);

void InitCrypto() {
  if (sodium_init() < 0) std::abort();  // no usable randomness: nothing safe can run
}

Hasher::Hasher() {
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), nullptr, 0, 32);
}

Hasher::Hasher(const Key& key) {
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), key.bytes.data(), key.bytes.size(), 32);
}

Hasher& Hasher::Update(std::string_view bytes) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_),
                            reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return *this;
}

Hasher& Hasher::UpdateU64(uint64_t v) {
  unsigned char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
  return Update(std::string_view(reinterpret_cast<const char*>(b), 8));
}

Hasher& Hasher::UpdateField(std::string_view bytes) {
  UpdateU64(bytes.size());
  return Update(bytes);
}

Digest Hasher::Finish() {
  Digest d;
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), d.data(), d.size());
  return d;
}

std::string ToHex(const Digest& d) {
  static const char* kHex = "0123456789abcdef";
  std::string s(64, '0');
  for (size_t i = 0; i < d.size(); ++i) {
    s[2 * i] = kHex[d[i] >> 4];
    s[2 * i + 1] = kHex[d[i] & 15];
  }
  return s;
}

bool FromHex(std::string_view hex, Digest& out) {
  if (hex.size() != 64) return false;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < 32; ++i) {
    int hi = nib(hex[2 * i]), lo = nib(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return true;
}

bool SameDigest(const Digest& a, const Digest& b) {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Key RandomKey() {
  Key k;
  randombytes_buf(k.bytes.data(), k.bytes.size());
  return k;
}

Key DeriveKey(const Key& master, uint64_t id, const char (&context)[9]) {
  static_assert(crypto_kdf_CONTEXTBYTES == 8 && crypto_kdf_KEYBYTES == 32);
  Key sub;
  crypto_kdf_derive_from_key(sub.bytes.data(), sub.bytes.size(), id, context, master.bytes.data());
  return sub;
}

std::string RandomSecret() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char b64[64];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return b64;
}

std::string RandomToken() {
  return "takt_" + RandomSecret();
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace takt

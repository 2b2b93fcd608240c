// Cryptographic digests and random tokens (libsodium). Pure functions apart from the
// system randomness used by RandomToken.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace takt {

using Digest = std::array<uint8_t, 32>;

// A 256-bit secret key. Its own type, so that a key is never passed where a digest is meant.
struct Key {
  std::array<uint8_t, 32> bytes{};
};

// Incremental BLAKE2b-256; keyed, it is a MAC (libsodium's crypto_generichash with a key).
class Hasher {
 public:
  Hasher();
  explicit Hasher(const Key& key);
  Hasher& Update(std::string_view bytes);
  Hasher& Update(const Digest& d) {
    return Update(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
  }
  Hasher& UpdateU64(uint64_t v);
  // Length-prefixed, so that ("ab","c") and ("a","bc") hash differently.
  Hasher& UpdateField(std::string_view bytes);
  Digest Finish();

 private:
  alignas(64) unsigned char state_[384];
};

std::string ToHex(const Digest& d);
bool FromHex(std::string_view hex, Digest& out);

// Compares in time independent of the contents, as a MAC check must.
bool SameDigest(const Digest& a, const Digest& b);

// A fresh key of 256 random bits.
Key RandomKey();

// Subkey `id` of `master` within `context` (exactly 8 characters), so that one key file serves
// several purposes without one MAC ever standing in for another (libsodium's crypto_kdf).
Key DeriveKey(const Key& master, uint64_t id, const char (&context)[9]);

// A fresh bearer token: "takt_" followed by 43 url-safe characters (256 random bits).
std::string RandomToken();
// 256 random bits as 43 url-safe characters (base64url, no padding): session ids, CSRF tokens.
std::string RandomSecret();
// Compares in time independent of the contents (the lengths are not secret).
bool SameSecret(std::string_view a, std::string_view b);

// The only form in which a token is stored.
inline std::string TokenHash(std::string_view token) {
  return ToHex(Hasher().Update(token).Finish());
}

// Must be called once before any other function here (safe to call again).
void InitCrypto();

}  // namespace takt

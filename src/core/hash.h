// Cryptographic digests and random tokens (libsodium). Pure functions apart from the
// system randomness used by RandomToken.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace takt {

using Digest = std::array<uint8_t, 32>;

// Incremental BLAKE2b-256.
class Hasher {
 public:
  Hasher();
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

// A fresh bearer token: "takt_" followed by 43 url-safe characters (256 random bits).
std::string RandomToken();

// The only form in which a token is stored.
inline std::string TokenHash(std::string_view token) {
  return ToHex(Hasher().Update(token).Finish());
}

// Must be called once before any other function here (safe to call again).
void InitCrypto();

}  // namespace takt

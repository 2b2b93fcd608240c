// The web UI's files, embedded in the binary at build time (embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace takt::web {

struct Asset {
  std::string_view path;          // "/index.html", "/assets/index-3f2a9c.js"
  std::string_view content_type;  // with charset for text
  std::string_view etag;          // quoted, from the file's SHA-256
  std::string_view raw;
  std::string_view gzip;  // the same bytes, gzip -9
};

// Every file of the built UI, sorted by path. Guarantees: static storage, never changes.
std::span<const Asset> Assets();

}  // namespace takt::web

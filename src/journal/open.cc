// Chooses the backend from the URL scheme.
#include "journal/journal.h"

namespace takt::journal {

Result<std::unique_ptr<Journal>> OpenSqlite(const std::string& path, Mode mode);

Result<std::unique_ptr<Journal>> Open(std::string_view url, Mode mode) {
  auto colon = url.find(':');
  if (colon == std::string_view::npos)
    return Status::Invalid("database URL '" + std::string(url) + "' has no scheme: use sqlite:PATH", "db");
  std::string_view scheme = url.substr(0, colon), rest = url.substr(colon + 1);
  if (scheme == "sqlite") {
    if (rest.rfind("//", 0) == 0) {
      rest.remove_prefix(2);
      if (rest.empty() || rest[0] != '/')
        return Status::Invalid("database URL '" + std::string(url) + "': use sqlite:PATH or sqlite:///ABSOLUTE/PATH",
                               "db");
    }
    if (rest.empty()) return Status::Invalid("database URL '" + std::string(url) + "' names no file", "db");
    if (rest.find('\0') != std::string_view::npos) return Status::Invalid("database URL contains NUL", "db");
    return OpenSqlite(std::string(rest), mode);
  }
  if (scheme == "postgresql" || scheme == "postgres")
    return Status::Invalid("PostgreSQL journals are not supported yet; use sqlite:PATH", "db");
  return Status::Invalid("unknown database scheme '" + std::string(scheme) + "': use sqlite:PATH", "db");
}

}  // namespace takt::journal

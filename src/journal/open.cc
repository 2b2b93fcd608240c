// Chooses the backend from the URL scheme.
#include "journal/journal.h"

namespace takt::journal {

Result<std::unique_ptr<Journal>> OpenSqlite(const std::string& path, const OpenOptions& options);
Status UpgradeSqlite(const std::string& path, const std::string& key_file);

namespace {

// The file of a sqlite: URL.
Result<std::string> SqlitePath(std::string_view url) {
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
    return std::string(rest);
  }
  if (scheme == "postgresql" || scheme == "postgres")
    return Status::Invalid("PostgreSQL journals are not supported yet; use sqlite:PATH", "db");
  return Status::Invalid("unknown database scheme '" + std::string(scheme) + "': use sqlite:PATH", "db");
}

}  // namespace

Result<std::unique_ptr<Journal>> Open(std::string_view url, const OpenOptions& options) {
  auto path = SqlitePath(url);
  if (!path.ok()) return path.status();
  return OpenSqlite(*path, options);
}

Status UpgradeToKeyed(std::string_view url, const std::string& key_file) {
  auto path = SqlitePath(url);
  if (!path.ok()) return path.status();
  return UpgradeSqlite(*path, key_file);
}

}  // namespace takt::journal

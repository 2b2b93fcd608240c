#include "support/exposition.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "support/child.h"
#include "support/process.h"

namespace takt::test {
namespace {

using Series = std::pair<std::string, std::vector<std::pair<std::string, std::string>>>;

// NAME{k="v",...} from the start of `s` (label values unescaped, labels sorted); `end` is set to
// the first character after it. False when malformed.
bool ParseSeries(const std::string& s, Series& out, size_t& end) {
  size_t i = s.find_first_of("{ ");
  out.first = s.substr(0, i);
  out.second.clear();
  if (i != std::string::npos && s[i] == '{') {
    ++i;
    while (i < s.size() && s[i] != '}') {
      size_t eq = s.find("=\"", i);
      if (eq == std::string::npos) return false;
      std::string name = s.substr(i, eq - i), value;
      for (i = eq + 2; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          ++i;
          value += s[i] == 'n' ? '\n' : s[i];
        } else {
          value += s[i];
        }
      }
      if (i == s.size()) return false;
      out.second.emplace_back(std::move(name), std::move(value));
      ++i;  // the closing quote
      if (i < s.size() && s[i] == ',') ++i;
    }
    if (i == s.size()) return false;
    ++i;  // the closing brace
  }
  std::sort(out.second.begin(), out.second.end());
  end = std::min(i, s.size());
  return true;
}

}  // namespace

double SampleValue(const std::string& text, const std::string& series) {
  Series want, got;
  size_t end = 0;
  if (!ParseSeries(series, want, end)) return -1;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || !ParseSeries(line, got, end) || got != want) continue;
    return std::stod(line.substr(end));
  }
  return -1;
}

std::string ExpositionProblems(const std::string& text) {
  TempDir dir;
  std::ofstream(dir.File("scrape.prom"), std::ios::binary) << text;
  Child check({TAKT_PYTHON3, TAKT_CHECK_EXPOSITION, dir.File("scrape.prom")}, dir.File("check.log"));
  int rc = check.Wait(std::chrono::seconds(60));
  return rc == 0 ? std::string() : "exit " + std::to_string(rc) + ": " + check.Output();
}

}  // namespace takt::test

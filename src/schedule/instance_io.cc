#include "schedule/instance_io.h"

#include <charconv>
#include <sstream>

namespace takt::schedule {
namespace {

// Reads integers line by line, so that every error names its line.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}

  // Next non-empty line as integers; false at end of input.
  bool Next(std::vector<int64_t>& out, Status& err) {
    out.clear();
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      ++line_no_;
      size_t i = 0;
      while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        if (i == line.size()) break;
        int64_t v = 0;
        auto r = std::from_chars(line.data() + i, line.data() + line.size(), v);
        if (r.ec != std::errc() ||
            (r.ptr < line.data() + line.size() && *r.ptr != ' ' && *r.ptr != '\t' && *r.ptr != '\r')) {
          err = Status::Invalid("line " + std::to_string(line_no_) + ": expected whole numbers, found '" +
                                std::string(line.substr(i, std::min<size_t>(12, line.size() - i))) + "'");
          return false;
        }
        out.push_back(v);
        i = r.ptr - line.data();
      }
      if (!out.empty()) return true;
    }
    return false;
  }

  Status Error(const std::string& what) const {
    return Status::Invalid("line " + std::to_string(line_no_) + ": " + what);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_no_ = 0;
};

}  // namespace

Result<Problem> ParseInstance(std::string_view text, Format format) {
  Lines lines(text);
  std::vector<int64_t> v;
  Status err;
  if (!lines.Next(v, err)) return err.ok() ? Status::Invalid("line 1: empty instance") : err;
  if (v.size() < 2 || v.size() > 3) return lines.Error("expected 'n_jobs n_machines'");
  if (v[0] < 1 || v[0] > 100000 || v[1] < 1 || v[1] > 10000) return lines.Error("job or machine count out of range");
  Problem p;
  p.machines = static_cast<int>(v[1]);
  const int64_t n_jobs = v[0];
  auto check_pair = [&](int64_t m, int64_t t) -> Status {
    if (m < 0 || m >= p.machines)
      return lines.Error("machine " + std::to_string(m) + " is not in 0.." + std::to_string(p.machines - 1));
    if (t < 0 || t > 1000000000) return lines.Error("processing time " + std::to_string(t) + " out of range");
    return Status::Ok();
  };
  for (int64_t j = 0; j < n_jobs; ++j) {
    if (!lines.Next(v, err))
      return err.ok() ? Status::Invalid("expected " + std::to_string(n_jobs) + " job lines, found " + std::to_string(j))
                      : err;
    Job job;
    if (format == Format::kJssp) {
      if (v.empty() || v.size() % 2 != 0) return lines.Error("expected 'machine time' pairs");
      for (size_t i = 0; i < v.size(); i += 2) {
        TAKT_RETURN_IF_ERROR(check_pair(v[i], v[i + 1]));
        job.operations.push_back({{{static_cast<int>(v[i]), v[i + 1]}}});
      }
    } else {
      size_t i = 0;
      int64_t ops = v[i++];
      if (ops < 1 || ops > 10000) return lines.Error("operation count out of range");
      for (int64_t o = 0; o < ops; ++o) {
        if (i >= v.size())
          return lines.Error("job ends after " + std::to_string(o) + " of " + std::to_string(ops) + " operations");
        int64_t k = v[i++];
        if (k < 1 || k > p.machines)
          return lines.Error("operation " + std::to_string(o + 1) + ": bad alternative count");
        if (i + 2 * k > v.size())
          return lines.Error("operation " + std::to_string(o + 1) + ": missing 'machine time' pairs");
        Operation op;
        for (int64_t a = 0; a < k; ++a, i += 2) {
          TAKT_RETURN_IF_ERROR(check_pair(v[i], v[i + 1]));
          op.alternatives.push_back({static_cast<int>(v[i]), v[i + 1]});
        }
        job.operations.push_back(std::move(op));
      }
      if (i != v.size()) return lines.Error("extra numbers after the last operation");
    }
    p.jobs.push_back(std::move(job));
  }
  if (lines.Next(v, err)) return lines.Error("unexpected data after the last job");
  if (!err.ok()) return err;
  return p;
}

std::string FormatSchedule(const Schedule& s, Format format) {
  std::ostringstream out;
  out << "makespan " << s.makespan << "\n";
  for (const auto& job : s.jobs) {
    for (size_t i = 0; i < job.size(); ++i) {
      if (i) out << ' ';
      if (format == Format::kFjsp) out << job[i].machine << ':';
      out << job[i].start;
    }
    out << "\n";
  }
  return out.str();
}

int Problem::OperationCount() const {
  int n = 0;
  for (const auto& j : jobs) n += static_cast<int>(j.operations.size());
  return n;
}

}  // namespace takt::schedule

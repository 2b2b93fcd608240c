#include "metrics/metrics.h"

#include <charconv>
#include <cmath>

namespace takt::metrics {
namespace {

void AppendNumber(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (v == std::trunc(v) && std::fabs(v) < 9e15) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v)).ptr);
    return;
  }
  char buf[32];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// Label values escape backslash, double quote and newline.
void AppendLabels(std::string& out, const Labels& labels, std::string_view le = {}) {
  if (labels.empty() && le.empty()) return;
  out += '{';
  bool first = true;
  auto add = [&](std::string_view k, std::string_view v) {
    if (!first) out += ',';
    first = false;
    out.append(k);
    out += "=\"";
    for (char c : v) {
      if (c == '\\' || c == '"') {
        out += '\\';
        out += c;
      } else if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    out += '"';
  };
  for (const auto& [k, v] : labels) add(k, v);
  if (!le.empty()) add("le", le);
  out += '}';
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

std::vector<double> LatencyBounds() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> SizeBounds() {
  std::vector<double> b;
  for (double v = 1; v <= 4096; v *= 2) b.push_back(v);
  return b;
}

void Writer::Family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_.append(name);
  out_ += ' ';
  out_.append(help);
  out_ += "\n# TYPE ";
  out_.append(name);
  out_ += ' ';
  out_.append(type);
  out_ += '\n';
}

void Writer::Sample(std::string_view name, const Labels& labels, double value) {
  out_.append(name);
  AppendLabels(out_, labels);
  out_ += ' ';
  AppendNumber(out_, value);
  out_ += '\n';
}

void Writer::Histogram(std::string_view name, const Labels& labels, const metrics::Histogram& h) {
  // Read the buckets first: the count written is their sum, so the series stays consistent.
  uint64_t cumulative = 0;
  std::string base(name);
  for (size_t i = 0; i <= h.bounds().size(); ++i) {
    cumulative += h.bucket(i);
    std::string le;
    if (i == h.bounds().size()) {
      le = "+Inf";
    } else {
      AppendNumber(le, h.bounds()[i]);
    }
    out_ += base + "_bucket";
    AppendLabels(out_, labels, le);
    out_ += ' ';
    AppendNumber(out_, static_cast<double>(cumulative));
    out_ += '\n';
  }
  Sample(base + "_sum", labels, h.sum());
  Sample(base + "_count", labels, static_cast<double>(cumulative));
}

void Writer::Gauge(std::string_view name, std::string_view help, double value) {
  Family(name, "gauge", help);
  Sample(name, {}, value);
}

void Writer::CounterValue(std::string_view name, std::string_view help, uint64_t value) {
  Family(name, "counter", help);
  Sample(name, {}, static_cast<double>(value));
}

std::shared_ptr<void> Registry::Add(Collector c) {
  uint64_t id;
  {
    std::lock_guard l(mu_);
    id = next_++;
    entries_.push_back({id, std::move(c)});
  }
  return std::shared_ptr<void>(nullptr, [this, id](void*) {
    std::lock_guard l(mu_);
    std::erase_if(entries_, [id](const Entry& e) { return e.id == id; });
  });
}

std::string Registry::Scrape() const {
  Writer w;
  std::lock_guard l(mu_);
  for (const auto& e : entries_) e.collect(w);
  return w.Take();
}

}  // namespace takt::metrics

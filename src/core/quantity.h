// Quantities of material, exact to a millionth of a unit. Balances are sums of many movements,
// so they are kept as integers: adding and subtracting never drifts, and a mass balance either
// holds exactly or is a bug.
//
// Bounds. One quantity given to a command is at most kMaxUnits (10^9 units, 10^15 micro-units),
// which a JSON double carries exactly, so events keep plain JSON numbers. What the state adds up
// (a location's stock, a lot's cumulative consumed / scrapped / shipped / adjusted, a material's
// stock across the plant, an operation's good or scrap) is held by the commands within
// kMaxStoredMicros (10^12 units): the longest formula of stored values (a lot's balance sheet,
// five terms) stays inside int64. Sums over an unbounded number of stored values (balances over
// many sites, an order's deviations) use QuantitySum, which cannot overflow.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace takt {

class Quantity {
 public:
  static constexpr int64_t kScale = 1'000'000;  // micro-units
  // Largest magnitude accepted for one quantity of a command.
  static constexpr double kMaxUnits = 1e9;
  // Largest magnitude a stored quantity may reach through accepted commands (10^12 units).
  static constexpr int64_t kMaxStoredMicros = 1'000'000'000'000'000'000;
  static constexpr double kMaxStoredUnits = 1e12;
  // Largest magnitude read back from a JSON double (events, legacy journals): the int64 range.
  static constexpr double kMaxReadUnits = 9e12;

  constexpr Quantity() = default;
  static constexpr Quantity FromMicros(int64_t m) { return Quantity(m); }

  // Input: rounds to the nearest micro-unit; nullopt for NaN, infinities or |d| > kMaxUnits.
  static std::optional<Quantity> FromDouble(double d) {
    if (!std::isfinite(d) || std::fabs(d) > kMaxUnits) return std::nullopt;
    return Quantity(std::llround(d * kScale));
  }
  // Journal values written as doubles: the same, up to kMaxReadUnits.
  static std::optional<Quantity> FromStored(double d) {
    if (!std::isfinite(d) || std::fabs(d) > kMaxReadUnits) return std::nullopt;
    return Quantity(std::llround(d * kScale));
  }

  constexpr int64_t micros() const { return m_; }
  double ToDouble() const { return static_cast<double>(m_) / kScale; }
  constexpr bool zero() const { return m_ == 0; }
  constexpr bool positive() const { return m_ > 0; }
  constexpr bool negative() const { return m_ < 0; }
  // Whether the magnitude is within kMaxStoredMicros.
  constexpr bool WithinBound() const { return m_ >= -kMaxStoredMicros && m_ <= kMaxStoredMicros; }

  // Unchecked: callers add values the bounds keep far from the int64 range.
  constexpr Quantity operator+(Quantity o) const { return Quantity(m_ + o.m_); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(m_ - o.m_); }
  constexpr Quantity operator-() const { return Quantity(-m_); }
  constexpr Quantity& operator+=(Quantity o) {
    m_ += o.m_;
    return *this;
  }
  constexpr Quantity& operator-=(Quantity o) {
    m_ -= o.m_;
    return *this;
  }

  // Checked: a + b, or nullopt if it leaves the int64 range (for applying journalled events,
  // where an overflow is a broken invariant).
  static std::optional<Quantity> Add(Quantity a, Quantity b) {
    int64_t r;
    if (__builtin_add_overflow(a.m_, b.m_, &r)) return std::nullopt;
    return Quantity(r);
  }
  // Checked against the bound: a + b, or nullopt if its magnitude would pass kMaxStoredMicros
  // (for validating commands).
  static std::optional<Quantity> Bounded(Quantity a, Quantity b) {
    auto r = Add(a, b);
    if (!r || !r->WithinBound()) return std::nullopt;
    return r;
  }

  // Scales by a factor (unit conversion, BOM per-unit quantities), rounding to a micro-unit.
  // Saturates at the int64 range instead of overflowing (a result past the bound is refused by
  // whoever stores it); NaN gives zero.
  Quantity Times(double f) const {
    double r = std::round(static_cast<double>(m_) * f);
    if (std::isnan(r)) return Quantity();
    if (r >= 9.2e18) return Quantity(INT64_MAX);
    if (r <= -9.2e18) return Quantity(INT64_MIN + 1);
    return Quantity(static_cast<int64_t>(r));
  }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  constexpr explicit Quantity(int64_t m) : m_(m) {}
  int64_t m_ = 0;
};

inline Quantity Min(Quantity a, Quantity b) {
  return a < b ? a : b;
}

// A sum of any number of quantities in a 128-bit accumulator: 2^64 terms of the int64 range
// cannot overflow it. For queries and projections that add many stored values.
class QuantitySum {
 public:
  __extension__ using Wide = __int128;

  constexpr QuantitySum() = default;
  constexpr explicit QuantitySum(Quantity q) : s_(q.micros()) {}
  constexpr QuantitySum& operator+=(Quantity q) {
    s_ += q.micros();
    return *this;
  }
  constexpr QuantitySum& operator-=(Quantity q) {
    s_ -= q.micros();
    return *this;
  }
  constexpr QuantitySum& operator+=(const QuantitySum& o) {
    s_ += o.s_;
    return *this;
  }
  constexpr QuantitySum& operator-=(const QuantitySum& o) {
    s_ -= o.s_;
    return *this;
  }
  // The sum as a Quantity, when it fits in int64 micro-units.
  constexpr std::optional<Quantity> Exact() const {
    if (s_ > INT64_MAX || s_ < INT64_MIN) return std::nullopt;
    return Quantity::FromMicros(static_cast<int64_t>(s_));
  }
  double ToDouble() const { return static_cast<double>(s_) / Quantity::kScale; }
  constexpr Wide micros() const { return s_; }
  constexpr bool positive() const { return s_ > 0; }
  constexpr bool zero() const { return s_ == 0; }
  constexpr auto operator<=>(const QuantitySum&) const = default;

 private:
  Wide s_ = 0;
};

}  // namespace takt

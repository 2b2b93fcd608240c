// Quantities of material, exact to a millionth of a unit. Balances are sums of many movements,
// so they are kept as integers: adding and subtracting never drifts, and a mass balance either
// holds exactly or is a bug.
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
  // Largest magnitude accepted for one quantity: 10^9 units leaves room for sums of thousands
  // of them within int64 micro-units (9.2 x 10^12 units).
  static constexpr double kMaxUnits = 1e9;

  constexpr Quantity() = default;
  static constexpr Quantity FromMicros(int64_t m) { return Quantity(m); }
  // Largest magnitude read back from the journal or a snapshot: sums of inputs (a location's
  // stock, cumulative totals) may exceed kMaxUnits, and must still load.
  static constexpr double kMaxStored = 9e12;

  // Input: rounds to the nearest micro-unit; nullopt for NaN, infinities or |d| > kMaxUnits.
  static std::optional<Quantity> FromDouble(double d) {
    if (!std::isfinite(d) || std::fabs(d) > kMaxUnits) return std::nullopt;
    return Quantity(std::llround(d * kScale));
  }
  // Journal and snapshot values: the same, up to kMaxStored.
  static std::optional<Quantity> FromStored(double d) {
    if (!std::isfinite(d) || std::fabs(d) > kMaxStored) return std::nullopt;
    return Quantity(std::llround(d * kScale));
  }

  constexpr int64_t micros() const { return m_; }
  double ToDouble() const { return static_cast<double>(m_) / kScale; }
  constexpr bool zero() const { return m_ == 0; }
  constexpr bool positive() const { return m_ > 0; }
  constexpr bool negative() const { return m_ < 0; }

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
  // Scales by a factor (unit conversion, BOM per-unit quantities), rounding to a micro-unit.
  Quantity Times(double f) const { return Quantity(std::llround(static_cast<double>(m_) * f)); }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  constexpr explicit Quantity(int64_t m) : m_(m) {}
  int64_t m_ = 0;
};

inline Quantity Min(Quantity a, Quantity b) {
  return a < b ? a : b;
}

}  // namespace takt

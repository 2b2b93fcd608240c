// UTC instants. Domain code never reads a clock: the instant of a command comes in with it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace takt {

// Microseconds since the Unix epoch, UTC.
struct Timestamp {
  int64_t micros = 0;
  auto operator<=>(const Timestamp&) const = default;
};

// "2026-11-21T08:30:00.123456Z" (fraction omitted when zero).
std::string FormatIso8601(Timestamp t);

// Accepts "YYYY-MM-DD" (midnight UTC) and "YYYY-MM-DDThh:mm:ss[.ffffff](Z|±hh:mm)", for instants
// from 0001-01-01 to 9999-12-31 UTC (so that FormatIso8601 writes them back the same).
std::optional<Timestamp> ParseIso8601(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's civil algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace takt

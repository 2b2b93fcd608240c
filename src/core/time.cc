#include "core/time.h"

#include <cstdio>

namespace takt {

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

unsigned DaysInMonth(int y, int m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::string FormatIso8601(Timestamp t) {
  int64_t secs = t.micros >= 0 ? t.micros / 1000000 : (t.micros - 999999) / 1000000;
  int64_t frac = t.micros - secs * 1000000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[48];
  if (y < 0 || y > 9999) {  // outside what ParseIso8601 reads: rare, printf's widths
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(y), m, d,
                          static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                          static_cast<long long>(rem % 60));
    if (frac != 0) n += std::snprintf(buf + n, sizeof buf - n, ".%06lld", static_cast<long long>(frac));
    std::snprintf(buf + n, sizeof buf - n, "Z");
    return buf;
  }
  // Digits by hand: replies carry many times, and snprintf costs some 4,000 instructions each.
  char* p = buf;
  const auto put = [&p](int64_t v, int width, char after) {
    for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
    p += width;
    if (after) *p++ = after;
  };
  put(y, 4, '-');
  put(m, 2, '-');
  put(d, 2, 'T');
  put(rem / 3600, 2, ':');
  put(rem / 60 % 60, 2, ':');
  put(rem % 60, 2, 0);
  if (frac != 0) {
    *p++ = '.';
    put(frac, 6, 0);
  }
  *p++ = 'Z';
  return std::string(buf, p);
}

std::optional<Timestamp> ParseIso8601(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' || !Digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > DaysInMonth(y, mo)) return std::nullopt;
  int64_t micros = 0, offset = 0;
  size_t p = 10;
  if (p < s.size()) {
    if ((s[p] != 'T' && s[p] != ' ') || !Digits(s, p + 1, 2, h) || s.size() < p + 9 || s[p + 3] != ':' ||
        !Digits(s, p + 4, 2, mi) || s[p + 6] != ':' || !Digits(s, p + 7, 2, se))
      return std::nullopt;
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    p += 9;
    if (p < s.size() && s[p] == '.') {
      ++p;
      int64_t scale = 100000;
      size_t start = p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
        if (scale > 0) micros += (s[p] - '0') * scale;
        scale /= 10;
        ++p;
      }
      if (p == start) return std::nullopt;
    }
    if (p == s.size()) return std::nullopt;  // a time without a zone is ambiguous
    if (s[p] == 'Z' && p + 1 == s.size()) {
      // UTC
    } else if ((s[p] == '+' || s[p] == '-') && s.size() == p + 6 && s[p + 3] == ':') {
      int oh, om;
      if (!Digits(s, p + 1, 2, oh) || !Digits(s, p + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
      offset = (oh * 3600 + om * 60) * (s[p] == '+' ? 1 : -1);
    } else {
      return std::nullopt;
    }
  }
  int64_t secs = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
  // Instants that FormatIso8601 writes as four-digit years only, so every parsed time reads back.
  static const int64_t kFirst = DaysFromCivil(1, 1, 1) * 86400, kEnd = DaysFromCivil(10000, 1, 1) * 86400;
  if (secs < kFirst || secs >= kEnd) return std::nullopt;
  return Timestamp{secs * 1000000 + micros};
}

}  // namespace takt

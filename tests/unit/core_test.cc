#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>
#include <random>

#include "core/hash.h"
#include "core/json.h"
#include "core/time.h"

namespace takt {
namespace {

TEST(Time, FormatsAndParsesIso8601) {
  auto t = ParseIso8601("2026-11-21T08:30:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIso8601(*t), "2026-11-21T08:30:00Z");
  EXPECT_EQ(ParseIso8601("2026-11-21T09:30:00+01:00"), t);
  EXPECT_EQ(ParseIso8601("2026-11-21")->micros, DaysFromCivil(2026, 11, 21) * 86400 * 1000000);
  EXPECT_EQ(FormatIso8601(Timestamp{1500000}), "1970-01-01T00:00:01.500000Z");
  EXPECT_EQ(FormatIso8601(Timestamp{-1}), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2024-02-29T23:59:59.25Z")), "2024-02-29T23:59:59.250000Z");
}

// Every instant of years 1 to 9999 prints in the one form, and reads back.
TEST(Time, FormatsEveryInstantInOneForm) {
  std::mt19937_64 rng(13);
  const int64_t first = DaysFromCivil(1, 1, 1) * 86400 * 1000000, end = DaysFromCivil(10000, 1, 1) * 86400 * 1000000;
  std::uniform_int_distribution<int64_t> any(first, end - 1);
  for (int i = 0; i < 20000; ++i) {
    Timestamp t{i % 2 ? any(rng) : any(rng) / 1000000 * 1000000};
    std::string text = FormatIso8601(t);
    int64_t y, mo, d, h, mi, s, us = 0;
    ASSERT_EQ(text.size(), t.micros % 1000000 ? 27u : 20u) << text;
    ASSERT_EQ(std::sscanf(text.c_str(), "%4ld-%2ld-%2ldT%2ld:%2ld:%2ld", &y, &mo, &d, &h, &mi, &s), 6) << text;
    if (text.size() == 27) {
      ASSERT_EQ(std::sscanf(text.c_str() + 19, ".%6ld", &us), 1) << text;
    }
    EXPECT_EQ((DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000000 + us, t.micros) << text;
    EXPECT_EQ(ParseIso8601(text), t) << text;
  }
  EXPECT_EQ(FormatIso8601(Timestamp{first}), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601(Timestamp{end - 1}), "9999-12-31T23:59:59.999999Z");
}

TEST(Time, RefusesMalformedDates) {
  for (const char* bad : {"", "2026", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-21T08:30:00",
                          "2026-11-21T25:00:00Z", "2026-11-21T08:30Z", "2026-11-21Tx", "2026-11-21T08:30:00.Z"})
    EXPECT_FALSE(ParseIso8601(bad)) << bad;
}

TEST(Hash, ChainsAreSensitiveToFieldBoundaries) {
  EXPECT_NE(Hasher().UpdateField("ab").UpdateField("c").Finish(), Hasher().UpdateField("a").UpdateField("bc").Finish());
  Digest d = Hasher().Update("x").Finish();
  Digest back{};
  ASSERT_TRUE(FromHex(ToHex(d), back));
  EXPECT_EQ(back, d);
  EXPECT_FALSE(FromHex("zz", back));
}

TEST(Hash, TokensAreRandomAndUrlSafe) {
  InitCrypto();
  std::string a = RandomToken(), b = RandomToken();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("takt_", 0), 0u);
  EXPECT_EQ(a.size(), 5u + 43u);
  EXPECT_EQ(a.find_first_not_of("takt_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"),
            std::string::npos);
  EXPECT_NE(TokenHash(a), a);
  EXPECT_EQ(TokenHash(a).size(), 64u);
}

// Ill-formed UTF-8 becomes U+FFFD per maximal subpart (Unicode's recommended practice), so error
// messages that quote a client's bytes stay valid JSON.
TEST(Json, Utf8IsCheckedAndRepaired) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_TRUE(IsValidUtf8("plain, \xC3\xA9t\xC3\xA9, \xF0\x9F\x98\x80"));
  EXPECT_EQ(ValidUtf8("plain \xC3\xA9"), "plain \xC3\xA9");
  for (auto [in, out] : std::vector<std::pair<std::string, std::string>>{
           {"\xFF\xFE", r + r},                  // never in UTF-8
           {"a\xC3", "a" + r},                   // cut short at the end
           {"\xE2\x82z", r + "z"},               // cut short: one replacement for both bytes
           {"\xC0\xAF", r + r},                  // overlong '/'
           {"\xED\xA0\x80", r + r + r},          // a surrogate
           {"\xF4\x90\x80\x80", r + r + r + r},  // above U+10FFFF
           {"\xF0\x9F\x98", r},                  // a 4-byte sequence cut short
           {"x\x80y", "x" + r + "y"}}) {         // a lone continuation byte
    EXPECT_FALSE(IsValidUtf8(in)) << in;
    EXPECT_EQ(ValidUtf8(in), out) << in;
    EXPECT_TRUE(IsValidUtf8(ValidUtf8(in)));
  }
}

TEST(Json, ReaderReportsPathOfFirstError) {
  auto v = ParseJson(R"({"a": {"b": [1, {"c": "x"}]}, "n": "7"})");
  ASSERT_TRUE(v.ok());
  FieldReader r(*v, "");
  r.Integer("n");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "n");
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
}

// Integers: whole doubles are read, and anything outside int64 is refused rather than cast.
TEST(Json, IntegersOutsideInt64AreRefused) {
  auto v = ParseJson(R"({"a": 3.0, "b": 1e300, "c": 9223372036854775808.0, "d": -9223372036854775808.0,
                         "e": 18446744073709551615, "f": 2.5})");
  ASSERT_TRUE(v.ok());
  for (auto [key, want] : std::vector<std::pair<const char*, std::optional<int64_t>>>{{"a", 3},
                                                                                      {"b", std::nullopt},
                                                                                      {"c", std::nullopt},
                                                                                      {"d", INT64_MIN},
                                                                                      {"e", std::nullopt},
                                                                                      {"f", std::nullopt}}) {
    FieldReader r(*v, "");
    EXPECT_EQ(r.Integer(key), want) << key;
    EXPECT_EQ(r.ok(), want.has_value()) << key;
  }
}

TEST(Json, ReaderRefusesUnknownFields) {
  auto v = ParseJson(R"({"id": "x", "colour": "red"})");
  FieldReader r(*v, "item");
  EXPECT_EQ(r.Id("id"), "x");
  Status s = r.Finish();
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.field(), "item.colour");
}

TEST(Json, ParseRefusesInvalidUtf8AndDeepNesting) {
  EXPECT_FALSE(ParseJson("{\"a\": \"\xff\xfe\"}").ok());
  EXPECT_FALSE(ParseJson(std::string(100, '[') + std::string(100, ']')).ok());
  EXPECT_FALSE(ParseJson("{\"a\": 1,}").ok());
  EXPECT_TRUE(ParseJson("{\"a\": \"caf\xc3\xa9\"}").ok());
}

TEST(Json, IntegralDoublesPrintAsIntegers) {
  EXPECT_EQ(Serialize(Number(12.0)), "12");
  EXPECT_EQ(Serialize(Number(-3.0)), "-3");
  EXPECT_EQ(*ParseJson(Serialize(Number(0.25))), json::value(0.25));
  EXPECT_TRUE(Number(1e300).is_double());
}

TEST(Json, DoublesPrintInPlainDecimalAndReadBackExactly) {
  EXPECT_EQ(Serialize(json::value(0.971)), "0.971");
  EXPECT_EQ(Serialize(json::value(0.01)), "0.01");
  EXPECT_EQ(Serialize(json::value(-1e-6)), "-0.000001");
  EXPECT_EQ(Serialize(json::value(1e20)), "100000000000000000000");
  EXPECT_EQ(Serialize(json::value(2.5e-300)), "2.5e-300");  // far outside: exponent form
  EXPECT_EQ(Serialize(json::value(std::nan(""))), "null");
  EXPECT_EQ(Serialize(json::object{{"a", json::array{0.5, 2, "x\"y"}}}), R"({"a":[0.5,2,"x\"y"]})");
  // The text is the shortest that reads back exactly (std::from_chars; Boost.JSON 1.81's own
  // parser may be an ulp off far from 1).
  for (double d : {0.1 + 0.2, 1.0 / 3, 123456.789e-12, 2.5e-300, 9.007199254740993e15}) {
    std::string text = Serialize(json::value(d));
    double back = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), back);
    ASSERT_EQ(r.ptr, text.data() + text.size()) << text;
    EXPECT_EQ(back, d) << text;
  }
}

// Everything but doubles prints exactly as Boost.JSON prints it (event payloads are hashed
// text: their form must not change): every byte in a string and a key, integers at their limits.
TEST(Json, PrintsAsBoostJsonDoesButForDoubles) {
  std::string all;
  for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
  json::object o{{"bytes", all},
                 {all, "key"},
                 {"", ""},
                 {"n", json::array{INT64_MIN, INT64_MAX, UINT64_MAX, 0, -1, true, false, nullptr}},
                 {"nested", json::object{{"a", json::array{}}, {"b", json::object{}}, {"c", "caf\xc3\xa9 \"/\\"}}}};
  o["nul"] = std::string("a\0b", 3);
  EXPECT_EQ(Serialize(o), json::serialize(o));
  for (int c = 0; c < 256; ++c) {
    json::value s(std::string(1, static_cast<char>(c)) + "x");
    EXPECT_EQ(Serialize(s), json::serialize(s)) << c;
  }
  // Strings are scanned eight bytes at a time: escapes at every place in and across words.
  std::mt19937 rng(7);
  const char kSome[] = {'a', '"', '\\', '\n', '\x01', '\x1f', ' ', '\x7f', '\x80', '\xff', 'z'};
  json::array a;
  for (int i = 0; i < 2000; ++i) {
    std::string text(rng() % 40, ' ');
    for (char& c : text) c = rng() % 4 ? 'a' + static_cast<char>(rng() % 26) : kSome[rng() % sizeof kSome];
    a.emplace_back(text);
    EXPECT_EQ(Serialize(a.back()), json::serialize(a.back())) << i;
  }
  EXPECT_EQ(Serialize(a), json::serialize(a));
}

TEST(Json, Ids) {
  EXPECT_TRUE(IsValidId("WU-01.a:b_c"));
  EXPECT_FALSE(IsValidId(""));
  EXPECT_FALSE(IsValidId("-x"));
  EXPECT_FALSE(IsValidId("a b"));
  EXPECT_FALSE(IsValidId("a/b"));
  EXPECT_FALSE(IsValidId(std::string(65, 'a')));
}

// Events carry one command's quantity (at most 10^9 units) as a JSON number: it must come back
// to the same micro-unit, at the edges and anywhere between.
TEST(Quantity, EveryCommandQuantitySurvivesAJsonDouble) {
  auto round_trip = [](int64_t m) {
    Quantity q = Quantity::FromMicros(m);
    auto back = ParseJson(Serialize(ToJson(q)));
    return Quantity::FromStored(back->to_number<double>());
  };
  const int64_t most = static_cast<int64_t>(Quantity::kMaxUnits) * Quantity::kScale;
  for (int64_t m : {int64_t{1}, most, most - 1, most / 3, -most, -(most - 1), int64_t{999'999'999'999'999}})
    EXPECT_EQ(round_trip(m), Quantity::FromMicros(m)) << m;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> any(-most, most);
  for (int i = 0; i < 200000; ++i) {
    int64_t m = any(rng);
    ASSERT_EQ(round_trip(m), Quantity::FromMicros(m)) << m;
  }
  // Snapshots write integer micro-units: exact over the whole stored range.
  Quantity top = Quantity::FromMicros(Quantity::kMaxStoredMicros - 1);
  EXPECT_EQ(ToJson(top, QtyForm::kMicros).as_int64(), Quantity::kMaxStoredMicros - 1);
}

TEST(Quantity, CheckedAndBoundedSums) {
  const Quantity bound = Quantity::FromMicros(Quantity::kMaxStoredMicros);
  const Quantity micro = Quantity::FromMicros(1);
  EXPECT_EQ(Quantity::Bounded(bound - micro, micro), bound);
  EXPECT_FALSE(Quantity::Bounded(bound, micro));
  EXPECT_FALSE(Quantity::Bounded(-bound, -micro));
  EXPECT_FALSE(Quantity::Add(Quantity::FromMicros(INT64_MAX), micro));
  EXPECT_TRUE(Quantity::Add(Quantity::FromMicros(INT64_MAX), -micro));
  // Scaling saturates instead of wrapping.
  EXPECT_EQ(bound.Times(1e6).micros(), INT64_MAX);
  EXPECT_LT((-bound).Times(1e6).micros(), -Quantity::kMaxStoredMicros);
  EXPECT_EQ(Quantity::FromMicros(3).Times(0.5).micros(), 2);
}

// Sums of many stored values (balances over sites, an order's deviations) cannot wrap.
TEST(Quantity, WideSumsNeverWrap) {
  QuantitySum s;
  for (int i = 0; i < 100; ++i) s += Quantity::FromMicros(INT64_MAX);
  EXPECT_FALSE(s.Exact());
  EXPECT_GT(s.ToDouble(), 9e14);  // 100 x 9.2 x 10^12 units
  EXPECT_TRUE(ToJson(s).is_double());
  EXPECT_GT(ToJson(s).as_double(), 0);
  for (int i = 0; i < 100; ++i) s -= Quantity::FromMicros(INT64_MAX);
  s += Quantity::FromMicros(5'500'000);
  EXPECT_EQ(s.Exact(), Quantity::FromMicros(5'500'000));
  EXPECT_EQ(ToJson(s).as_double(), 5.5);
}

}  // namespace
}  // namespace takt

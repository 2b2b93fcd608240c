// The payload codec against the spec-conformant vectors (each compared with its text form),
// the deliberately broken benthos-umh vectors, and hostile bytes.
#include "connect/sparkplug/payload.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace takt::sparkplug {
namespace {

namespace fs = std::filesystem;

fs::path VectorDir(const std::string& name) {
  return fs::path(TAKT_SHARED_DATA) / "sparkplug/test-vectors" / name;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- A reader for the vectors' protobuf text form (flat fields and one level of `metrics {}`) ----

struct TextMetric {
  std::map<std::string, std::string> fields;  // name -> literal ("\"x\"" for strings)
};
struct TextPayload {
  std::map<std::string, std::string> fields;
  std::vector<TextMetric> metrics;
};

TextPayload ParseText(const std::string& text) {
  TextPayload out;
  std::map<std::string, std::string>* target = &out.fields;
  size_t i = 0;
  auto skip = [&] {
    while (i < text.size()) {
      if (std::isspace(static_cast<unsigned char>(text[i]))) {
        ++i;
      } else if (text[i] == '#') {
        while (i < text.size() && text[i] != '\n') ++i;
      } else {
        break;
      }
    }
  };
  while (true) {
    skip();
    if (i >= text.size()) break;
    if (text[i] == '}') {
      target = &out.fields;
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
    std::string key = text.substr(start, i - start);
    skip();
    if (text[i] == '{') {
      out.metrics.emplace_back();
      target = &out.metrics.back().fields;
      ++i;
      continue;
    }
    EXPECT_EQ(text[i], ':') << "at " << i;
    ++i;
    skip();
    start = i;
    if (text[i] == '"') {
      i = text.find('"', i + 1) + 1;
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '}') ++i;
    }
    (*target)[key] = text.substr(start, i - start);
  }
  return out;
}

// The decoded value in the text form's spelling of its field.
void ExpectValue(const Metric& m, const std::map<std::string, std::string>& f, const std::string& where) {
  if (f.count("int_value") || f.count("long_value")) {
    std::string lit = f.count("int_value") ? f.at("int_value") : f.at("long_value");
    std::string got = std::visit(
        [](const auto& v) -> std::string {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>) return std::to_string(v);
          return "?";
        },
        m.value);
    EXPECT_EQ(got, lit) << where;
  } else if (f.count("double_value")) {
    ASSERT_TRUE(std::holds_alternative<double>(m.value)) << where;
    EXPECT_DOUBLE_EQ(std::get<double>(m.value), std::stod(f.at("double_value"))) << where;
  } else if (f.count("boolean_value")) {
    ASSERT_TRUE(std::holds_alternative<bool>(m.value)) << where;
    EXPECT_EQ(std::get<bool>(m.value), f.at("boolean_value") == "true") << where;
  } else if (f.count("string_value")) {
    ASSERT_TRUE(std::holds_alternative<std::string>(m.value)) << where;
    EXPECT_EQ("\"" + std::get<std::string>(m.value) + "\"", f.at("string_value")) << where;
  } else {
    EXPECT_TRUE(std::holds_alternative<std::monostate>(m.value)) << where;
  }
}

TEST(SparkplugPayload, ConformantVectorsDecodeToTheirTextForm) {
  fs::path dir = VectorDir("local-spec-conformant");
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " not found";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".pb") continue;
    std::string name = entry.path().filename().string();
    std::string bytes = ReadFile(entry.path());
    auto text = ParseText(ReadFile(fs::path(entry.path()).replace_extension(".txtpb")));
    auto p = DecodePayload(bytes);
    ASSERT_TRUE(p.ok()) << name << ": " << p.status().message();
    EXPECT_EQ(p->timestamp.has_value(), text.fields.count("timestamp") == 1) << name;
    if (p->timestamp) {
      EXPECT_EQ(std::to_string(*p->timestamp), text.fields["timestamp"]) << name;
    }
    EXPECT_EQ(p->seq.has_value(), text.fields.count("seq") == 1) << name;
    if (p->seq) {
      EXPECT_EQ(std::to_string(*p->seq), text.fields["seq"]) << name;
    }
    ASSERT_EQ(p->metrics.size(), text.metrics.size()) << name;
    for (size_t i = 0; i < text.metrics.size(); ++i) {
      const auto& f = text.metrics[i].fields;
      const Metric& m = p->metrics[i];
      std::string where = name + " metrics[" + std::to_string(i) + "]";
      EXPECT_EQ(m.name.empty() ? "" : "\"" + m.name + "\"", f.count("name") ? f.at("name") : "") << where;
      EXPECT_EQ(m.alias ? std::to_string(*m.alias) : "", f.count("alias") ? f.at("alias") : "") << where;
      EXPECT_EQ(m.timestamp ? std::to_string(*m.timestamp) : "", f.count("timestamp") ? f.at("timestamp") : "")
          << where;
      EXPECT_EQ(m.datatype ? std::to_string(*m.datatype) : "", f.count("datatype") ? f.at("datatype") : "") << where;
      EXPECT_EQ(m.is_null, f.count("is_null") && f.at("is_null") == "true") << where;
      ExpectValue(m, f, where);
    }
    // Our encoder writes the same bytes back (field order and presence as protoc's).
    EXPECT_EQ(EncodePayload(*p), bytes) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(SparkplugPayload, ConformantVectorsExplicitFields) {
  fs::path dir = VectorDir("local-spec-conformant");
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " not found";
  auto nbirth = DecodePayload(ReadFile(dir / "01_NBIRTH.pb"));
  ASSERT_TRUE(nbirth.ok());
  EXPECT_EQ(nbirth->seq, 0u);
  ASSERT_EQ(nbirth->metrics.size(), 4u);
  EXPECT_EQ(nbirth->metrics[0].name, "bdSeq");
  EXPECT_EQ(std::get<int64_t>(nbirth->metrics[0].value), 7);  // Int64
  EXPECT_EQ(nbirth->metrics[1].name, "Node Control/Rebirth");
  EXPECT_FALSE(nbirth->metrics[1].alias.has_value());
  EXPECT_EQ(std::get<bool>(nbirth->metrics[1].value), false);
  EXPECT_EQ(nbirth->metrics[2].alias, 2u);
  EXPECT_EQ(std::get<int64_t>(nbirth->metrics[2].value), 6);  // Int32 PackML Execute

  auto dbirth = DecodePayload(ReadFile(dir / "02_DBIRTH.pb"));
  ASSERT_TRUE(dbirth.ok());
  EXPECT_EQ(dbirth->metrics[3].name, "Speed/Actual");
  EXPECT_DOUBLE_EQ(std::get<double>(dbirth->metrics[3].value), 118.5);
  EXPECT_EQ(std::get<uint64_t>(dbirth->metrics[1].value), 5000u);  // UInt64

  auto ddata = DecodePayload(ReadFile(dir / "04_DDATA_state_change.pb"));
  ASSERT_TRUE(ddata.ok());
  EXPECT_TRUE(ddata->metrics[0].name.empty());
  EXPECT_EQ(ddata->metrics[0].alias, 10u);
  EXPECT_EQ(ddata->metrics[0].timestamp, 1700000119950u);

  auto null = DecodePayload(ReadFile(dir / "05_NDATA_null.pb"));
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(null->metrics[0].is_null);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(null->metrics[0].value));

  auto ndeath = DecodePayload(ReadFile(dir / "07_NDEATH.pb"));
  ASSERT_TRUE(ndeath.ok());
  EXPECT_FALSE(ndeath->seq.has_value());  // NDEATH carries no seq

  // The host's rebirth command is byte for byte the spec's example.
  EXPECT_EQ(EncodeRebirthRequest(1700000300000), ReadFile(dir / "08_NCMD_rebirth.pb"));
}

TEST(SparkplugPayload, BenthosVectorsDecodeOrAreRefusedWithoutHarm) {
  fs::path dir = VectorDir("benthos-umh/bin");
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " not found";
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".pb") continue;
    std::string bytes = ReadFile(entry.path());
    auto p = DecodePayload(bytes);
    if (p.ok()) {
      EXPECT_EQ(p->timestamp, 1750855643474u) << entry.path();
    } else {
      EXPECT_FALSE(p.status().message().empty());
    }
    ++seen;
  }
  EXPECT_EQ(seen, 7);
  auto birth = DecodePayload(ReadFile(dir / "NBIRTH_V1.pb"));
  ASSERT_TRUE(birth.ok()) << birth.status().message();
  ASSERT_EQ(birth->metrics.size(), 3u);
  EXPECT_EQ(birth->metrics[0].datatype, 8u);  // bdSeq typed UInt64 here
  EXPECT_EQ(std::get<uint64_t>(birth->metrics[0].value), 88u);
  EXPECT_EQ(birth->metrics[2].alias, 100u);
  EXPECT_DOUBLE_EQ(std::get<double>(birth->metrics[2].value), 21.5);
  auto death = DecodePayload(ReadFile(dir / "NDEATH_V1.pb"));
  ASSERT_TRUE(death.ok());
  EXPECT_EQ(death->seq, 0u);  // against the spec, and harmless
  auto large = DecodePayload(ReadFile(dir / "NBIRTH_LARGE.pb"));
  ASSERT_TRUE(large.ok());
  EXPECT_GT(large->metrics.size(), 100u);
}

TEST(SparkplugPayload, EmptyInputIsAnEmptyPayload) {
  auto p = DecodePayload("");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->timestamp.has_value());
  EXPECT_TRUE(p->metrics.empty());
}

void ExpectRefused(std::string_view bytes, const std::string& fragment) {
  auto p = DecodePayload(bytes);
  ASSERT_FALSE(p.ok()) << "accepted: " << fragment;
  EXPECT_EQ(p.status().code(), Code::kInvalidArgument);
  EXPECT_NE(p.status().message().find(fragment), std::string::npos) << p.status().message();
}

TEST(SparkplugPayload, MalformedBytesAreRefusedWithAClearMessage) {
  using namespace std::string_literals;
  ExpectRefused("\x12\xff\xff\xff\xff\x0f"s, "runs past the end");                     // huge length prefix
  ExpectRefused("\x12\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"s, "truncated length");  // 11-byte varint
  ExpectRefused("\x08"s, "truncated or overlong varint");                              // timestamp without value
  ExpectRefused("\x09\x01\x02"s, "truncated 64-bit field");
  ExpectRefused("\x0b\x0c"s, "unsupported wire type 3");  // a proto2 group
  ExpectRefused("\x07"s, "invalid field number");
  // metrics[1] cut in the middle of its name.
  ExpectRefused("\x12\x03\x0a\x01x\x12\x05\x0a\x07"s, "metrics[1]: length 5 runs past the end");
  // A metric that nothing can address.
  ExpectRefused("\x12\x02\x18\x01"s, "metrics[0]: neither name nor alias");
}

TEST(SparkplugPayload, TruncatedVectorsNeverCrash) {
  fs::path dir = VectorDir("local-spec-conformant");
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " not found";
  std::string bytes = ReadFile(dir / "02_DBIRTH.pb");
  int refused = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto p = DecodePayload(std::string_view(bytes).substr(0, n));
    if (!p.ok()) ++refused;
  }
  // Cuts on a field boundary are valid (shorter) payloads; most cuts are not.
  EXPECT_GT(refused, static_cast<int>(bytes.size()) / 2);
}

TEST(SparkplugPayload, RandomBytesNeverCrash) {
  std::mt19937 rng(42);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 64, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    // Half of them start like a metric, to get past the first tag.
    if (i % 2 && !s.empty()) s[0] = 0x12;
    auto p = DecodePayload(s);
    if (p.ok()) ++accepted;
  }
  EXPECT_LT(accepted, 20000);
}

// Valid payloads with bytes flipped, dropped or repeated: every outcome is a value or an error.
TEST(SparkplugPayload, MutatedPayloadsNeverCrash) {
  Payload p;
  p.timestamp = 1700000000000;
  p.seq = 3;
  for (int i = 0; i < 4; ++i) {
    Metric& m = p.metrics.emplace_back();
    m.name = "metric/" + std::to_string(i);
    m.alias = i;
    m.timestamp = 1700000000000 + i;
    m.datatype = static_cast<uint32_t>(i % 2 ? DataType::kString : DataType::kInt32);
    m.value = i % 2 ? Value(std::string("text")) : Value(int64_t{-i});
  }
  std::string base = EncodePayload(p);
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s = base;
    switch (i % 3) {
      case 0:
        s[rng() % s.size()] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1:
        s.erase(rng() % s.size(), 1 + rng() % 4);
        break;
      default:
        s.insert(rng() % s.size(), s.substr(rng() % s.size(), 1 + rng() % 8));
    }
    auto r = DecodePayload(s);
    if (!r.ok()) {
      EXPECT_FALSE(r.status().message().empty());
    }
  }
}

TEST(SparkplugPayload, SizeAndAmplificationLimits) {
  ExpectRefused(std::string(kMaxPayloadBytes + 1, '\0'), "more than");
  // A million and one empty metrics: 2 bytes each on the wire, a message object each in memory.
  std::string many;
  for (size_t i = 0; i <= kMaxElements; ++i) many += std::string("\x12\x00", 2);
  ExpectRefused(many, "nested elements");
  // Templates nested: metrics { name template_value { metrics { name template_value { ... } } } }.
  auto varint = [](size_t n) {
    std::string s;
    while (n >= 0x80) {
      s += static_cast<char>((n & 0x7f) | 0x80);
      n >>= 7;
    }
    s += static_cast<char>(n);
    return s;
  };
  auto nested = [&](int depth) {
    std::string metric = "\x0a\x01x";
    for (int i = 0; i < depth; ++i) {
      std::string tmpl = "\x12" + varint(metric.size()) + metric;  // Template.metrics
      metric = "\x0a\x01x\x92\x01" + varint(tmpl.size()) + tmpl;   // Metric.name, Metric.template_value
    }
    return "\x12" + varint(metric.size()) + metric;
  };
  auto shallow = DecodePayload(nested(10));
  EXPECT_TRUE(shallow.ok()) << shallow.status().message();
  ExpectRefused(nested(40), "nested deeper than");
}

TEST(SparkplugPayload, SignedIntegersFollowTheDatatype) {
  Payload p;
  Metric& m = p.metrics.emplace_back();
  m.name = "t";
  m.datatype = static_cast<uint32_t>(DataType::kInt32);
  m.value = int64_t{-5};
  auto back = DecodePayload(EncodePayload(p));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<int64_t>(back->metrics[0].value), -5);
  // DATA without its datatype: read unsigned, then the birth's datatype applies.
  m.datatype.reset();
  m.alias = 4;
  m.name.clear();
  m.value = uint64_t{0xFFFFFFFBu};
  auto data = DecodePayload(EncodePayload(p));
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(std::get<uint64_t>(data->metrics[0].value), 0xFFFFFFFBu);
  EXPECT_EQ(std::get<int64_t>(Reinterpret(data->metrics[0].value, 3)), -5);
  EXPECT_EQ(std::get<int64_t>(Reinterpret(uint64_t{0xFF}, 1)), -1);      // Int8
  EXPECT_EQ(std::get<uint64_t>(Reinterpret(uint64_t{0xFF}, 5)), 0xFFu);  // UInt8
}

}  // namespace
}  // namespace takt::sparkplug

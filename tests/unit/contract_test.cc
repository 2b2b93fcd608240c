// The contract layer: one description gives decoding, encoding and the schema.
#include <gtest/gtest.h>

#include "core/contract/schema.h"

namespace takt::contract {

enum class Shape { kRound, kSquare };
template <>
struct EnumNames<Shape> {
  static constexpr std::pair<Shape, std::string_view> kValues[] = {{Shape::kRound, "round"},
                                                                   {Shape::kSquare, "square"}};
};

struct Head {
  std::string id;
  int64_t version = 0;
};
template <>
struct Describe<Head> {
  static constexpr std::string_view kName = "Head";
  static constexpr auto kFields =
      std::tuple{Field("id", &Head::id, kRequired | kId), Field("version", &Head::version, kReadOnly)};
};

struct Part {
  std::string material;
  Quantity quantity;
};
template <>
struct Describe<Part> {
  static constexpr std::string_view kName = "Part";
  static constexpr auto kFields = std::tuple{Field("material", &Part::material, kRequired | kId),
                                             Field("quantity", &Part::quantity, kRequired, {}, kPositive)};
};

struct Thing {
  Head head;
  Shape shape = Shape::kRound;
  std::string parent;
  std::optional<Timestamp> due;
  std::vector<std::string> tags;
  std::vector<Part> parts;
  double ratio = 0.5;
  std::string note;
};
template <>
struct Describe<Thing> {
  static constexpr std::string_view kName = "Thing";
  static constexpr std::string_view kDoc = "a thing for tests";
  static constexpr auto kFields = std::tuple{Inline(&Thing::head),
                                             Field("shape", &Thing::shape, kRequired),
                                             Field("parent", &Thing::parent, kId | kNullIfEmpty),
                                             Field("due", &Thing::due),
                                             Field("tags", &Thing::tags, kId | kUnique),
                                             Field("parts", &Thing::parts),
                                             Field("ratio", &Thing::ratio, kOptional, "a share", Range(0, 1)),
                                             Field("note", &Thing::note, kOmitIfEmpty)};
  static void Check(Thing& t, const json::object&, Decoder& d) {
    if (t.parent == t.head.id) d.Fail(Code::kUnprocessable, "parent", "a thing cannot be its own parent");
  }
};

// Names that repeat (the later wins in an object), and an Encoded hook that edits the object.
struct Twice {
  std::string a, b;
  int64_t n = 0;
};
template <>
struct Describe<Twice> {
  static constexpr std::string_view kName = "Twice";
  static constexpr auto kFields =
      std::tuple{Field("a", &Twice::a), Field("n", &Twice::n), Field("a", &Twice::b, kNullIfEmpty)};
};
struct Edited {
  std::string a;
  int64_t n = 0;
};
template <>
struct Describe<Edited> {
  static constexpr std::string_view kName = "Edited";
  static constexpr auto kFields = std::tuple{Field("a", &Edited::a), Field("n", &Edited::n)};
  static void Encoded(const Edited& e, json::object& o) {
    if (e.n == 0) o.erase("n");
  }
};

struct Tally {
  uint64_t seen = 0;
};
template <>
struct Describe<Tally> {
  static constexpr std::string_view kName = "Tally";
  static constexpr auto kFields = std::tuple{Field("seen", &Tally::seen)};
};

namespace {

Status Error(std::string_view text) {
  auto r = Decode<Thing>(*ParseJson(text));
  return r.ok() ? Status::Ok() : r.status();
}

TEST(Contract, DecodesWhatTheDescriptionSays) {
  auto t = Decode<Thing>(*ParseJson(
      R"({"id":"T1","version":99,"shape":"square","parent":null,"due":"2026-12-01","tags":["a","b"],
          "parts":[{"material":"M1","quantity":2.5}]})"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->head.id, "T1");
  EXPECT_EQ(t->head.version, 0);  // read-only: ignored in requests
  EXPECT_EQ(t->shape, Shape::kSquare);
  EXPECT_EQ(t->parent, "");
  ASSERT_TRUE(t->due.has_value());
  EXPECT_EQ(FormatIso8601(*t->due), "2026-12-01T00:00:00Z");
  EXPECT_EQ(t->parts.at(0).quantity, *Quantity::FromDouble(2.5));
  EXPECT_EQ(t->ratio, 0.5);  // absent: the default stays
}

TEST(Contract, RefusesWithThePathOfTheFirstBadField) {
  EXPECT_EQ(Error(R"({"shape":"round"})").field(), "id");
  EXPECT_EQ(Error(R"({"id":"T1"})").field(), "shape");
  EXPECT_EQ(Error(R"({"id":"T1","shape":"oval"})").message(), "expected one of round, square");
  EXPECT_EQ(Error(R"({"id":"bad id","shape":"round"})").field(), "id");
  EXPECT_EQ(Error(R"({"id":"T1","shape":"round","colour":"red"})").field(), "colour");
  EXPECT_EQ(Error(R"({"id":"T1","shape":"round","tags":["a","a"]})").field(), "tags[1]");
  EXPECT_EQ(Error(R"({"id":"T1","shape":"round","parts":[{"material":"M","quantity":0}]})").field(),
            "parts[0].quantity");
  EXPECT_EQ(Error(R"({"id":"T1","shape":"round","parts":[{"material":"M","quantity":1,"x":1}]})").field(),
            "parts[0].x");
  EXPECT_EQ(Error(R"({"id":"T1","shape":"round","ratio":1.5})").message(), "expected a number from 0 to 1");
  EXPECT_EQ(Error(R"({"id":"T1","shape":"round","due":"tomorrow"})").field(), "due");
  Status s = Error(R"({"id":"T1","shape":"round","parent":"T1"})");
  EXPECT_EQ(s.code(), Code::kUnprocessable);
  EXPECT_EQ(s.field(), "parent");
  EXPECT_EQ(Error(R"([1])").message(), "expected a JSON object");
  // An unsigned field takes no negative number, limits or not.
  EXPECT_EQ(Decode<Tally>(*ParseJson(R"({"seen":-1})")).status().field(), "seen");
  EXPECT_EQ(Decode<Tally>(*ParseJson(R"({"seen":7})"))->seen, 7u);
}

TEST(Contract, EncodesNullsAndOmissionsAsDescribed) {
  Thing t;
  t.head.id = "T1";
  t.head.version = 3;
  std::string text = Serialize(Encode(t));
  EXPECT_EQ(text,
            R"({"id":"T1","version":3,"shape":"round","parent":null,"due":null,"tags":[],"parts":[],"ratio":0.5})");
  t.note = "n";
  EXPECT_EQ(Encode(t).at("note"), "n");
  // What is encoded decodes back to the same value.
  auto back = Decode<Thing>(Encode(t));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  Thing expected = t;
  expected.head.version = 0;  // read-only fields do not travel in requests
  EXPECT_EQ(Serialize(Encode(*back)), Serialize(Encode(expected)));
}

// Replies are written as text field by field (EncodeText), never through a json::value: the
// text is Serialize(Encode(v)) whatever the fields hold.
TEST(Contract, TextIsTheEncodedValueSerialized) {
  Thing t;
  t.head.id = "T1";
  const auto same = [](const auto& v) { EXPECT_EQ(EncodeText(v), Serialize(Encode(v))); };
  same(t);
  t.head.version = -7;
  t.shape = Shape::kSquare;
  t.parent = "P\"1\\";
  t.due = Timestamp{1'700'000'000'123'456};
  t.tags = {"a", "caf\xc3\xa9", "tab\there", std::string("nul\0", 4)};
  t.parts = {{"M", *Quantity::FromDouble(2.5)}, {"N", *Quantity::FromDouble(1e-6)}, {"O", *Quantity::FromDouble(-3)}};
  t.ratio = 0.1 + 0.2;
  t.note = "\x01\x1f\x7f";
  same(t);
  t.ratio = std::nan("");
  same(t);
  same(std::vector<Thing>{t, Thing{}});
  same(std::optional<Thing>{});
  same(Twice{"x", "y", 1});
  same(Twice{"x", "", 1});
  same(Edited{"x", 0});
  same(Edited{"x", 1});
  same(Tally{UINT64_MAX});
}

TEST(Contract, SchemasFollowTheDescription) {
  SchemaRegistry r;
  json::value ref = r.Ref<Thing>();
  EXPECT_EQ(ref.at("$ref"), "#/components/schemas/Thing");
  const json::object& thing = r.components().at("Thing").as_object();
  EXPECT_EQ(thing.at("description"), "a thing for tests");
  EXPECT_EQ(thing.at("additionalProperties"), false);
  EXPECT_EQ(thing.at("required"), (json::array{"id", "shape"}));
  const auto& p = thing.at("properties").as_object();
  EXPECT_EQ(p.at("version").at("readOnly"), true);
  EXPECT_EQ(p.at("shape").at("enum"), (json::array{"round", "square"}));
  EXPECT_EQ(p.at("parent").at("type"), (json::array{"string", "null"}));
  // Null, or a time or a date, each branch typed so that generated clients read a string.
  const auto& due = p.at("due").at("anyOf").as_array();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[1].at("type"), "null");
  for (const auto& branch : due[0].at("anyOf").as_array()) EXPECT_EQ(branch.at("type"), "string");
  EXPECT_EQ(p.at("tags").at("uniqueItems"), true);
  EXPECT_EQ(p.at("parts").at("items").at("$ref"), "#/components/schemas/Part");
  EXPECT_EQ(p.at("ratio").at("maximum"), 1);
  EXPECT_FALSE(p.at("note").as_object().contains("anyOf"));
  const auto& part = r.components().at("Part").as_object();
  EXPECT_EQ(part.at("properties").at("quantity").at("exclusiveMinimum"), 0);
}

}  // namespace
}  // namespace takt::contract

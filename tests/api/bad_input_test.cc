// Bad input gets the right error with the offending field, and changes nothing.
#include <boost/json/parse.hpp>
#include <string>

#include "api/fixture.h"
#include "api/raw_http.h"
#include "core/json.h"

namespace takt::test {
namespace {

class BadInputTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    ASSERT_EQ(Client().Post("/api/v1/units", R"({"id":"kg","dimension":"mass"})").status, 201);
    head_ = JournalHead();
  }
  void TearDown() override { EXPECT_EQ(JournalHead(), head_) << "a refused request changed the journal"; }
  uint64_t head_ = 0;
};

struct Case {
  const char* name;
  const char* method;
  const char* path;
  std::string body;
  long status;
  const char* code;
  const char* field;
};

TEST_F(BadInputTest, EachIsRefusedWithItsReason) {
  const Case cases[] = {
      {"malformed JSON", "POST", "/api/v1/units", R"({"id":"g",)", 400, "invalid_argument", "body"},
      {"not an object", "POST", "/api/v1/units", R"(["id","g"])", 400, "invalid_argument", "body"},
      {"empty body", "POST", "/api/v1/units", "", 400, "invalid_argument", "body"},
      {"trailing garbage", "POST", "/api/v1/units", R"({"id":"g","dimension":"mass"} x)", 400, "invalid_argument",
       "body"},
      {"wrong type", "POST", "/api/v1/units", R"({"id":"g","dimension":"mass","factor":"0.001"})", 400,
       "invalid_argument", "factor"},
      {"wrong type id", "POST", "/api/v1/units", R"({"id":7,"dimension":"mass"})", 400, "invalid_argument", "id"},
      {"unknown field", "POST", "/api/v1/units", R"({"id":"g","dimension":"mass","colour":"red"})", 400,
       "invalid_argument", "colour"},
      {"missing field", "POST", "/api/v1/units", R"({"id":"g"})", 400, "invalid_argument", "dimension"},
      {"bad id", "POST", "/api/v1/units", R"({"id":"g g","dimension":"mass"})", 400, "invalid_argument", "id"},
      {"negative factor", "POST", "/api/v1/units", R"({"id":"g","dimension":"mass","factor":-1})", 400,
       "invalid_argument", "factor"},
      {"non-UTF-8", "POST", "/api/v1/units", "{\"id\":\"g\",\"dimension\":\"mass\",\"description\":\"\xc3\x28\"}", 400,
       "invalid_argument", "body"},
      {"nested path", "POST", "/api/v1/equipment-classes", R"({"id":"C","properties":[{"id":"p","type":"decimal"}]})",
       400, "invalid_argument", "properties[0].type"},
      {"deep nesting", "POST", "/api/v1/units", std::string(200, '[') + std::string(200, ']'), 400, "invalid_argument",
       "body"},
      {"duplicate", "POST", "/api/v1/units", R"({"id":"kg","dimension":"mass"})", 409, "conflict", "id"},
      {"unknown reference", "POST", "/api/v1/material-definitions", R"({"id":"M","uom":"lb"})", 422, "unprocessable",
       "uom"},
      {"update without version", "PUT", "/api/v1/units/kg", R"({"dimension":"mass"})", 400, "invalid_argument",
       "version"},
      {"update wrong type version", "PUT", "/api/v1/units/kg", R"({"version":"1","dimension":"mass"})", 400,
       "invalid_argument", "version"},
      {"update unknown", "PUT", "/api/v1/units/lb", R"({"version":1,"dimension":"mass"})", 404, "not_found", "id"},
      {"retire stale", "DELETE", "/api/v1/units/kg?version=5", "", 409, "conflict", "version"},
      {"retire bad version", "DELETE", "/api/v1/units/kg?version=abc", "", 400, "invalid_argument", "version"},
      {"unknown query", "GET", "/api/v1/units/kg?x=1", "", 400, "invalid_argument", "x"},
      {"bad percent", "GET", "/api/v1/units?after=%zz", "", 400, "invalid_argument", "query"},
      {"journal bad limit", "GET", "/api/v1/journal?limit=100000", "", 400, "invalid_argument", "limit"},
      {"no route", "GET", "/api/v2/units", "", 404, "no_route", "path"},
  };
  for (const Case& c : cases) {
    auto r = Client().Send(c.method, c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(r.error_code(), c.code) << c.name << ": " << r.body;
    EXPECT_EQ(r.error_field(), c.field) << c.name << ": " << r.body;
    EXPECT_FALSE(r.json().at("error").at("message").as_string().empty()) << c.name;
  }
}

TEST_F(BadInputTest, HugeBodiesAre413) {
  std::string huge = R"({"id":"g","dimension":"mass","description":")" + std::string(2 << 20, 'x') + "\"}";
  auto r = Client().Post("/api/v1/units", huge);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.error_code(), "too_large");
  // The server is still healthy afterwards.
  EXPECT_EQ(Client().Get("/api/v1/units/kg").status, 200);
}

TEST_F(BadInputTest, LongStringsAreRefused) {
  auto r = Client().Post("/api/v1/units",
                         R"({"id":"g","dimension":"mass","description":")" + std::string(5000, 'x') + "\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "description");
}

// Error bodies are valid JSON (so valid UTF-8) whatever bytes the request carried: a path or
// query that is not UTF-8 once percent-decoded, or a path with control characters, is refused as
// such, and no message echoes raw bytes. Before, GET /api/v1/units/%ff%fe answered 404 with
// those two bytes in its message.
TEST_F(BadInputTest, ErrorBodiesAreValidJsonWhateverTheBytes) {
  for (const char* path :
       {"/api/v1/units/%ff%fe", "/api/v1/units/%c0%af", "/api/v1/units/%ed%a0%80", "/api/v1/units/%f4%90%80%80",
        "/api/v1/units/%e2%82", "/api/v1/units/a%00b", "/api/v1/units/a%0Ab", "/api/v1/units/a%7fb",
        "/api/v1/nothing/%ff", "/api/v1/work-orders/%ff%fe/release"}) {
    auto r = Client().Get(path);
    EXPECT_EQ(r.status, 400) << path;
    ASSERT_TRUE(r.json().is_object()) << path << ": not JSON (or not UTF-8): " << r.body;
    EXPECT_EQ(r.error_field(), "path") << path;
  }
  for (const char* path : {"/api/v1/units?q=%ff", "/api/v1/units?%ff%fe=1"}) {
    auto r = Client().Get(path);
    EXPECT_EQ(r.status, 400) << path;
    ASSERT_TRUE(r.json().is_object()) << path << ": " << r.body;
    EXPECT_EQ(r.error_field(), "query") << path;
  }
  // Text that is UTF-8 is quoted as it is.
  auto accented = Client().Get("/api/v1/units/%c3%a9t%c3%a9");
  EXPECT_EQ(accented.status, 404);
  ASSERT_TRUE(accented.json().is_object()) << accented.body;
  EXPECT_NE(std::string(accented.json().at("error").at("message").as_string()).find("\xc3\xa9t\xc3\xa9"),
            std::string::npos);
  // Raw bytes, not percent-encoded, in the request line.
  auto raw = Exchange(server_->port(),
                      "GET /api/v1/units/\xff\xfe HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                      "Authorization: Bearer " +
                          tokens_["admin"] + "\r\n\r\n");
  EXPECT_GE(raw.status, 400);
  EXPECT_LT(raw.status, 500);
  EXPECT_TRUE(IsValidUtf8(raw.body)) << raw.body;
  boost::system::error_code ec;
  boost::json::parse(raw.body, ec);
  EXPECT_FALSE(ec) << raw.body;
}

}  // namespace
}  // namespace takt::test

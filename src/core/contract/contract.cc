#include <cstdio>

#include "core/contract/schema.h"

namespace takt::contract {
namespace {

std::string Num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

}  // namespace

bool WithinLimits(double x, const Limits& l) {
  if (l.exclusive_min ? !(x > l.min) : !(x >= l.min)) return false;
  if (l.exclusive_max ? !(x < l.max) : !(x <= l.max)) return false;
  return true;
}

std::string LimitText(const Limits& l) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::string lo = Num(l.min) + (l.exclusive_min ? " (exclusive)" : "");
  std::string hi = Num(l.max) + (l.exclusive_max ? " (exclusive)" : "");
  if (l.max == kInf) return "a number from " + lo;
  if (l.min == -kInf) return "a number up to " + hi;
  return "a number from " + lo + " to " + hi;
}

std::optional<int64_t> ExactInteger(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(v.get_uint64());
  // 2^63 itself is out of range; the comparisons also refuse NaN.
  if (double d = v.is_double() ? v.get_double() : 0.5;
      d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d))
    return static_cast<int64_t>(d);
  return std::nullopt;
}

json::object TypeSchema(std::string_view type) {
  return json::object{{"type", type}};
}

void Annotate(json::object& s, const FieldInfo& f) {
  if (!f.doc.empty()) s["description"] = f.doc;
  if (f.has(kReadOnly)) s["readOnly"] = true;
  if (f.has(kWriteOnly)) s["writeOnly"] = true;
  const Limits& l = f.limits;
  const json::value* type = s.if_contains("type");
  if (!type || !(*type == "number" || *type == "integer")) return;
  if (l.min > -std::numeric_limits<double>::infinity())
    s[l.exclusive_min ? "exclusiveMinimum" : "minimum"] = Number(l.min);
  if (l.max < std::numeric_limits<double>::infinity())
    s[l.exclusive_max ? "exclusiveMaximum" : "maximum"] = Number(l.max);
}

json::object Nullable(json::object s) {
  if (auto* t = s.if_contains("type"); t && t->is_string() && !s.contains("enum")) {
    s["type"] = json::array{t->get_string(), "null"};
    return s;
  }
  // A $ref or an enum: one of the schema or null. Annotations stay beside the anyOf.
  json::object out;
  json::object inner;
  for (auto& kv : s) {
    std::string_view k = kv.key();
    if (k == "description" || k == "readOnly" || k == "writeOnly")
      out[k] = kv.value();
    else
      inner[k] = kv.value();
  }
  out["anyOf"] = json::array{std::move(inner), json::object{{"type", "null"}}};
  return out;
}

json::object Schema<std::string>::Of(SchemaRegistry&, const FieldInfo& f) {
  json::object s = TypeSchema("string");
  if (f.has(kId)) {
    s["pattern"] = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$";
  } else {
    s["maxLength"] = 4096;
    if (f.has(kNonEmpty)) s["minLength"] = 1;
  }
  return s;
}

json::object Schema<Quantity>::Of(SchemaRegistry&, const FieldInfo&) {
  json::object s = TypeSchema("number");
  s["description"] = "a quantity, exact to a millionth of its unit";
  return s;
}

json::object Schema<Timestamp>::Of(SchemaRegistry&, const FieldInfo&) {
  // A time with its offset, or a date (midnight UTC).
  // Each branch names its type, so that generated clients (openapi-typescript) read a string.
  json::object s;
  s["anyOf"] = json::array{json::object{{"type", "string"}, {"format", "date-time"}},
                           json::object{{"type", "string"}, {"format", "date"}}};
  return s;
}

}  // namespace takt::contract

// Setup matrices: changeover times between setup families.
#include <cmath>

#include "model/codec_util.h"
#include "model/kinds.h"

namespace takt::model {

using namespace codec;

namespace {

// A family id, or "*" for any.
std::string Family(FieldReader& r, std::string_view key) {
  std::string f = r.String(key);
  if (r.ok() && f != "*" && !IsValidId(f)) r.Fail(Code::kInvalidArgument, key, "expected a setup family id or \"*\"");
  return f;
}

}  // namespace

Status Decode(FieldReader& r, SetupMatrix& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    const json::array* a = r.Array("rules");
    for (size_t i = 0; a && i < a->size() && r.ok(); ++i) {
      FieldReader e((*a)[i], ElementPath(r, "rules", i));
      SetupRule rule;
      rule.from = Family(e, "from");
      rule.to = Family(e, "to");
      auto t = e.Number("setup_time_s");
      if (t && !(*t >= 0 && *t <= 366 * 86400.0)) e.Fail(Code::kInvalidArgument, "setup_time_s", "must be 0 to a year");
      rule.setup_time_s = t.value_or(0);
      for (const auto& seen : out.rules)
        if (seen.from == rule.from && seen.to == rule.to)
          e.Fail(Code::kInvalidArgument, "to", "a rule from '" + rule.from + "' to '" + rule.to + "' is already given");
      r.Adopt(e);
      out.rules.push_back(std::move(rule));
    }
  });
}

json::object Encode(const SetupMatrix& v) {
  json::object o = Head(v.meta);
  json::array rules;
  for (const auto& x : v.rules)
    rules.push_back(json::object{{"from", x.from}, {"to", x.to}, {"setup_time_s", Number(x.setup_time_s)}});
  o["rules"] = std::move(rules);
  EncodeMeta(v.meta, o);
  return o;
}

}  // namespace takt::model

// The performance projection in snapshots: records as flat number arrays. Day tallies are not
// stored; a restore marks them stale and the writer rebuilds them.
#include "plant/performance/codec.h"

namespace takt::plant::performance {
namespace {

std::string Hex(const std::bitset<4096>& bits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bits.size() / 4, '0');
  for (size_t i = 0; i < bits.size(); i += 4)
    out[i / 4] = kDigits[bits[i] | bits[i + 1] << 1 | bits[i + 2] << 2 | bits[i + 3] << 3];
  return out;
}

bool FromHex(std::string_view s, std::bitset<4096>& bits) {
  if (s.size() != bits.size() / 4) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    int v = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 : -1;
    if (v < 0) return false;
    for (int b = 0; b < 4; ++b) bits[i * 4 + b] = (v >> b) & 1;
  }
  return true;
}

}  // namespace

json::object Encode(const Performance& p) {
  json::object o;
  json::array strings;
  for (size_t i = 0; i < p.strings.size(); ++i) strings.emplace_back(p.strings.Get(static_cast<int32_t>(i)));
  o["strings"] = std::move(strings);
  std::vector<const std::pair<const std::string, UnitData>*> units;
  for (const auto& u : p.units) units.push_back(&u);
  std::sort(units.begin(), units.end(), [](auto* a, auto* b) { return a->first < b->first; });
  json::array ua;
  for (const auto* entry : units) {
    const UnitData& d = entry->second;
    json::array changes, counts, classified, cycles, readings;
    for (const auto& c : d.changes) changes.insert(changes.end(), {c.t, c.code, c.reason});
    for (const auto& c : d.counts)
      counts.insert(counts.end(), {c.t, c.ideal_us, static_cast<int64_t>(c.delta), static_cast<int64_t>(c.kind),
                                   static_cast<int64_t>(c.startup)});
    for (const auto& [t, r] : d.classified) classified.insert(classified.end(), {t, r});
    for (const auto& [t, us] : d.cycles) cycles.insert(cycles.end(), {t, us});
    for (const auto& rs : d.readings) {
      json::array a;
      for (const auto& r : rs) a.insert(a.end(), {r.t, r.value});
      readings.push_back(std::move(a));
    }
    json::array values;
    for (const auto& [name, v] : d.values) values.push_back(json::array{json::value(name), v.t, v.value});
    ua.push_back(json::object{{"id", entry->first},
                              {"changes", std::move(changes)},
                              {"counts", std::move(counts)},
                              {"classified", std::move(classified)},
                              {"cycles", std::move(cycles)},
                              {"readings", std::move(readings)},
                              {"values", std::move(values)},
                              {"reported", json::array{d.reported[0], d.reported[1], d.reported[2]}},
                              {"watermark", d.watermark}});
  }
  o["units"] = std::move(ua);
  json::array sources;
  for (const auto& [id, s] : p.sources)
    sources.push_back(json::object{{"id", id}, {"high", s.high}, {"any", s.any}, {"bits", Hex(s.bits)}});
  o["sources"] = std::move(sources);
  json::array sessions;
  std::vector<std::pair<std::string, uint64_t>> by_id(p.sessions.begin(), p.sessions.end());
  std::sort(by_id.begin(), by_id.end());
  for (const auto& [id, s] : by_id) sessions.push_back(json::array{json::value(id), s});
  o["sessions"] = std::move(sessions);
  o["samples"] = p.samples;
  return o;
}

Status Decode(const json::value& v, Performance& p) {
  try {
    const json::object& o = v.as_object();
    for (const auto& s : o.at("strings").as_array()) p.strings.Intern(std::string(s.as_string()));
    auto i64 = [](const json::value& x) { return x.to_number<int64_t>(); };
    for (const auto& uv : o.at("units").as_array()) {
      const json::object& u = uv.as_object();
      UnitData& d = p.units[std::string(u.at("id").as_string())];
      const json::array& ch = u.at("changes").as_array();
      for (size_t i = 0; i + 2 < ch.size(); i += 3)
        d.changes.push_back({i64(ch[i]), static_cast<int32_t>(i64(ch[i + 1])), static_cast<int32_t>(i64(ch[i + 2]))});
      const json::array& cs = u.at("counts").as_array();
      for (size_t i = 0; i + 4 < cs.size(); i += 5)
        d.counts.push_back({i64(cs[i]), i64(cs[i + 1]), static_cast<int32_t>(i64(cs[i + 2])),
                            static_cast<uint8_t>(i64(cs[i + 3])), static_cast<uint8_t>(i64(cs[i + 4]))});
      const json::array& cl = u.at("classified").as_array();
      for (size_t i = 0; i + 1 < cl.size(); i += 2) d.classified[i64(cl[i])] = static_cast<int32_t>(i64(cl[i + 1]));
      const json::array& cy = u.at("cycles").as_array();
      for (size_t i = 0; i + 1 < cy.size(); i += 2) d.cycles.emplace_back(i64(cy[i]), i64(cy[i + 1]));
      const json::array& rs = u.at("readings").as_array();
      for (size_t k = 0; k < rs.size() && k < d.readings.size(); ++k) {
        const json::array& a = rs[k].as_array();
        for (size_t i = 0; i + 1 < a.size(); i += 2) d.readings[k].push_back({i64(a[i]), i64(a[i + 1])});
      }
      for (const auto& pv : u.at("values").as_array()) {
        const json::array& a = pv.as_array();
        d.values[std::string(a.at(0).as_string())] = {i64(a.at(1)), a.at(2).to_number<double>()};
      }
      const json::array& rep = u.at("reported").as_array();
      for (size_t k = 0; k < 3; ++k) d.reported[k] = rep.at(k).as_bool();
      d.watermark = i64(u.at("watermark"));
    }
    for (const auto& sv : o.at("sources").as_array()) {
      const json::object& s = sv.as_object();
      SourceSeen& seen = p.sources[std::string(s.at("id").as_string())];
      seen.high = s.at("high").to_number<uint64_t>();
      seen.any = s.at("any").as_bool();
      if (!FromHex(std::string_view(s.at("bits").as_string()), seen.bits)) return Status::Internal("bad source bits");
    }
    p.samples = o.at("samples").to_number<uint64_t>();
    // Absent from snapshots of builds before sessions were recorded: their journals hold none.
    if (const json::value* ss = o.if_contains("sessions"))
      for (const auto& sv : ss->as_array())
        p.sessions[std::string(sv.as_array().at(0).as_string())] = sv.as_array().at(1).to_number<uint64_t>();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("performance: ") + e.what());
  }
  p.stale = true;
  return Status::Ok();
}

}  // namespace takt::plant::performance

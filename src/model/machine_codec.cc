// JSON codecs of the machine performance master data (model/machine.h).
#include <charconv>

#include "model/codec_util.h"
#include "model/kinds.h"

namespace takt::model {
using namespace codec;

namespace {

constexpr const char* kElementNames[] = {"APT", "ASUT", "ADET", "ADOT", "PDOT", "NODATA"};
constexpr const char* kLossNames[] = {"none", "breakdown", "setup", "minor_stop", "idle", "planned", "no_data"};
constexpr const char* kSignalNames[] = {"state", "good", "reject", "total", "process_value"};

template <typename E, size_t N>
std::optional<E> ParseName(const char* const (&names)[N], std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

std::string Join(const char* const* names, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + std::string(names[i]);
  return out;
}

template <typename E, size_t N>
std::optional<E> ReadEnum(FieldReader& r, std::string_view key, const char* const (&names)[N], FieldReader::Need need) {
  std::string s = r.String(key, need);
  if (s.empty()) return std::nullopt;
  auto v = ParseName<E>(names, s);
  if (!v) r.Fail(Code::kInvalidArgument, key, "expected one of " + Join(names, N));
  return v;
}

json::value Opt(const char* name, bool has) {
  return has ? json::value(name) : json::value(nullptr);
}

// "HH:MM" (00:00 to 24:00) as minutes after midnight.
std::optional<int> ReadClock(FieldReader& r, std::string_view key) {
  std::string s = r.String(key);
  int h = -1, m = -1;
  if (s.size() == 5 && s[2] == ':') {
    std::from_chars(s.data(), s.data() + 2, h);
    std::from_chars(s.data() + 3, s.data() + 5, m);
  }
  if (!r.ok()) return std::nullopt;
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) {
    r.Fail(Code::kInvalidArgument, key, "expected a local time HH:MM, e.g. 06:00");
    return std::nullopt;
  }
  return (h * 60 + m) % 1440;  // 24:00 is midnight: as an end, the next day's
}

std::string FormatClock(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return buf;
}

int64_t ReadSeconds(FieldReader& r, std::string_view key) {
  auto v = r.Integer(key, FieldReader::kOptional);
  if (v && (*v < 0 || *v > 86400 * 7)) r.Fail(Code::kInvalidArgument, key, "must be between 0 and 604800 seconds");
  return v.value_or(0);
}

}  // namespace

const char* TimeElementName(TimeElement e) {
  return kElementNames[static_cast<int>(e)];
}
std::optional<TimeElement> ParseTimeElement(std::string_view s) {
  return ParseName<TimeElement>(kElementNames, s);
}
const char* LossName(Loss l) {
  return kLossNames[static_cast<int>(l)];
}
std::optional<Loss> ParseLoss(std::string_view s) {
  return ParseName<Loss>(kLossNames, s);
}
const char* SignalName(Signal s) {
  return kSignalNames[static_cast<int>(s)];
}
std::optional<Signal> ParseSignal(std::string_view s) {
  return ParseName<Signal>(kSignalNames, s);
}

Loss DefaultLoss(TimeElement e) {
  switch (e) {
    case TimeElement::kProduction:
      return Loss::kNone;
    case TimeElement::kSetup:
      return Loss::kSetup;
    case TimeElement::kDelay:
      return Loss::kBreakdown;
    case TimeElement::kDown:
      return Loss::kIdle;
    case TimeElement::kPlannedDowntime:
      return Loss::kPlanned;
    case TimeElement::kNoData:
      break;
  }
  return Loss::kNoData;
}

// ---- state models --------------------------------------------------------------------------

Status Decode(FieldReader& r, StateModel& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    r.Ignore("built_in");  // read only, set by the API: a copy of a built-in posts as it is
    if (const json::array* a = r.Array("states")) {
      if (a->empty()) r.Fail(Code::kInvalidArgument, "states", "needs at least one state");
      for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        FieldReader o((*a)[i], ElementPath(r, "states", i));
        MachineState st;
        st.code = o.String("code");
        if (o.ok() && (st.code.empty() || st.code.size() > 64))
          o.Fail(Code::kInvalidArgument, "code", "must be 1 to 64 characters");
        st.name = o.String("name", FieldReader::kOptional);
        if (st.name.empty()) st.name = st.code;
        if (auto e = ReadEnum<TimeElement>(o, "element", kElementNames, FieldReader::kRequired)) st.element = *e;
        st.loss = ReadEnum<Loss>(o, "loss", kLossNames, FieldReader::kOptional);
        if (st.loss == Loss::kNone && st.element != TimeElement::kProduction)
          o.Fail(Code::kInvalidArgument, "loss", "a state that does not produce loses time: give its loss");
        for (const auto& seen : out.states)
          if (seen.code == st.code || seen.name == st.name || st.code == "no_data")
            o.Fail(Code::kInvalidArgument, "code", "duplicate or reserved state '" + st.code + "'");
        r.Adopt(o);
        out.states.push_back(std::move(st));
      }
    }
    if (const json::array* a = r.Array("reason_codes", FieldReader::kOptional)) {
      for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        FieldReader o((*a)[i], ElementPath(r, "reason_codes", i));
        ReasonCode rc{o.String("code"), o.Id("reason")};
        for (const auto& seen : out.reason_codes)
          if (seen.code == rc.code) o.Fail(Code::kInvalidArgument, "code", "duplicate reason code '" + rc.code + "'");
        r.Adopt(o);
        out.reason_codes.push_back(std::move(rc));
      }
    }
    out.minor_stop_s = ReadSeconds(r, "minor_stop_s");
    out.startup_reject_s = ReadSeconds(r, "startup_reject_s");
    if (r.Has("late_window_s")) out.late_window_s = ReadSeconds(r, "late_window_s");
    out.replan_after_s = ReadSeconds(r, "replan_after_s");
    if (r.Has("expected_stop_s")) out.expected_stop_s = ReadSeconds(r, "expected_stop_s");
  });
}

json::object Encode(const StateModel& v) {
  json::object o = Head(v.meta);
  json::array states;
  for (const auto& s : v.states) {
    json::object e;
    e["code"] = s.code;
    e["name"] = s.name;
    e["element"] = TimeElementName(s.element);
    e["loss"] = Opt(s.loss ? LossName(*s.loss) : "", s.loss.has_value());
    states.push_back(std::move(e));
  }
  o["states"] = std::move(states);
  json::array codes;
  for (const auto& c : v.reason_codes) codes.push_back(json::object{{"code", c.code}, {"reason", c.reason}});
  o["reason_codes"] = std::move(codes);
  o["minor_stop_s"] = v.minor_stop_s;
  o["startup_reject_s"] = v.startup_reject_s;
  o["late_window_s"] = v.late_window_s;
  o["replan_after_s"] = v.replan_after_s;
  o["expected_stop_s"] = v.expected_stop_s;
  EncodeMeta(v.meta, o);
  return o;
}

// ---- downtime reasons ----------------------------------------------------------------------

Status Decode(FieldReader& r, DowntimeReason& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.parent = r.Id("parent", FieldReader::kOptional);
    out.element = ReadEnum<TimeElement>(r, "element", kElementNames, FieldReader::kOptional);
    out.loss = ReadEnum<Loss>(r, "loss", kLossNames, FieldReader::kOptional);
    if (out.element == TimeElement::kProduction || out.element == TimeElement::kNoData)
      r.Fail(Code::kInvalidArgument, "element", "a stop reason may move a stop to ASUT, ADET, ADOT or PDOT only");
    if (out.loss == Loss::kNone) r.Fail(Code::kInvalidArgument, "loss", "a stop loses time: give its loss");
  });
}

json::object Encode(const DowntimeReason& v) {
  json::object o = Head(v.meta);
  o["parent"] = v.parent.empty() ? json::value(nullptr) : json::value(v.parent);
  o["element"] = Opt(v.element ? TimeElementName(*v.element) : "", v.element.has_value());
  o["loss"] = Opt(v.loss ? LossName(*v.loss) : "", v.loss.has_value());
  EncodeMeta(v.meta, o);
  return o;
}

// ---- shift calendars -----------------------------------------------------------------------

Status Decode(FieldReader& r, ShiftCalendar& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    out.scope = r.Id("scope");
    if (const json::array* a = r.Array("shifts")) {
      for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        FieldReader o((*a)[i], ElementPath(r, "shifts", i));
        Shift sh;
        sh.id = o.Id("id");
        if (const json::array* days = o.Array("days")) {
          for (size_t d = 0; d < days->size(); ++d) {
            const auto& v = (*days)[d];
            if (!v.is_int64() || v.as_int64() < 1 || v.as_int64() > 7) {
              o.Fail(Code::kInvalidArgument, "days[" + std::to_string(d) + "]",
                     "expected an ISO weekday 1 (Monday) to 7");
              break;
            }
            sh.days.push_back(static_cast<int>(v.as_int64()));
          }
        }
        if (auto m = ReadClock(o, "start")) sh.start_min = *m;
        if (auto m = ReadClock(o, "end")) sh.end_min = *m;
        if (const json::array* b = o.Array("breaks", FieldReader::kOptional)) {
          for (size_t k = 0; k < b->size() && o.ok(); ++k) {
            FieldReader br((*b)[k], ElementPath(o, "breaks", k));
            ShiftBreak x;
            if (auto m = ReadClock(br, "start")) x.start_min = *m;
            if (auto m = ReadClock(br, "end")) x.end_min = *m;
            o.Adopt(br);
            sh.breaks.push_back(x);
          }
        }
        for (const auto& seen : out.shifts)
          if (seen.id == sh.id) o.Fail(Code::kInvalidArgument, "id", "duplicate shift '" + sh.id + "'");
        r.Adopt(o);
        out.shifts.push_back(std::move(sh));
      }
    }
    if (const json::array* a = r.Array("holidays", FieldReader::kOptional)) {
      for (size_t i = 0; i < a->size(); ++i) {
        const auto& v = (*a)[i];
        std::optional<Timestamp> t;
        if (v.is_string() && v.get_string().size() == 10) t = ParseIso8601(std::string_view(v.get_string()));
        if (!t) {
          r.Fail(Code::kInvalidArgument, "holidays[" + std::to_string(i) + "]", "expected a local date YYYY-MM-DD");
          break;
        }
        out.holidays.push_back(t->micros / 86'400'000'000);
      }
    }
    out.planned_downtime_is_loss = r.Bool("planned_downtime_is_loss", FieldReader::kOptional).value_or(false);
  });
}

json::object Encode(const ShiftCalendar& v) {
  json::object o = Head(v.meta);
  o["scope"] = v.scope;
  json::array shifts;
  for (const auto& s : v.shifts) {
    json::object e;
    e["id"] = s.id;
    json::array days;
    for (int d : s.days) days.push_back(d);
    e["days"] = std::move(days);
    e["start"] = FormatClock(s.start_min);
    e["end"] = FormatClock(s.end_min);
    json::array breaks;
    for (const auto& b : s.breaks)
      breaks.push_back(json::object{{"start", FormatClock(b.start_min)}, {"end", FormatClock(b.end_min)}});
    e["breaks"] = std::move(breaks);
    shifts.push_back(std::move(e));
  }
  o["shifts"] = std::move(shifts);
  json::array holidays;
  for (int64_t d : v.holidays) holidays.push_back(json::value(FormatIso8601({d * 86'400'000'000}).substr(0, 10)));
  o["holidays"] = std::move(holidays);
  o["planned_downtime_is_loss"] = v.planned_downtime_is_loss;
  EncodeMeta(v.meta, o);
  return o;
}

// ---- signal mappings -----------------------------------------------------------------------

Status Decode(FieldReader& r, SignalMapping& out) {
  return Run(r, [&] {
    DecodeHead(r, out.meta);
    // Sparkplug ids are UTF-8 without '+', '/' or '#'; metric names may contain '/'.
    auto topic_part = [&](std::string_view key, FieldReader::Need need) {
      std::string s = r.String(key, need);
      if (s.find_first_of("+/#") != std::string::npos || s.size() > 128)
        r.Fail(Code::kInvalidArgument, key, "must not contain '+', '/' or '#' (at most 128 characters)");
      return s;
    };
    out.group = topic_part("group", FieldReader::kRequired);
    out.edge_node = topic_part("edge_node", FieldReader::kRequired);
    out.device = topic_part("device", FieldReader::kOptional);
    if (r.ok() && (out.group.empty() || out.edge_node.empty()))
      r.Fail(Code::kInvalidArgument, out.group.empty() ? "group" : "edge_node", "must not be empty");
    out.metric = r.String("metric");
    if (r.ok() && out.metric.empty()) r.Fail(Code::kInvalidArgument, "metric", "must not be empty");
    out.work_unit = r.Id("work_unit");
    if (auto s = ReadEnum<Signal>(r, "signal", kSignalNames, FieldReader::kRequired)) out.signal = *s;
    out.cumulative = r.Bool("cumulative", FieldReader::kOptional).value_or(true);
    out.name = r.String("name", FieldReader::kOptional);
  });
}

json::object Encode(const SignalMapping& v) {
  json::object o = Head(v.meta);
  o["group"] = v.group;
  o["edge_node"] = v.edge_node;
  o["device"] = v.device.empty() ? json::value(nullptr) : json::value(v.device);
  o["metric"] = v.metric;
  o["work_unit"] = v.work_unit;
  o["signal"] = SignalName(v.signal);
  o["cumulative"] = v.cumulative;
  o["name"] = v.name.empty() ? json::value(nullptr) : json::value(v.name);
  EncodeMeta(v.meta, o);
  return o;
}

}  // namespace takt::model

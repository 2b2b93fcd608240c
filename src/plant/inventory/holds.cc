// Holds on lots and containment cases: validation (Execute) and the derived lot status.
#include <algorithm>

#include "plant/inventory/inventory.h"

namespace takt::plant::inventory {
namespace {

constexpr const char* kHoldKinds[] = {"on_hold", "quarantine", "expired", "containment"};

EventDraft Draft(std::string type, const json::object& payload) {
  return EventDraft{std::move(type), 1, Serialize(payload)};
}

std::string Describe(const Hold& h) {
  std::string s = h.case_id.empty() ? h.id + " " + HoldKindName(h.kind) : "containment " + h.case_id;
  return h.reason.empty() ? s : s + " (" + h.reason + ")";
}

// Releases one hold through the lot's status route: the named one, or the only one the route
// may release. A containment case's holds go with their case only.
Result<std::vector<EventDraft>> Release(const Lot& lot, const std::string& hold, const std::string& reason) {
  std::vector<const Hold*> releasable;
  std::vector<std::string> cases;
  for (const Hold& h : lot.holds) (h.case_id.empty() ? releasable.push_back(&h) : cases.push_back(h.case_id));
  const Hold* target = nullptr;
  if (!hold.empty()) {
    auto it = std::find_if(lot.holds.begin(), lot.holds.end(), [&](const Hold& h) { return h.id == hold; });
    if (it == lot.holds.end())
      return Status::Unprocessable("lot '" + lot.id + "' has no active hold '" + hold + "'", "hold");
    if (!it->case_id.empty())
      return Status::Conflict("hold '" + hold + "' belongs to containment case '" + it->case_id +
                                  "': release the case (POST /api/v1/containments/" + it->case_id + "/release)",
                              "hold");
    target = &*it;
  } else if (releasable.size() == 1) {
    target = releasable.front();
  } else if (releasable.size() > 1) {
    std::string list;
    for (const Hold* h : releasable) list += (list.empty() ? "" : ", ") + Describe(*h);
    return Status::Conflict("lot '" + lot.id + "' has several holds (" + list + "): name the one to release", "hold");
  } else if (!cases.empty()) {
    return Status::Conflict("lot '" + lot.id + "' is held by containment case '" + cases.front() +
                                "': release the case (POST /api/v1/containments/" + cases.front() + "/release)",
                            "status");
  } else {
    return Status::Conflict("lot '" + lot.id + "' is not held", "status");
  }
  json::array ids{json::value(target->id)};
  return std::vector<EventDraft>{Draft("lot.released", {{"lot", lot.id}, {"holds", ids}, {"reason", reason}})};
}

// The lots a case holds when it opens: its sources, and every lot made from them (whatever their
// stock: a count that finds stock in a shipped lot finds it held), each with the source it
// descends from (the first source, in the order given, that reaches it).
std::vector<std::pair<std::string, std::string>> Reach(const State& st, const std::vector<std::string>& sources) {
  std::vector<std::pair<std::string, std::string>> held;
  std::set<std::string> seen;
  for (const auto& s : sources)
    if (seen.insert(s).second) held.emplace_back(s, s);
  for (const auto& s : sources) {
    auto node = st.graph.Find(s);
    if (!node) continue;
    auto hits = st.graph.Trace(*node, genealogy::Direction::kForward).hits;
    std::sort(hits.begin(), hits.end(), [&](const auto& a, const auto& b) {
      return a.depth != b.depth ? a.depth < b.depth : st.graph.IdOf(a.node) < st.graph.IdOf(b.node);
    });
    for (const auto& h : hits) {
      std::string id(st.graph.IdOf(h.node));
      if (st.inv.Find(id) && seen.insert(id).second) held.emplace_back(id, s);
    }
  }
  return held;
}

std::string CaseId(const State& st, int64_t seq) {
  for (;; ++seq) {
    char id[24];
    std::snprintf(id, sizeof id, "C-%04lld", static_cast<long long>(seq));
    if (!st.inv.containments.count(id)) return id;
  }
}

// Opens a case on `sources` (checked to be distinct ids by the request's description).
Result<std::vector<EventDraft>> Open(const State& st, std::string id, const std::vector<std::string>& sources,
                                     const std::string& reason) {
  for (size_t i = 0; i < sources.size(); ++i)
    if (!st.inv.Find(sources[i]))
      return Status::NotFound("no material lot '" + sources[i] + "'", "lots[" + std::to_string(i) + "]");
  if (!id.empty() && st.inv.containments.count(id))
    return Status::Conflict("containment case '" + id + "' already exists", "id");
  if (reason.empty()) return Status::Invalid("a containment needs a reason", "reason");
  if (id.empty()) id = CaseId(st, st.inv.next_containment);
  json::array src, held;
  for (const auto& s : sources) src.emplace_back(s);
  for (const auto& [l, s] : Reach(st, sources)) held.push_back(json::object{{"lot", l}, {"source", s}});
  json::object p{{"id", id}, {"reason", reason}, {"sources", std::move(src)}, {"held", std::move(held)}};
  return std::vector<EventDraft>{Draft("containment.opened", p)};
}

}  // namespace

const char* HoldKindName(HoldKind k) {
  return kHoldKinds[static_cast<int>(k)];
}

std::optional<HoldKind> ParseHoldKind(std::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (s == kHoldKinds[i]) return static_cast<HoldKind>(i);
  return std::nullopt;
}

const char* StatusName(const Lot& lot) {
  if (lot.retired) return "consumed";
  if (lot.on_hand.empty()) return lot.emptied_by.empty() ? "depleted" : lot.emptied_by.c_str();
  bool expired = false, quarantine = false;
  for (const Hold& h : lot.holds) {
    if (h.kind == HoldKind::kOnHold || h.kind == HoldKind::kContainment) return "on_hold";
    expired |= h.kind == HoldKind::kExpired;
    quarantine |= h.kind == HoldKind::kQuarantine;
  }
  return expired ? "expired" : quarantine ? "quarantine" : "available";
}

bool IsLotStatus(std::string_view s) {
  return std::find(std::begin(kLotStatuses), std::end(kLotStatuses), s) != std::end(kLotStatuses);
}

std::string Unusable(const Lot& lot, Timestamp now) {
  if (lot.retired) return "lot '" + lot.id + "' is consumed";
  if (!lot.holds.empty()) {
    std::string list;
    for (const Hold& h : lot.holds) list += (list.empty() ? "" : ", ") + Describe(h);
    return "lot '" + lot.id + "' is " + StatusName(lot) + ": " + list;
  }
  if (lot.expires_at && *lot.expires_at <= now)
    return "lot '" + lot.id + "' expired on " + FormatIso8601(*lot.expires_at);
  return {};
}

// The lot status route: on_hold, quarantine or expired place a hold of that kind (with
// `containment`, on_hold opens a containment case on the lot instead); available releases one
// hold, the one named in `hold` or the only one the route may release. The request's
// description checked which fields go together.
Result<std::vector<EventDraft>> SetStatus(const State& st, const Lot& lot, const ChangeLotStatus& req) {
  HoldKind kind = HoldKind::kOnHold;
  switch (req.status) {
    case StatusChange::kAvailable:
      return Release(lot, req.hold, req.reason);
    case StatusChange::kOnHold:
      if (req.containment) return Open(st, "", {lot.id}, req.reason);
      break;
    case StatusChange::kQuarantine:
      kind = HoldKind::kQuarantine;
      break;
    case StatusChange::kExpired:
      kind = HoldKind::kExpired;
      break;
  }
  if (req.reason.empty()) return Status::Invalid("a hold needs a reason", "reason");
  for (const Hold& h : lot.holds)
    if (h.kind == kind && h.reason == req.reason && h.case_id.empty())
      return Status::Conflict(
          "lot '" + lot.id + "' is already " + HoldKindName(kind) + " (" + req.reason + ") as " + h.id, "status");
  return std::vector<EventDraft>{
      Draft("lot.held", {{"lot", lot.id}, {"kind", HoldKindName(kind)}, {"reason", req.reason}})};
}

Result<std::vector<EventDraft>> Execute(const State& st, const ContainmentCommand& c, const Context&) {
  if (const auto* open = std::get_if<OpenContainment>(&c.request)) return Open(st, open->id, open->lots, open->reason);
  const auto& release = std::get<ReleaseContainment>(c.request);
  auto it = st.inv.containments.find(c.id);
  if (it == st.inv.containments.end()) return Status::NotFound("no containment case '" + c.id + "'", "id");
  if (!it->second.open) return Status::Conflict("containment case '" + c.id + "' is already released", "id");
  if (release.reason.empty()) return Status::Invalid("a release needs a reason", "reason");
  return std::vector<EventDraft>{Draft("containment.released", {{"id", c.id}, {"reason", release.reason}})};
}

void PlaceHold(Lot& lot, Hold h) {
  h.id = "H" + std::to_string(lot.next_hold++);
  lot.holds.push_back(std::move(h));
}

std::vector<std::pair<std::string, std::string>> OpenCasesHolding(const State& st,
                                                                  const std::vector<std::string>& lots) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& id : lots) {
    const Lot* lot = st.inv.Find(id);
    if (!lot) continue;
    for (const Hold& h : lot->holds) {
      if (h.case_id.empty()) continue;
      auto c = st.inv.containments.find(h.case_id);
      if (c == st.inv.containments.end() || !c->second.open) continue;
      if (std::none_of(out.begin(), out.end(), [&](const auto& o) { return o.first == h.case_id; }))
        out.emplace_back(h.case_id, h.source);
    }
  }
  return out;
}

Status HoldUnderCase(Inventory& inv, Lot& lot, const std::string& case_id, const std::string& source, const Event& e) {
  auto c = inv.containments.find(case_id);
  if (c == inv.containments.end() || !c->second.open) return Status::Internal("no open case '" + case_id + "'");
  for (const Hold& h : lot.holds)
    if (h.case_id == case_id) return Status::Ok();
  Hold h;
  h.kind = HoldKind::kContainment;
  h.reason = c->second.reason;
  h.origin = "containment";
  h.case_id = case_id;
  h.source = source;
  h.actor = e.actor;
  h.at = e.time;
  PlaceHold(lot, std::move(h));
  c->second.held.emplace_back(lot.id, source);
  return Status::Ok();
}

}  // namespace takt::plant::inventory

// The resource collections (/api/v1/{collection}[/{id}]): list, create, read, replace, retire.
// Bodies are the resource documents of model/contract.h; the plant decodes and checks them.
#include "connect/http/route.h"
#include "model/contract.h"
#include "model/kinds.h"
#include "plant/masterdata/state_models.h"
#include "plant/masterdata/store.h"
#include "runtime/runtime.h"

namespace takt::http {

// The query of a list: paging, text search, and the top-level fields a kind may be filtered by
// (string equality, or membership for lists), as Filters<T> names them.
struct ListQuery {
  int64_t limit = 100;
  std::string after;
  bool include_retired = false;
  std::string q;
  std::string dimension, level, parent, classes, uom, product, scope, group, edge_node, device, work_unit;
};
template <typename T>
struct KindQuery : ListQuery {};

struct RetireQuery {
  std::optional<int64_t> version;
};

}  // namespace takt::http

namespace takt::contract {
using namespace http;

inline constexpr auto kListFields =
    std::tuple{Field("limit", &ListQuery::limit, kOptional, "at most this many (default 100)", Range(1, 1000)),
               Field("after", &ListQuery::after, kId, "the id to list after (the previous page's next_after)"),
               Field("include_retired", &ListQuery::include_retired, kOptional, "list retired resources too"),
               Field("q", &ListQuery::q, kOptional, "text that the id or description contains")};

// The filters of each kind.
template <typename T>
struct Filters {
  static constexpr auto kFields = std::tuple{};
};
template <>
struct Filters<model::UnitOfMeasure> {
  static constexpr auto kFields = std::tuple{Field("dimension", &ListQuery::dimension)};
};
template <>
struct Filters<model::Equipment> {
  static constexpr auto kFields = std::tuple{Field("level", &ListQuery::level), Field("parent", &ListQuery::parent),
                                             Field("classes", &ListQuery::classes, kOptional, "one class")};
};
template <>
struct Filters<model::MaterialDefinition> {
  static constexpr auto kFields =
      std::tuple{Field("uom", &ListQuery::uom), Field("classes", &ListQuery::classes, kOptional, "one class")};
};
template <>
struct Filters<model::Person> {
  static constexpr auto kFields = std::tuple{Field("classes", &ListQuery::classes, kOptional, "one class")};
};
template <>
struct Filters<model::ProductDefinition> {
  static constexpr auto kFields = std::tuple{Field("product", &ListQuery::product)};
};
template <>
struct Filters<model::DowntimeReason> {
  static constexpr auto kFields = std::tuple{Field("parent", &ListQuery::parent)};
};
template <>
struct Filters<model::ShiftCalendar> {
  static constexpr auto kFields = std::tuple{Field("scope", &ListQuery::scope)};
};
template <>
struct Filters<model::SignalMapping> {
  static constexpr auto kFields =
      std::tuple{Field("group", &ListQuery::group), Field("edge_node", &ListQuery::edge_node),
                 Field("device", &ListQuery::device), Field("work_unit", &ListQuery::work_unit)};
};

template <typename T>
struct Describe<KindQuery<T>> {
  static inline const std::string kName = std::string(Describe<T>::kName) + "Query";
  static constexpr auto kFields = std::tuple_cat(kListFields, Filters<T>::kFields);
};

template <>
struct Describe<RetireQuery> {
  static constexpr std::string_view kName = "RetireQuery";
  static constexpr auto kFields = std::tuple{Field("version", &RetireQuery::version, kOptional,
                                                   "refuse (409) unless this is the current version", Range(1, 9e18))};
};

}  // namespace takt::contract

namespace takt::http {
namespace {

using P = plant::Permission;

P WritePermission(model::Kind k) {
  switch (k) {
    case model::Kind::kPerson:
    case model::Kind::kPersonnelClass:
    case model::Kind::kQualification:
      return P::kWriteWorkforce;
    default:
      return P::kWriteMasterData;
  }
}

bool Matches(const json::value& field, std::string_view want) {
  if (field.is_string()) return field.get_string() == want;
  if (field.is_array()) {
    for (const auto& e : field.get_array())
      if (e.is_string() && e.get_string() == want) return true;
  }
  if (field.is_bool()) return want == (field.get_bool() ? "true" : "false");
  return false;
}

// The table a kind is read from; state models include the built-ins no resource replaces.
template <typename T>
const plant::Table<T>& Listed(const plant::MasterData& md, plant::Table<T>& merged) {
  if constexpr (std::is_same_v<T, model::StateModel>) {
    merged = md.state_models;
    for (const auto& m : plant::BuiltinStateModels()) merged.try_emplace(m.meta.id, m);
    return merged;
  }
  return md.table<T>();
}

template <typename T>
T Shown(const plant::MasterData& md, const T& v) {
  T out = v;
  if constexpr (std::is_same_v<T, model::StateModel>) out.built_in = plant::IsBuiltinStateModel(md, v.meta.id);
  return out;
}

template <typename T>
Page<T> List(const plant::MasterData& md, const KindQuery<T>& q) {
  // The filters given, by name, with their values.
  std::vector<std::pair<std::string_view, std::string>> filters;
  std::apply(
      [&](const auto&... f) {
        auto add = [&](const auto& def) {
          if (!(q.*(def.member)).empty()) filters.emplace_back(def.info.name, q.*(def.member));
        };
        (add(f), ...);
      },
      contract::Filters<T>::kFields);
  plant::Table<T> merged;
  const auto& table = Listed<T>(md, merged);
  Page<T> page;
  for (auto it = q.after.empty() ? table.begin() : table.upper_bound(q.after); it != table.end(); ++it) {
    const T& v = it->second;
    if (v.meta.retired && !q.include_retired) continue;
    if (!q.q.empty() && v.meta.id.find(q.q) == std::string::npos && v.meta.description.find(q.q) == std::string::npos)
      continue;
    if (!filters.empty()) {
      json::object doc = model::Encode(v);
      bool keep = true;
      for (const auto& [name, want] : filters) keep &= doc.contains(name) && Matches(doc.at(name), want);
      if (!keep) continue;
    }
    if (static_cast<int64_t>(page.items.size()) == q.limit) {
      page.next_after = page.items.back().meta.id;
      break;
    }
    page.items.push_back(Shown(md, v));
  }
  return page;
}

template <typename T>
Result<T> Get(runtime::Runtime& rt, model::Kind kind, const std::string& id) {
  return rt.Read([&](const plant::Plant& p) -> Result<T> {
    plant::Table<T> merged;
    const auto& t = Listed<T>(p.master_data(), merged);
    auto it = t.find(id);
    if (it == t.end()) return Status::NotFound("no " + std::string(model::KindName(kind)) + " '" + id + "'", "id");
    return Shown(p.master_data(), it->second);
  });
}

// Submits a write and answers the resource as it stands after the commit.
template <typename T>
void Write(Call& c, plant::Command cmd, model::Kind kind, std::string id, Answer<T> answer) {
  c.rt.Submit(std::move(cmd), c.actor,
              [&rt = c.rt, kind, id = std::move(id), answer](const Result<runtime::Committed>& r) {
                if (!r.ok()) return answer(r.status());
                answer(Get<T>(rt, kind, id));
              });
}

std::string Label(model::Kind k) {
  std::string s(model::KindName(k));
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

template <typename T>
void AddKind(std::vector<Route>& out, model::Kind kind) {
  const std::string base = "/api/v1/" + std::string(model::KindCollection(kind)), item = base + "/{id}";
  const std::string what = Label(kind);
  out.push_back(Bind<KindQuery<T>, NoBody, Page<T>>(
      {"GET", base, P::kReadResources, "list " + what + " resources, by id"},
      [](Call& c, const KindQuery<T>& q, NoBody, Answer<Page<T>> answer) {
        answer(c.rt.Read([&](const plant::Plant& p) { return List<T>(p.master_data(), q); }));
      }));
  out.push_back(Bind<NoQuery, Raw<T>, T>(
      {"POST", base, WritePermission(kind), "create a " + what, 201},
      [kind](Call& c, const NoQuery&, Raw<T> body, Answer<T> answer) {
        const json::value* id = body.doc.get_object().if_contains("id");
        std::string sid = id && id->is_string() ? std::string(id->get_string()) : std::string();
        Write<T>(c, plant::CreateResource{kind, std::move(body.doc)}, kind, std::move(sid), answer);
      }));
  out.push_back(Bind<NoQuery, NoBody, T>(
      {"GET", item, P::kReadResources, "a " + what},
      [kind](Call& c, const NoQuery&, NoBody, Answer<T> answer) { answer(Get<T>(c.rt, kind, c.param("id"))); }));
  out.push_back(Bind<NoQuery, Replacement<T>, T>(
      {"PUT", item, WritePermission(kind),
       "replace a " + what + "; the body carries the version it replaces (a stale one gets 409)"},
      [kind](Call& c, const NoQuery&, Replacement<T> body, Answer<T> answer) {
        std::string id = c.param("id");
        Write<T>(c, plant::UpdateResource{kind, id, std::move(body.doc)}, kind, id, answer);
      }));
  out.push_back(Bind<RetireQuery, NoBody, T>(
      {"DELETE", item, WritePermission(kind), "retire a " + what + " (kept for history, never deleted)"},
      [kind](Call& c, const RetireQuery& q, NoBody, Answer<T> answer) {
        std::string id = c.param("id");
        Write<T>(c, plant::RetireResource{kind, id, q.version}, kind, id, answer);
      }));
}

}  // namespace

void AddResourceRoutes(std::vector<Route>& out) {
  for (model::Kind k : model::kAllKinds)
    plant::VisitKind(k, [&](auto tag) { AddKind<typename decltype(tag)::type>(out, k); });
}

}  // namespace takt::http

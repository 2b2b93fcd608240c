#include "plant/masterdata/state_models.h"

#include <cstdlib>

namespace takt::plant {
namespace {

constexpr const char* kSimple = R"json({"id":"simple","description":"Simple machine states","minor_stop_s":120,
 "states":[{"code":"running","element":"APT"},{"code":"idle","element":"ADOT","loss":"idle"},
 {"code":"starved","element":"ADOT","loss":"idle"},{"code":"blocked","element":"ADOT","loss":"idle"},
 {"code":"setup","element":"ASUT"},{"code":"planned_stop","element":"PDOT"},
 {"code":"unplanned_stop","element":"ADET","loss":"breakdown"}]})json";

// PackML (ISA-TR88.00.02) PackTags StateCurrent numbers. Execute and the acting states that lead
// into or out of it produce (slowly); Held and the abort path are internal faults; Idle,
// Suspended (starved or blocked), Stopped and Complete wait; Resetting prepares the next run.
constexpr const char* kPackml = R"json({"id":"packml","description":"PackML states (PackTags StateCurrent)",
 "minor_stop_s":120,"states":[
 {"code":"0","name":"Undefined","element":"NODATA"},{"code":"1","name":"Clearing","element":"ADET"},
 {"code":"2","name":"Stopped","element":"ADOT"},{"code":"3","name":"Starting","element":"APT"},
 {"code":"4","name":"Idle","element":"ADOT"},{"code":"5","name":"Suspended","element":"ADOT"},
 {"code":"6","name":"Execute","element":"APT"},{"code":"7","name":"Stopping","element":"ADOT"},
 {"code":"8","name":"Aborting","element":"ADET"},{"code":"9","name":"Aborted","element":"ADET"},
 {"code":"10","name":"Holding","element":"ADET"},{"code":"11","name":"Held","element":"ADET"},
 {"code":"12","name":"Unholding","element":"APT"},{"code":"13","name":"Suspending","element":"ADOT"},
 {"code":"14","name":"Unsuspending","element":"APT"},{"code":"15","name":"Resetting","element":"ASUT"},
 {"code":"16","name":"Completing","element":"APT"},{"code":"17","name":"Complete","element":"ADOT"}]})json";

}  // namespace

const std::vector<model::StateModel>& BuiltinStateModels() {
  static const std::vector<model::StateModel> models = [] {
    std::vector<model::StateModel> out;
    for (const char* doc : {kPackml, kSimple}) {  // by id
      auto v = ParseJson(doc);
      model::StateModel m;
      if (!model::Decode(*v, m).ok()) std::abort();  // a shipped document is broken: a build defect
      m.meta.version = 1;
      m.built_in = true;
      out.push_back(std::move(m));
    }
    return out;
  }();
  return models;
}

const model::StateModel* FindBuiltinStateModel(std::string_view id) {
  for (const auto& m : BuiltinStateModels())
    if (m.meta.id == id) return &m;
  return nullptr;
}

const model::StateModel* FindStateModel(const MasterData& md, std::string_view id) {
  if (auto it = md.state_models.find(id); it != md.state_models.end() && !it->second.meta.retired) return &it->second;
  return FindBuiltinStateModel(id);
}

bool IsBuiltinStateModel(const MasterData& md, std::string_view id) {
  return FindBuiltinStateModel(id) && !md.state_models.count(id);
}

Status BuiltinIsReadOnly(std::string_view id) {
  return Status::Conflict("state model '" + std::string(id) +
                              "' is built in and read only: create a model with another id (the built-in's "
                              "document from GET /api/v1/state-models/" +
                              std::string(id) + " is a start) and name it in the equipment class",
                          "id");
}

}  // namespace takt::plant

// Names of the machine performance enums (model/machine.h), from the contract's tables.
#include "model/contract.h"
#include "model/machine.h"

namespace takt::model {

const char* TimeElementName(TimeElement e) {
  return contract::NameOf(e).data();
}
std::optional<TimeElement> ParseTimeElement(std::string_view s) {
  return contract::ParseName<TimeElement>(s);
}
const char* LossName(Loss l) {
  return contract::NameOf(l).data();
}
std::optional<Loss> ParseLoss(std::string_view s) {
  return contract::ParseName<Loss>(s);
}
const char* SignalName(Signal s) {
  return contract::NameOf(s).data();
}
std::optional<Signal> ParseSignal(std::string_view s) {
  return contract::ParseName<Signal>(s);
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

}  // namespace takt::model

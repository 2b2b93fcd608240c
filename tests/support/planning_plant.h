// A plant to plan at size, seeded over HTTP: 10 work centers of 3 work units, a 15-minute
// changeover between 4 setup families, 10 product definitions of 10 operations each (two
// branches joining at the last step), and `orders` released work orders over them (10 open
// operations each), due over the next five days. The same shape as bench_plan's, so that the
// API figures compare with the engine's own.
#pragma once

#include <string>

#include "support/http_client.h"

namespace takt::test {

// Seeds the plant through `admin` (a client of an admin user). Returns "" or what failed.
std::string SeedPlanningPlant(HttpClient& admin, int orders);

}  // namespace takt::test

// Helpers shared by the API's handler files: error mapping, query parameters, bodies.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "connect/http/api.h"
#include "core/json.h"

namespace takt::http {

using Query = std::map<std::string, std::string, std::less<>>;
using Params = std::map<std::string, std::string>;

// A refusal as an error response: kInvalidArgument 400, kNotFound 404, kConflict 409, ...
Response FromStatus(const Status& s);
Response Json(int status, const json::value& v);

// An integer query parameter in [lo, hi], `def` when absent.
Result<int64_t> IntParam(const Query& q, std::string_view key, int64_t def, int64_t lo, int64_t hi);
// Refuses query parameters outside `allowed` and `more`.
Status OnlyParams(const Query& q, std::initializer_list<std::string_view> allowed,
                  const std::vector<std::string_view>& more = {});
// The wall clock, for queries and plans that ask "as of now" (commands take the runtime's clock).
Timestamp Now();

// 429 too_many_requests with Retry-After: this address failed to authenticate too often lately.
Response Throttled(std::chrono::steady_clock::duration wait, std::string_view field);

// The request body as a JSON object.
Result<json::value> Body(const Request& req);

// Users: list, create, tokens, disable, enable, role (user_routes.cc).
void HandleUserRoute(runtime::Runtime& rt, const Route& route, const Request& req, const Params& params,
                     const Query& query, const std::string& actor, Reply reply);

}  // namespace takt::http

// Serves the web UI (ui/, embedded) at every path outside the API: the single-page app's files,
// and index.html for any other path so that a reloaded screen URL opens that screen.
#pragma once

#include "connect/http/api.h"

namespace takt::web {

// True for the paths the web UI answers: everything but /api/... and /metrics.
bool IsWebPath(std::string_view target);

// Answers a GET of a UI path. Guarantees: gzip when the client accepts it (Vary: Accept-Encoding),
// 304 when If-None-Match holds the file's ETag; files under /assets/ (content-hashed names) are
// cached for a year, everything else revalidated each time; a Content-Security-Policy that allows
// only this origin. Any other method: 405. Threads: any.
http::Response Serve(const http::Request& req);

}  // namespace takt::web

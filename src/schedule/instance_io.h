// Readers for the standard benchmark formats and the writer of `takt schedule solve` output.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "schedule/problem.h"

namespace takt::schedule {

enum class Format { kJssp, kFjsp };

// jssp: "n_jobs n_machines", then per job "machine time" pairs in routing order.
// fjsp: "n_jobs n_machines", then per job "n_ops" and per operation "k" followed by k
// "machine time" pairs. Machines are 0-based. Errors name the line: "line 4: ...".
Result<Problem> ParseInstance(std::string_view text, Format format);

// "makespan M", then one line per job with each operation's start (jssp) or machine:start (fjsp).
std::string FormatSchedule(const Schedule& s, Format format);

}  // namespace takt::schedule

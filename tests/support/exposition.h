// Reading a /metrics scrape in tests: a sample's value by its series, and the full check of the
// exposition by tests/metrics/check_exposition.py (the Prometheus client's parser and the text
// format's grammar).
#pragma once

#include <string>

namespace takt::test {

// The value of the sample `series` in `text` (NAME, or NAME{a="x",b="y"} with its labels in any
// order, as the format allows), or -1 when there is none.
double SampleValue(const std::string& text, const std::string& series);

// Empty when `text` is a valid exposition; else what the checker found wrong.
std::string ExpositionProblems(const std::string& text);

}  // namespace takt::test

#pragma once

// The employee's view as plain text, for a terminal or where there is no display: what the
// agent found on this computer, what each system collects in plain language, and whether the
// employer has declared it.

#include <chrono>
#include <string>

#include "result.h"
#include "vocabulary.h"

namespace indblik::agent {

// Renders an overview answer of the local API (docs/local-api.md). Times are shown in local
// time, relative to `now` ("today", "yesterday").
Result<std::string>
renderOverview(const std::string& overviewJson, Language language,
               std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

} // namespace indblik::agent

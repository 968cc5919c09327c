#pragma once

// The request line of the local API (docs/local-api.md), parsed apart from answering it, so the
// parser of what any local user may send can be tested and fuzzed on its own.

#include <cstdint>
#include <optional>
#include <string>

#include "result.h"

namespace indblik::agent {

struct LocalRequest {
    enum class Op { Overview, Wait, Server };
    Op op = Op::Overview;
    // {"op":"wait"}: the generation the caller has seen (-1: none) and how long to wait, not yet
    // clamped (the service caps it).
    std::int64_t after = -1;
    std::int64_t timeoutMs = 25'000;
    // {"op":"server"}: my_data, export, requests or submit_request.
    std::string what;
    std::optional<std::string> before; // my_data: the "next" of an earlier answer's events
    std::string format;                // export: ndjson, csv or html
    std::string submittedJson;         // submit_request: the "request" object, as JSON text
};

// Every malformed request is an error whose message is the answer's "error"; it never throws.
Result<LocalRequest> parseLocalRequest(const std::string& line);

} // namespace indblik::agent

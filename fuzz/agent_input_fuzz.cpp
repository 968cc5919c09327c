// What the server reads from agents and enrolling computers before it trusts them: sync batches
// (ledger entries and signed checkpoints), enrollment requests, the Host and device-time
// headers. Refusal is json::ParseError or an error Result, as the routes in server/api.cpp catch.

#include <Poco/Timestamp.h>

#include "agent_input.h"
#include "checkpoint.h"
#include "fuzz_input.h"
#include "json_reader.h"
#include "ledger.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(indblik::fuzz::text(data, size));
    try {
        const auto batch = indblik::server::parseSyncBatch(body);
        // What ingest does next without a database: check the chain and rebuild the signed bytes.
        (void)indblik::checkChain(batch.entries, 0, indblik::kGenesisHash);
        for (const auto& checkpoint : batch.checkpoints) {
            (void)indblik::checkpointMessage("device-1", checkpoint);
        }
    } catch (const indblik::json::ParseError&) {
    }
    try {
        (void)indblik::server::parseEnrollRequest(body);
    } catch (const indblik::json::ParseError&) {
    }
    (void)indblik::server::hostFromHeader(body);
    (void)indblik::server::clockSkewSeconds(body, Poco::Timestamp(0));
    return 0;
}

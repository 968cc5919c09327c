// The local API's request line, which any local user may send: parseLocalRequest answers every
// malformed line with an error and must never throw (an exception would leave the connection
// without an answer).

#include "fuzz_input.h"
#include "local_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)indblik::agent::parseLocalRequest(std::string(indblik::fuzz::text(data, size)));
    return 0;
}

// /etc/indblik/agent.conf: key = value lines. A bad line or value is an error Status.

#include "agent_config.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    indblik::agent::AgentConfig config;
    (void)indblik::agent::applyConfigText(config, std::string(indblik::fuzz::text(data, size)),
                                          "/etc/indblik/agent.conf");
    return 0;
}

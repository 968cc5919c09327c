// Products' configuration files (wazuh's ossec.conf, zabbix_agentd.conf, ...) read line by line
// with the catalog's destination patterns (std::regex). Slow per input, so a harness of its own.

#include "detectors/linux/config_detector.h"
#include "fuzz_input.h"

namespace {

// Patterns from policies/catalog (each entry's linux.config[].destination), one of each shape.
const char* const kDestinationPatterns[] = {
    R"(^\s*(?:site|dd_url):\s*["']?([^"'\s#]+))",
    R"(^\s*server\s*=\s*([^\s#,]+(?:\s*,\s*[^\s#,]+)*))",
    R"(<address>\s*([^<\s]+)\s*</address>)",
    R"(^\s*--tls_hostname[=\s]\s*(\S+))",
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = indblik::fuzz::text(data, size);
    for (const char* pattern : kDestinationPatterns) {
        (void)indblik::agent::configDestinations(text, pattern);
    }
    return 0;
}

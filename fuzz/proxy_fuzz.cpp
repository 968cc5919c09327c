// Proxy settings: /etc/environment-style assignments, KDE's kioslaverc, and the URL and address
// helpers they share with the other network detectors.

#include "detectors/linux/config_text.h"
#include "detectors/linux/destination.h"
#include "detectors/linux/proxy_detector.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = indblik::fuzz::text(data, size);
    (void)indblik::agent::parseEnvironmentProxies(text, "/etc/environment");
    (void)indblik::agent::parseKdeProxies(text, "/home/a/.config/kioslaverc");
    (void)indblik::agent::parseUrl(text, "80");
    (void)indblik::agent::withoutCredentials(text);
    (void)indblik::agent::splitDestinations(text, 5);
    return 0;
}

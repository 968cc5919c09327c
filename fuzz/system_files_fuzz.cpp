// The other files the detectors parse: XDG autostart entries, /proc/bus/input/devices, dpkg's
// status, /etc/ld.so.preload, /proc/net/tcp{,6} and certificate bundles (PEM).

#include <string>

#include "detectors/linux/autostart_detector.h"
#include "detectors/linux/input_detector.h"
#include "detectors/linux/listener_detector.h"
#include "detectors/linux/package_detector.h"
#include "detectors/linux/preload_detector.h"
#include "detectors/linux/tls_detector.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = indblik::fuzz::text(data, size);
    (void)indblik::agent::parseDesktopEntry(text);
    (void)indblik::agent::parseInputDevices(text);
    (void)indblik::agent::parseDpkgStatus(text);
    (void)indblik::agent::parsePreload(text);
    (void)indblik::agent::parseTcpListeners(text, false);
    (void)indblik::agent::parseTcpListeners(text, true);
    (void)indblik::agent::parseCertificates(text);
    return 0;
}

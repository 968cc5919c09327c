// /etc/sudoers and /etc/sudoers.d/*: I/O logging (log_input, log_output, iolog_dir, log_servers).

#include "detectors/linux/session_recording_detector.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    indblik::agent::SudoLogging logging;
    indblik::agent::parseSudoers(indblik::fuzz::text(data, size), "/etc/sudoers.d/fuzz", logging);
    return 0;
}

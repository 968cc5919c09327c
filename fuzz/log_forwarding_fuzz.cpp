// Log forwarding configuration: rsyslog, syslog-ng and systemd-journal-upload.

#include <vector>

#include "detectors/linux/log_forwarding_detector.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = indblik::fuzz::text(data, size);
    (void)indblik::agent::parseRsyslog(text, "/etc/rsyslog.d/fuzz.conf");
    const std::vector<indblik::agent::ConfigFile> files{
        {"/etc/syslog-ng/conf.d/fuzz.conf", std::string(text)}};
    (void)indblik::agent::parseSyslogNg(files);
    (void)indblik::agent::parseJournalUpload(text, "/etc/systemd/journal-upload.conf");
    return 0;
}

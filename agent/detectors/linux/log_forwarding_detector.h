#pragma once

// Log forwarding to other hosts: rsyslog, syslog-ng and systemd-journal-upload. One observation
// per destination (host:port), naming the protocol; rule lines are the evidence.

#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/linux/config_text.h"

namespace indblik::agent {

struct ForwardRule {
    Destination destination;
    bool loginActivity = false;        // the forwarded facilities include auth/authpriv
    std::vector<std::string> evidence; // "file:line: rule"
    std::string software;              // "rsyslog", "syslog-ng", "systemd-journal-upload"
};

// rsyslog configuration text: legacy "@host"/"@@host:port" actions and action(type="omfwd"|
// "omrelp" ...). Commented-out lines, local files and local hosts are not forwarding.
std::vector<ForwardRule> parseRsyslog(std::string_view text, const std::string& origin);
// syslog-ng configuration text: network()/syslog()/tcp()/udp() (and the 6 variants) destinations
// that a log {} statement uses.
// The files are parsed together: a destination defined in one may be used in another.
std::vector<ForwardRule> parseSyslogNg(const std::vector<ConfigFile>& files);
// journal-upload.conf text: URL= in [Upload].
std::vector<ForwardRule> parseJournalUpload(std::string_view text, const std::string& origin);

std::vector<Observation> detectLogForwarding(const DetectorContext& ctx);

} // namespace indblik::agent

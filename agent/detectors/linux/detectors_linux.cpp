#include "detectors/detector.h"
#include "detectors/linux/audit_detector.h"
#include "detectors/linux/autostart_detector.h"
#include "detectors/linux/browser_policy_detector.h"
#include "detectors/linux/config_detector.h"
#include "detectors/linux/log_forwarding_detector.h"
#include "detectors/linux/package_detector.h"
#include "detectors/linux/preload_detector.h"
#include "detectors/linux/process_accounting_detector.h"
#include "detectors/linux/process_detector.h"
#include "detectors/linux/proxy_detector.h"
#include "detectors/linux/service_detector.h"
#include "detectors/linux/session_recording_detector.h"
#include "detectors/linux/tls_detector.h"

namespace indblik::agent {

std::vector<Detector> platformDetectors() {
    return {
        // One /proc scan for products by process, input-device readers and listeners. /proc
        // cannot be watched with inotify; the scheduled rediscovery covers it.
        {"process", detectProcesses},
        {"service", detectServices, serviceWatchPaths()},
        // Per-person ~/.config/autostart directories are read but not listed here: the list is
        // fixed, home directories are not.
        {"autostart", detectAutostart, {"/etc/xdg/autostart"}},
        {"package", detectPackages, {"/var/lib/dpkg/status"}},
        {"audit",
         detectAudit,
         {"/etc/audit/rules.d", "/etc/audit/audit.rules", "/etc/audit/plugins.d",
          "/etc/audisp/plugins.d", "/etc/audit/audisp-remote.conf",
          "/etc/audisp/audisp-remote.conf", "/etc/pam.d"}},
        {"preload", detectPreload, {"/etc/ld.so.preload"}},
        {"log-forwarding",
         detectLogForwarding,
         {"/etc/rsyslog.conf", "/etc/rsyslog.d", "/etc/syslog-ng/syslog-ng.conf",
          "/etc/syslog-ng/conf.d", "/etc/systemd/journal-upload.conf",
          "/etc/systemd/journal-upload.conf.d", "/etc/systemd/system",
          "/etc/systemd/system/multi-user.target.wants"}},
        {"session-recording",
         detectSessionRecording,
         {"/etc/sssd/sssd.conf", "/etc/sssd/conf.d", "/etc/tlog/tlog-rec-session.conf",
          "/etc/sudoers", "/etc/sudoers.d", "/etc/passwd", "/etc/profile", "/etc/profile.d",
          "/etc/bash.bashrc", "/etc/bashrc", "/etc/zsh/zshrc", "/etc/zshrc"}},
        // Not the accounting files themselves: they grow with every program that ends.
        {"process-accounting",
         detectProcessAccounting,
         {"/etc/systemd/system/multi-user.target.wants", "/etc/rc2.d"}},
        {"tls",
         detectTlsInspection,
         {"/usr/local/share/ca-certificates", "/etc/ssl/certs",
          "/etc/pki/ca-trust/source/anchors"}},
        {"proxy",
         detectProxies,
         {"/etc/environment", "/etc/profile.d", "/etc/dconf/db", "/etc/xdg/kioslaverc"}},
        {"browser_policy", detectBrowserPolicies, browserPolicyPaths()},
        // The files come from the catalog (catalogConfigPaths) and are not known here.
        {"config", detectConfiguredDestinations},
    };
}

std::vector<std::string> platformWatchPaths(const Catalog& catalog) {
    std::vector<std::string> paths;
    for (const auto& detector : platformDetectors()) {
        paths.insert(paths.end(), detector.watch.begin(), detector.watch.end());
    }
    const auto configPaths = catalogConfigPaths(catalog);
    paths.insert(paths.end(), configPaths.begin(), configPaths.end());
    return paths;
}

} // namespace indblik::agent

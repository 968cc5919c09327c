#include "detectors/detector.h"
#include "detectors/linux/audit_detector.h"
#include "detectors/linux/autostart_detector.h"
#include "detectors/linux/package_detector.h"
#include "detectors/linux/preload_detector.h"
#include "detectors/linux/process_detector.h"
#include "detectors/linux/service_detector.h"

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
        {"audit", detectAuditRules, {"/etc/audit/rules.d", "/etc/audit/audit.rules"}},
        {"preload", detectPreload, {"/etc/ld.so.preload"}},
    };
}

} // namespace indblik::agent

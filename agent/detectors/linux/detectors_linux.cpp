#include "detectors/detector.h"
#include "detectors/linux/audit_detector.h"
#include "detectors/linux/package_detector.h"
#include "detectors/linux/preload_detector.h"
#include "detectors/linux/process_detector.h"

namespace indblik::agent {

std::vector<Detector> platformDetectors() {
    return {
        {"process", detectProcesses},
        {"package", detectPackages, {"/var/lib/dpkg/status"}},
        {"audit", detectAuditRules, {"/etc/audit/rules.d", "/etc/audit/audit.rules"}},
        {"preload", detectPreload, {"/etc/ld.so.preload"}},
    };
}

} // namespace indblik::agent

#include "detectors/detector.h"
#include "detectors/linux/audit_detector.h"
#include "detectors/linux/browser_policy_detector.h"
#include "detectors/linux/config_detector.h"
#include "detectors/linux/package_detector.h"
#include "detectors/linux/preload_detector.h"
#include "detectors/linux/process_detector.h"
#include "detectors/linux/proxy_detector.h"
#include "detectors/linux/tls_detector.h"

namespace indblik::agent {

std::vector<Detector> platformDetectors() {
    return {
        {"process", detectProcesses},
        {"package", detectPackages, {"/var/lib/dpkg/status"}},
        {"audit", detectAuditRules, {"/etc/audit/rules.d", "/etc/audit/audit.rules"}},
        {"preload", detectPreload, {"/etc/ld.so.preload"}},
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

} // namespace indblik::agent

// Browser enterprise policies (Chromium's managed/*.json, Firefox's policies.json): extensions
// forced in, proxies, certificates, reporting. A malformed file is reported as a problem.

#include <vector>

#include "catalog.h"
#include "detectors/linux/browser_policy_detector.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = indblik::fuzz::text(data, size);
    static const indblik::Catalog catalog;
    std::vector<indblik::agent::DetectorProblem> problems;
    // The root is never read: browserPolicyFindings only names paths under it in problems.
    const indblik::agent::DetectorContext ctx{"/nonexistent-fuzz-root", catalog, &problems,
                                              "browser_policy"};
    (void)indblik::agent::browserPolicyFindings(ctx, "chromium", false,
                                                "/etc/chromium/policies/managed/fuzz.json", text);
    (void)indblik::agent::browserPolicyFindings(ctx, "firefox", true,
                                                "/etc/firefox/policies/policies.json", text);
    return 0;
}

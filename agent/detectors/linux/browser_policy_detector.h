#pragma once

// Browser policies an administrator put on this computer for Chromium, Google Chrome, Microsoft
// Edge, Brave and Firefox: extensions installed without the user's choice, reporting to the
// employer or the browser maker, proxies and certificates. Evidence is the policy key and a
// summary of its value (extension ids, host names), never browsing data.

#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

// The policy directories and files the detector reads (also its watch list).
std::vector<std::string> browserPolicyPaths();

// Findings from one browser's policy document (already parsed from `text`); problems (malformed
// JSON) go to ctx. `browser` is the display name ("Google Chrome"); `firefox` selects Firefox's
// policies.json layout.
std::vector<Observation> browserPolicyFindings(const DetectorContext& ctx,
                                               const std::string& browser, bool firefox,
                                               const std::string& path, std::string_view text);

std::vector<Observation> detectBrowserPolicies(const DetectorContext& ctx);

} // namespace indblik::agent

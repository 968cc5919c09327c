#pragma once

// Process accounting (acct/psacct): the kernel writes a record for every program that ends, with
// the user who ran it. Found when an accounting file is present and non-empty and the service is
// enabled; its size is the evidence, its records are never read.

#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

std::vector<Observation> detectProcessAccounting(const DetectorContext& ctx);

} // namespace indblik::agent

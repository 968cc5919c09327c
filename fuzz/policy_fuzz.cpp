// Declared policies come from the employer's files and, through the server, from batches the
// agent receives: parsePolicy must refuse anything malformed with an error, never crash.

#include <string>
#include <vector>

#include "fuzz_input.h"
#include "policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = indblik::fuzz::text(data, size);
    const auto policy = indblik::parsePolicy(text, "fuzz");
    if (policy) {
        // What the agent does next with a policy it accepted.
        const std::vector<std::string> evidence{"/etc/audit/rules.d/x.rules:1: -a always,exit"};
        (void)indblik::policyCovers(policy.value(), "audit,process", "auditd", evidence);
        (void)policy->inEffect(20000);
    }
    return 0;
}

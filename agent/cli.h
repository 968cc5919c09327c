#pragma once

namespace indblik::agent {

// indblik-agent's command line: discover, run, enroll, verify-ledger, show.
int runCli(int argc, char** argv);

} // namespace indblik::agent

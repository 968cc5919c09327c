#pragma once

// One-shot administrator commands run against the data directory (also while the server runs:
// SQLite in WAL mode lets both use the database).

#include <iosfwd>

#include "cli.h"

namespace indblik::server {

// Returns the process exit code: 0 on success, 1 on failure (after a message on err).
int runAdmin(const AdminOptions& options, std::ostream& out, std::ostream& err);

} // namespace indblik::server

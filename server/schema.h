#pragma once

// The server's schema, as numbered migrations applied in order by Database::open. A released
// migration is never edited: a change is a new migration at the end.

#include <vector>

#include "database.h"

namespace indblik::server {

const std::vector<Migration>& serverMigrations();

} // namespace indblik::server

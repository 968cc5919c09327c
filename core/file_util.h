#pragma once

// Small file and stream helpers with errors as values. Reads are bounded so no input can exhaust
// memory.

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "result.h"

namespace indblik {

Result<std::string> readFile(const std::string& path, std::size_t maxBytes);
// Reads a stream to its end; nullopt as soon as it holds more than maxBytes (the rest is left
// unread).
std::optional<std::string> readBounded(std::istream& in, std::size_t maxBytes);
// Writes via a temporary file and rename so readers never see half a file; mode applies to the
// new file (0600 for anything secret).
Status writeFileAtomically(const std::string& path, const std::string& content,
                           unsigned mode = 0600);
// Writes content to path (created or truncated, with mode) and syncs it to disk, without a
// rename: for steps whose order of renames the caller controls.
Status writeFileSynced(const std::string& path, const std::string& content, unsigned mode = 0600);
// Makes renames and removals in dir durable (fsync of the directory).
Status syncDirectory(const std::string& dir);
// Regular files in dir whose names end with suffix, sorted by name.
Result<std::vector<std::string>> listFiles(const std::string& dir, const std::string& suffix);
// Joins a root (possibly "/" or empty) and an absolute path: ("/tmp/r", "/etc/x") → "/tmp/r/etc/x".
std::string underRoot(const std::string& root, const std::string& absolutePath);

} // namespace indblik

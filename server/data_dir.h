#pragma once

// The server's data directory: the database, the CA and the server's TLS identity. Made on first
// start (or first admin command): the directory 0700, private keys 0600.

#include <string>
#include <vector>

#include "result.h"

namespace indblik::server {

inline constexpr const char* kDefaultDataDir = "/var/lib/indblik-server";

struct DataDir {
    std::string root;

    std::string database() const { return root + "/server.db"; }
    std::string caKey() const { return root + "/ca.key"; }
    std::string caCert() const { return root + "/ca.crt"; }
    std::string serverKey() const { return root + "/server.key"; }
    std::string serverCert() const { return root + "/server.crt"; }
    std::string listening() const { return root + "/listening.json"; }
};

// localhost, 127.0.0.1, ::1 and this machine's node name.
std::vector<std::string> defaultHostnames();

// Creates the directory and whatever key or certificate is missing. The server certificate is
// issued for defaultHostnames() plus extraHostnames, and issued again (same key) when an existing
// one does not cover one of them.
Status prepareDataDir(const DataDir& dir, const std::vector<std::string>& extraHostnames);

} // namespace indblik::server

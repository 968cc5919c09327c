#include "data_dir.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>

#include <Poco/Environment.h>
#include <Poco/Exception.h>

#include "file_util.h"
#include "pki.h"

namespace indblik::server {
namespace {

constexpr int kCaValidDays = 3650;
constexpr int kServerCertValidDays = 825;
constexpr std::size_t kMaxPemBytes = 64 * 1024;

Status makeDirectory(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return Status::success();
    }
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
        std::filesystem::create_directories(parent, ec);
    }
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
        return Error{path + ": cannot create the data directory (" + std::strerror(errno) + ")"};
    }
    return Status::success();
}

Result<std::string> ensureKey(const std::string& path) {
    if (std::filesystem::exists(path)) {
        return readFile(path, kMaxPemBytes);
    }
    auto key = pki::generatePrivateKey();
    if (!key) {
        return Error{path + ": " + key.error()};
    }
    if (auto s = writeFileAtomically(path, key.value(), 0600); !s) {
        return Error{s.error()};
    }
    return key;
}

} // namespace

std::vector<std::string> defaultHostnames() {
    std::vector<std::string> names{"localhost", "127.0.0.1", "::1"};
    try {
        const std::string node = Poco::Environment::nodeName();
        const bool usable = std::all_of(node.begin(), node.end(), [](unsigned char c) {
            return std::isalnum(c) != 0 || c == '.' || c == '-';
        });
        if (!node.empty() && usable && node != "localhost") {
            names.push_back(node);
        }
    } catch (const Poco::Exception&) {
        // Without a node name the certificate still covers the loopback names.
    }
    return names;
}

Status prepareDataDir(const DataDir& dir, const std::vector<std::string>& extraHostnames) {
    if (auto s = makeDirectory(dir.root); !s) {
        return s;
    }
    auto caKey = ensureKey(dir.caKey());
    if (!caKey) {
        return Error{caKey.error()};
    }
    std::string caCert;
    if (std::filesystem::exists(dir.caCert())) {
        auto existing = readFile(dir.caCert(), kMaxPemBytes);
        if (!existing) {
            return Error{existing.error()};
        }
        caCert = std::move(existing).value();
    } else {
        auto made = pki::makeCaCertificate(
            caKey.value(), "Indblik CA " + Poco::Environment::nodeName().substr(0, 40),
            kCaValidDays);
        if (!made) {
            return Error{dir.caCert() + ": " + made.error()};
        }
        caCert = std::move(made).value();
        if (auto s = writeFileAtomically(dir.caCert(), caCert, 0644); !s) {
            return s;
        }
    }
    if (!pki::certificateMatchesKey(caCert, caKey.value())) {
        return Error{dir.caCert() + ": does not belong to " + dir.caKey()};
    }

    auto serverKey = ensureKey(dir.serverKey());
    if (!serverKey) {
        return Error{serverKey.error()};
    }
    std::vector<std::string> names = defaultHostnames();
    for (const auto& n : extraHostnames) {
        if (std::find(names.begin(), names.end(), n) == names.end()) {
            names.push_back(n);
        }
    }
    if (std::filesystem::exists(dir.serverCert())) {
        auto existing = readFile(dir.serverCert(), kMaxPemBytes);
        if (!existing) {
            return Error{existing.error()};
        }
        const bool coversAll = std::all_of(names.begin(), names.end(), [&](const auto& n) {
            return pki::certificateCoversHost(existing.value(), n);
        });
        if (coversAll && pki::certificateMatchesKey(existing.value(), serverKey.value()) &&
            pki::verifyCertificate(existing.value(), caCert, "server").ok()) {
            return Status::success();
        }
    }
    auto cert = pki::makeServerCertificate(caCert, caKey.value(), serverKey.value(),
                                           "indblik-server", names, kServerCertValidDays);
    if (!cert) {
        return Error{dir.serverCert() + ": " + cert.error()};
    }
    return writeFileAtomically(dir.serverCert(), cert.value(), 0644);
}

} // namespace indblik::server

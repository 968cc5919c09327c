#include "admin.h"

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "file_util.h"
#include "pki.h"
#include "policy.h"
#include "server_store.h"

namespace indblik::server {
namespace {

constexpr std::size_t kMaxPolicyBytes = 1 << 20;

int fail(std::ostream& err, const std::string& message) {
    err << "indblik-server admin: " << message << "\n";
    return 1;
}

int publishPolicy(ServerStore& store, const std::string& file, std::ostream& out,
                  std::ostream& err) {
    auto text = readFile(file, kMaxPolicyBytes);
    if (!text) {
        return fail(err, text.error());
    }
    auto policy = parsePolicy(text.value(), file);
    if (!policy) {
        return fail(err, policy.error());
    }
    if (auto s = store.publishPolicy(policy.value()); !s) {
        return fail(err, s.error());
    }
    out << "published policy " << policy->id << "\n";
    return 0;
}

// Days a certificate may have left before `health` calls it a problem.
constexpr std::int64_t kCertificateWarningDays = 30;

int health(const DataDir& dir, ServerStore& store, std::ostream& out) {
    std::vector<std::string> problems;
    for (const auto& [what, path] :
         {std::pair<std::string, std::string>{"CA certificate", dir.caCert()},
          {"server certificate", dir.serverCert()}}) {
        auto pem = readFile(path, 64 * 1024);
        auto info = pem ? pki::inspectCertificate(pem.value())
                        : Result<pki::CertificateInfo>(Error{pem.error()});
        if (!info) {
            problems.push_back(what + ": " + info.error());
            continue;
        }
        out << what << ": " << info->daysLeft << " days left (" << path << ")\n";
        if (info->daysLeft < kCertificateWarningDays) {
            problems.push_back(what + " expires in " + std::to_string(info->daysLeft) +
                               " days: renew it");
        }
    }
    auto h = store.health();
    if (!h) {
        problems.push_back(h.error());
    } else {
        out << "database: " << dir.database() << " (quick_check: " << h->integrity << ")\n"
            << "devices: " << h->devices << " (" << h->revokedDevices << " revoked)\n"
            << "last sync from any device: " << (h->lastSync.empty() ? "never" : h->lastSync)
            << "\n"
            << "ledger entries stored: " << h->entries << "\n"
            << "published policies: " << h->policies << "\n";
        if (h->integrity != "ok") {
            problems.push_back("the database fails SQLite's quick_check: " + h->integrity);
        }
    }
    for (const auto& p : problems) {
        out << "PROBLEM: " << p << "\n";
    }
    out << (problems.empty() ? "healthy\n" : "not healthy\n");
    return problems.empty() ? 0 : 1;
}

} // namespace

int runAdmin(const AdminOptions& options, std::ostream& out, std::ostream& err) {
    const DataDir dir{options.dataDir};
    if (auto s = prepareDataDir(dir, {}); !s) {
        return fail(err, s.error());
    }
    if (options.command == "ca-fingerprint") {
        auto ca = readFile(dir.caCert(), 64 * 1024);
        if (!ca) {
            return fail(err, ca.error());
        }
        auto fingerprint = pki::fingerprintSha256(ca.value());
        if (!fingerprint) {
            return fail(err, dir.caCert() + ": " + fingerprint.error());
        }
        out << fingerprint.value() << "\n";
        return 0;
    }
    auto store = ServerStore::open(dir.database());
    if (!store) {
        return fail(err, store.error());
    }
    ServerStore& s = *store.value();
    if (options.command == "create-enrollment-token") {
        auto token = s.createEnrollmentToken(options.ttlMinutes);
        if (!token) {
            return fail(err, token.error());
        }
        out << token.value() << "\n";
        return 0;
    }
    if (options.command == "publish-policy") {
        return publishPolicy(s, options.policyFile, out, err);
    }
    if (options.command == "list-devices") {
        auto devices = s.devices();
        if (!devices) {
            return fail(err, devices.error());
        }
        out << "device_id\thostname\tenrolled_at\tlast_seen\tcert_serial\tstatus\n";
        for (const auto& d : devices.value()) {
            out << d.id << "\t" << d.hostname << "\t" << d.enrolledAt << "\t"
                << (d.lastSeen.empty() ? "-" : d.lastSeen) << "\t" << d.serial << "\t"
                << (d.revokedAt ? "revoked " + *d.revokedAt : std::string("active")) << "\n";
        }
        return 0;
    }
    if (options.command == "health") {
        return health(dir, s, out);
    }
    if (options.command == "revoke-device") {
        auto device = s.revokeDevice(options.device);
        if (!device) {
            return fail(err, device.error());
        }
        out << "device " << device->id << " (" << device->hostname << ") revoked "
            << device->revokedAt.value_or("") << "; its next sync is refused\n";
        return 0;
    }
    if (options.command == "show-entries") {
        auto entries = s.entries(options.device);
        if (!entries) {
            return fail(err, entries.error());
        }
        out << "device_id\tseq\tkind\tpayload\n";
        for (const auto& e : entries.value()) {
            out << e.deviceId << "\t" << e.entry.seq << "\t" << e.entry.kind << "\t"
                << e.entry.payload << "\n";
        }
        return 0;
    }
    return fail(err, "unknown command \"" + options.command + "\"");
}

} // namespace indblik::server

#include "admin.h"

#include <charconv>
#include <cstdlib>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <Poco/Data/Session.h>

#include "database.h"
#include "file_util.h"
#include "integrity.h"
#include "local_time.h"
#include "pki.h"
#include "policy.h"
#include "schema.h"
#include "server_store.h"

namespace indblik::server {
namespace {

int fail(std::ostream& err, const std::string& message) {
    return adminFail(err, message);
}

// Days a certificate may have left before `health` calls it a problem.
constexpr std::int64_t kCertificateWarningDays = 30;

int health(const DataDir& dir, Database& db, ServerStore& store, std::ostream& out) {
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
        out << "time zone (due dates, effective dates): " << localZoneDescription() << "\n";
        out << "database: " << db.name() << " (schema version " << db.schemaVersion()
            << ", check: " << h->integrity << ")\n"
            << "devices: " << h->devices << " (" << h->revokedDevices << " revoked)\n"
            << "last sync from any device: " << (h->lastSync.empty() ? "never" : h->lastSync)
            << "\n"
            << "ledger entries stored: " << h->entries << "\n"
            << "batches refused: " << h->refusedBatches << "\n"
            << "policies in effect: " << h->policies << "\n";
        if (h->integrity != "ok") {
            problems.push_back("the database check failed: " + h->integrity);
        }
        // What the last `verify-device` found; it is not rerun here (it reads every entry).
        std::vector<std::string> ids, found;
        auto checked = db.read("read the devices' checks", [&](Poco::Data::Session& s) {
            s << "SELECT device_id, problem FROM device_integrity WHERE intact = 0 ORDER BY "
                 "device_id",
                Poco::Data::Keywords::into(ids), Poco::Data::Keywords::into(found),
                Poco::Data::Keywords::now;
        });
        if (!checked) {
            problems.push_back(checked.error());
        }
        for (std::size_t i = 0; i < ids.size(); ++i) {
            problems.push_back("device " + ids[i] + ": its stored record was changed: " + found[i] +
                               " (see verify-device)");
        }
    }
    // A far-off device clock is the device's problem, not the server's: a warning, not a
    // failed health check. Its times are shown as sent and are not used for retention.
    if (auto devices = store.devices()) {
        for (const auto& d : devices.value()) {
            if (!d.revokedAt && clockIsOff(d.clockSkewSeconds)) {
                out << "WARNING: the clock of device " << d.id << " (" << d.hostname << ") is "
                    << clockDescription(d) << "\n";
            }
        }
    } else {
        problems.push_back(devices.error());
    }
    for (const auto& p : problems) {
        out << "PROBLEM: " << p << "\n";
    }
    out << (problems.empty() ? "healthy\n" : "not healthy\n");
    return problems.empty() ? 0 : 1;
}

int verifyDevices(AdminContext& x) {
    std::vector<std::string> ids;
    if (!x.options.args.empty()) {
        ids.push_back(x.options.args[0]);
    } else {
        auto devices = x.store.devices();
        if (!devices) {
            return fail(x.err, devices.error());
        }
        for (const auto& d : devices.value()) {
            ids.push_back(d.id);
        }
    }
    int broken = 0;
    for (const auto& id : ids) {
        auto d = verifyDevice(x.db, id, true);
        if (!d) {
            return fail(x.err, d.error());
        }
        if (!d->intact) {
            ++broken;
            x.out << "device " << id << ": NOT INTACT: " << d->problem << "\n";
        } else if (!d->verified) {
            x.out << "device " << id << ": chain intact; no signed checkpoint yet\n";
        } else {
            x.out << "device " << id << ": intact, verified up to " << d->verifiedUpTo << " (entry "
                  << d->seq << ", " << d->checkpoints << " checkpoint(s))\n";
        }
    }
    return broken == 0 ? 0 : 1;
}

} // namespace

std::string clockDescription(const Device& d) {
    if (!d.clockSkewSeconds) {
        return "unknown";
    }
    const auto skew = *d.clockSkewSeconds;
    if (skew == 0) {
        return "in time (at " + d.clockCheckedAt + ")";
    }
    return std::to_string(skew < 0 ? -skew : skew) + " s " + (skew < 0 ? "behind" : "ahead") +
           (clockIsOff(skew) ? ", too far off" : "") + " (at " + d.clockCheckedAt + ")";
}

int adminFail(std::ostream& err, const std::string& message) {
    err << "indblik-server admin: " << message << "\n";
    return 1;
}

std::vector<AdminCommand> deviceAdminCommands() {
    std::vector<AdminCommand> c;
    c.push_back({"ca-fingerprint",
                 "ca-fingerprint",
                 "print the CA certificate's SHA-256 fingerprint",
                 0,
                 0,
                 {},
                 {},
                 [](AdminContext& x) {
                     auto ca = readFile(x.dir.caCert(), 64 * 1024);
                     if (!ca) {
                         return fail(x.err, ca.error());
                     }
                     auto fingerprint = pki::fingerprintSha256(ca.value());
                     if (!fingerprint) {
                         return fail(x.err, x.dir.caCert() + ": " + fingerprint.error());
                     }
                     x.out << fingerprint.value() << "\n";
                     return 0;
                 }});
    c.push_back({"create-enrollment-token",
                 "create-enrollment-token [--ttl-minutes N] [--person ID]",
                 "print a new single-use token (default 60 min); with --person the device is "
                 "that person's",
                 0,
                 0,
                 {"--ttl-minutes", "--person"},
                 {},
                 [](AdminContext& x) {
                     int ttl = 60;
                     const std::string text = x.options.option("--ttl-minutes", "60");
                     const auto* end = text.data() + text.size();
                     const auto [ptr, ec] = std::from_chars(text.data(), end, ttl);
                     if (ec != std::errc() || ptr != end) {
                         return fail(x.err,
                                     "--ttl-minutes: expected a number, got \"" + text + "\"");
                     }
                     auto token = x.store.createEnrollmentToken(ttl, x.options.option("--person"));
                     if (!token) {
                         return fail(x.err, token.error());
                     }
                     x.out << token.value() << "\n";
                     return 0;
                 }});
    c.push_back({"list-devices",
                 "list-devices",
                 "list enrolled devices",
                 0,
                 0,
                 {},
                 {},
                 [](AdminContext& x) {
                     auto devices = x.store.devices();
                     if (!devices) {
                         return fail(x.err, devices.error());
                     }
                     x.out << "device_id\thostname\tenrolled_at\tlast_seen\tcert_serial\tstatus"
                              "\tclock\tcert_expires\tprevious_serial\n";
                     for (const auto& d : devices.value()) {
                         x.out << d.id << "\t" << d.hostname << "\t" << d.enrolledAt << "\t"
                               << (d.lastSeen.empty() ? "-" : d.lastSeen) << "\t" << d.serial
                               << "\t"
                               << (d.revokedAt ? "revoked " + *d.revokedAt : std::string("active"))
                               << "\t" << clockDescription(d) << "\t"
                               << (d.certExpiresAt.empty() ? "-" : d.certExpiresAt) << "\t"
                               << (d.previousSerial.empty() ? "-" : d.previousSerial) << "\n";
                     }
                     return 0;
                 }});
    c.push_back({"show-entries",
                 "show-entries [--device ID]",
                 "print stored ledger entries",
                 0,
                 0,
                 {"--device"},
                 {},
                 [](AdminContext& x) {
                     auto entries = x.store.entries(x.options.option("--device"));
                     if (!entries) {
                         return fail(x.err, entries.error());
                     }
                     x.out << "device_id\tseq\tkind\tpayload\n";
                     for (const auto& e : entries.value()) {
                         x.out << e.deviceId << "\t" << e.entry.seq << "\t" << e.entry.kind << "\t"
                               << e.entry.payload << "\n";
                     }
                     return 0;
                 }});
    c.push_back({"revoke-device",
                 "revoke-device DEVICE_ID",
                 "refuse the device's certificate from now on",
                 1,
                 1,
                 {},
                 {},
                 [](AdminContext& x) {
                     auto device = x.store.revokeDevice(x.options.args[0]);
                     if (!device) {
                         return fail(x.err, device.error());
                     }
                     x.out << "device " << device->id << " (" << device->hostname << ") revoked "
                           << device->revokedAt.value_or("") << "; its next sync is refused\n";
                     return 0;
                 }});
    c.push_back({"verify-device",
                 "verify-device [DEVICE_ID]",
                 "recompute the stored chain of one device (default: every device) and check it "
                 "against the checkpoints the device signed; keeps the outcome for the "
                 "employee's view; exit 1 when a record was changed",
                 0,
                 1,
                 {},
                 {},
                 [](AdminContext& x) { return verifyDevices(x); }});
    c.push_back({"health",
                 "health",
                 "certificates' days left, database check, counts; exit 1 and PROBLEM lines "
                 "when something needs care",
                 0,
                 0,
                 {},
                 {},
                 [](AdminContext& x) { return health(x.dir, x.db, x.store, x.out); }});
    return c;
}

const std::vector<AdminCommand>& adminCommands() {
    static const std::vector<AdminCommand> all = [] {
        std::vector<AdminCommand> out;
        for (auto part : {deviceAdminCommands, accountAdminCommands, peopleAdminCommands,
                          policyAdminCommands, retentionAdminCommands, councilAdminCommands}) {
            for (auto& command : part()) {
                out.push_back(std::move(command));
            }
        }
        return out;
    }();
    return all;
}

const AdminCommand* findAdminCommand(const std::string& name) {
    for (const auto& c : adminCommands()) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

std::string databaseLocation(const DataDir& dir, const std::string& given) {
    if (!given.empty()) {
        return given;
    }
    if (const char* env = std::getenv("INDBLIK_DATABASE"); env != nullptr && *env != '\0') {
        return env;
    }
    return dir.database();
}

int runAdmin(const AdminOptions& options, std::ostream& out, std::ostream& err, std::istream& in) {
    const AdminCommand* command = findAdminCommand(options.command);
    if (command == nullptr) {
        return fail(err, "unknown command \"" + options.command + "\"");
    }
    const DataDir dir{options.dataDir};
    if (auto s = prepareDataDir(dir, {}); !s) {
        return fail(err, s.error());
    }
    auto db = Database::open(databaseLocation(dir, options.database), serverMigrations(), 2);
    if (!db) {
        return fail(err, db.error());
    }
    ServerStore store(*db.value());
    AdminContext context{dir, *db.value(), store, options, out, err, in};
    return command->run(context);
}

} // namespace indblik::server

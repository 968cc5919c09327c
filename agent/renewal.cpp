#include "renewal.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequest.h>

#include "file_util.h"
#include "json_reader.h"

namespace indblik::agent {
namespace {

constexpr std::size_t kMaxPemBytes = 64 * 1024;

struct Paths {
    std::string dir;
    std::string key() const { return dir + "/agent.key"; }
    std::string cert() const { return dir + "/agent.crt"; }
    std::string ca() const { return dir + "/ca.crt"; }
    std::string newKey() const { return key() + ".new"; }
    std::string newCert() const { return cert() + ".new"; }
};

bool exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

Status renameOver(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
        return Error{to + ": cannot replace with " + from + " (" + std::strerror(errno) + ")"};
    }
    return Status::success();
}

// The order every step below relies on: agent.key.new, then agent.crt.new, each complete and
// synced before the next; then agent.key.new -> agent.key, then agent.crt.new -> agent.crt.
// So a complete agent.crt.new always has its key in agent.key.new or, once that was renamed,
// in agent.key.
Status install(const Paths& p) {
    if (auto s = renameOver(p.newKey(), p.key()); !s) {
        return s;
    }
    if (auto s = renameOver(p.newCert(), p.cert()); !s) {
        return s;
    }
    return syncDirectory(p.dir);
}

std::string reasonOf(const std::string& body) {
    try {
        json::ObjectReader r(json::parse(body, kMaxPemBytes), "$");
        return r.optionalString("reason", 64).value_or("");
    } catch (const json::ParseError&) {
        return {};
    }
}

std::string errorOf(const std::string& body) {
    try {
        json::ObjectReader r(json::parse(body, kMaxPemBytes), "$");
        return r.optionalString("error", 1024).value_or("");
    } catch (const json::ParseError&) {
        return body.substr(0, 200);
    }
}

} // namespace

std::int64_t secondsUntilRenewal(const pki::CertificateInfo& certificate, std::int64_t nowEpoch) {
    const std::int64_t issued =
        std::min(certificate.notBefore + pki::kBackdateSeconds, certificate.notAfter);
    const std::int64_t lifetime = certificate.notAfter - issued;
    const std::int64_t window = std::min(kRenewWithinSeconds, lifetime / 3);
    return certificate.notAfter - window - nowEpoch;
}

Result<pki::CertificateInfo> currentCertificate(const std::string& identityDir) {
    auto pem = readFile(Paths{identityDir}.cert(), kMaxPemBytes);
    if (!pem) {
        return Error{pem.error()};
    }
    return pki::inspectCertificate(pem.value());
}

Result<std::string> recoverRenewal(const std::string& identityDir) {
    const Paths p{identityDir};
    const bool newKey = exists(p.newKey());
    const bool newCert = exists(p.newCert());
    if (!newKey && !newCert) {
        return std::string();
    }
    if (newCert) {
        auto cert = readFile(p.newCert(), kMaxPemBytes);
        auto key = readFile(newKey ? p.newKey() : p.key(), kMaxPemBytes);
        auto ca = readFile(p.ca(), kMaxPemBytes);
        if (cert && key && ca && pki::certificateMatchesKey(cert.value(), key.value()) &&
            pki::verifyCertificate(cert.value(), ca.value(), "client")) {
            if (newKey) {
                if (auto s = renameOver(p.newKey(), p.key()); !s) {
                    return Error{s.error()};
                }
            }
            if (auto s = renameOver(p.newCert(), p.cert()); !s) {
                return Error{s.error()};
            }
            if (auto s = syncDirectory(p.dir); !s) {
                return Error{s.error()};
            }
            return std::string("finished");
        }
    }
    // Interrupted before both were written: the old key and certificate are whole, and the
    // server accepts the old certificate until the new one is used, which it never was.
    std::error_code ec;
    std::filesystem::remove(p.newKey(), ec);
    if (ec) {
        return Error{p.newKey() + ": cannot remove (" + ec.message() + ")"};
    }
    std::filesystem::remove(p.newCert(), ec);
    if (ec) {
        return Error{p.newCert() + ": cannot remove (" + ec.message() + ")"};
    }
    if (auto s = syncDirectory(p.dir); !s) {
        return Error{s.error()};
    }
    return std::string("discarded");
}

RenewalOutcome renewCertificate(const std::string& identityDir, SyncClient& client) {
    RenewalOutcome outcome;
    const Paths p{identityDir};
    const auto fail = [&outcome](std::string error) {
        outcome.error = std::move(error);
        return outcome;
    };
    auto key = pki::generatePrivateKey();
    if (!key) {
        return fail(key.error());
    }
    // The server names the certificate after the device anyway; naming it here lets the server
    // refuse a request that was meant for another device.
    auto csr = pki::makeCsr(key.value(), client.deviceId());
    if (!csr) {
        return fail(csr.error());
    }
    Poco::JSON::Object request;
    request.set("csr", csr.value());
    std::ostringstream body;
    request.stringify(body);
    auto reply = client.call(Poco::Net::HTTPRequest::HTTP_POST, "/api/v1/renew", body.str());
    if (!reply) {
        return fail("certificate renewal failed: " + reply.error());
    }
    if (reply->status != 200) {
        outcome.refusalReason = reply->status == 403 ? reasonOf(reply->body) : std::string();
        return fail("certificate renewal refused by " + client.serverUrl() + " (HTTP " +
                    std::to_string(reply->status) + ": " + errorOf(reply->body) + ")");
    }
    std::string certificate;
    try {
        // Not finish()ed: a newer server may add fields.
        json::ObjectReader r(json::parse(reply->body, kMaxPemBytes), "$");
        certificate = r.string("certificate", kMaxPemBytes);
    } catch (const json::ParseError& e) {
        return fail(std::string("the renewal answer is malformed: ") + e.what());
    }
    auto ca = readFile(p.ca(), kMaxPemBytes);
    if (!ca) {
        return fail(ca.error());
    }
    if (auto s = pki::verifyCertificate(certificate, ca.value(), "client"); !s) {
        return fail("the renewed certificate is not usable: " + s.error());
    }
    if (!pki::certificateMatchesKey(certificate, key.value())) {
        return fail("the renewed certificate is not for the new key");
    }
    auto info = pki::inspectCertificate(certificate);
    if (!info || info->commonName != client.deviceId()) {
        return fail("the renewed certificate does not name device " + client.deviceId());
    }
    if (auto s = writeFileSynced(p.newKey(), key.value()); !s) {
        return fail(s.error());
    }
    if (auto s = writeFileSynced(p.newCert(), certificate); !s) {
        return fail(s.error());
    }
    if (auto s = install(p); !s) {
        // recoverRenewal() finishes it at the next start.
        return fail(s.error());
    }
    outcome.renewed = true;
    outcome.serial = info->serial;
    outcome.expiresAt = pki::isoTime(info->notAfter);
    return outcome;
}

} // namespace indblik::agent

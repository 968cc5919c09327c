#include "sync_client.h"

#include <filesystem>
#include <limits>
#include <mutex>
#include <sstream>
#include <sys/stat.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include "file_util.h"
#include "json_reader.h"
#include "pki.h"
#include "retry.h"

namespace indblik::agent {
namespace {

constexpr std::size_t kMaxPemBytes = 64 * 1024;
constexpr std::size_t kMaxConfigBytes = 64 * 1024;
constexpr std::size_t kMaxEnrollReplyBytes = 256 * 1024;
constexpr std::size_t kMaxSyncReplyBytes = std::size_t(16) << 20;
constexpr int kTimeoutSeconds = 30;

struct IdentityFiles {
    std::string dir;
    std::string key() const { return dir + "/agent.key"; }
    std::string cert() const { return dir + "/agent.crt"; }
    std::string ca() const { return dir + "/ca.crt"; }
    std::string server() const { return dir + "/server.json"; }
};

// Once per process; Poco counts the calls, and the agent never needs to tear SSL down.
void initializeSsl() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

struct Endpoint {
    std::string url;
    std::string host;
    Poco::UInt16 port = 0;
};

Result<Endpoint> parseHttpsUrl(const std::string& url) {
    try {
        const Poco::URI uri(url);
        if (uri.getScheme() != "https") {
            return Error{url + ": the server address must start with https://"};
        }
        if (uri.getHost().empty()) {
            return Error{url + ": the server address has no host"};
        }
        if ((!uri.getPath().empty() && uri.getPath() != "/") || !uri.getRawQuery().empty()) {
            return Error{url + ": give only scheme, host and port (no path or query)"};
        }
        return Endpoint{url, uri.getHost(), uri.getPort()};
    } catch (const Poco::Exception& e) {
        return Error{url + ": not a valid address (" + e.message() + ")"};
    }
}

// TLS 1.2+, our cipher list, no system CAs, and a handler that rejects every certificate that
// fails verification. With `verify`, the server must present a certificate from caFile whose
// names cover the host we connected to.
Result<Poco::Net::Context::Ptr> clientContext(bool verify, const std::string& caFile,
                                              const std::string& keyFile,
                                              const std::string& certFile) {
    initializeSsl();
    Poco::Net::Context::Params params;
    params.privateKeyFile = keyFile;
    params.certificateFile = certFile;
    params.caLocation = verify ? caFile : std::string();
    params.verificationMode =
        verify ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_NONE;
    params.verificationDepth = 2;
    params.loadDefaultCAs = false;
    params.cipherList = pki::kTlsCipherList;
    try {
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->disableProtocols(
            Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
            Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        context->enableExtendedCertificateVerification(verify);
        context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
        return context;
    } catch (const Poco::Exception& e) {
        return Error{"cannot set up TLS (" + e.displayText() + ")"};
    }
}

struct HttpReply {
    int status = 0;
    std::string body;
    std::string contentType;
    std::string retryAfter;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

Result<HttpReply> exchange(const Endpoint& endpoint, const Poco::Net::Context::Ptr& context,
                           const std::string& method, const std::string& path,
                           const std::string& body, std::size_t maxReplyBytes,
                           const Headers& headers = {}) {
    const std::string where = endpoint.url + path;
    try {
        Poco::Net::HTTPSClientSession session(endpoint.host, endpoint.port, context);
        session.setTimeout(Poco::Timespan(kTimeoutSeconds, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (method == Poco::Net::HTTPRequest::HTTP_POST) {
            request.setContentType("application/json");
            request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        }
        for (const auto& [name, value] : headers) {
            request.set(name, value);
        }
        std::ostream& out = session.sendRequest(request);
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        HttpReply reply;
        reply.status = static_cast<int>(response.getStatus());
        reply.contentType = response.getContentType();
        reply.retryAfter = response.get("Retry-After", "");
        auto answer = readBounded(in, maxReplyBytes);
        if (!answer) {
            return Error{where + ": the answer is larger than " + std::to_string(maxReplyBytes) +
                         " bytes"};
        }
        reply.body = std::move(*answer);
        return reply;
    } catch (const Poco::Exception& e) {
        return Error{where + ": " + e.displayText()};
    }
}

// The server's {"error": "..."} if there is one, else the start of the body.
std::string describeRefusal(const HttpReply& reply) {
    std::string detail;
    try {
        json::ObjectReader r(json::parse(reply.body), "$");
        detail = r.string("error");
    } catch (const json::ParseError&) {
        detail = reply.body.substr(0, 200);
    }
    return "HTTP " + std::to_string(reply.status) + (detail.empty() ? "" : ": " + detail);
}

// The "reason" of a refusal, "" when there is none.
std::string refusalReasonOf(const HttpReply& reply) {
    try {
        json::ObjectReader r(json::parse(reply.body), "$");
        return r.optionalString("reason", 64).value_or("");
    } catch (const json::ParseError&) {
        return {};
    }
}

Status makePrivateDirectory(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return Error{dir + ": cannot create the identity directory (" + ec.message() + ")"};
    }
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    if (ec) {
        return Error{dir + ": cannot restrict the identity directory to its owner (" +
                     ec.message() + ")"};
    }
    return Status::success();
}

struct EnrollAnswer {
    std::string deviceId;
    std::string certificate;
    std::string ca;
    std::string agentUrl;
};

Result<EnrollAnswer> parseEnrollAnswer(const std::string& body) {
    try {
        // Not finish()ed: a newer server may add fields.
        json::ObjectReader r(json::parse(body, kMaxEnrollReplyBytes), "$");
        EnrollAnswer a;
        a.deviceId = r.string("device_id", 64);
        a.certificate = r.string("certificate", kMaxPemBytes);
        a.ca = r.string("ca", kMaxPemBytes);
        a.agentUrl = r.string("agent_url", 512);
        return a;
    } catch (const json::ParseError& e) {
        return Error{std::string("the enrollment answer is malformed: ") + e.what()};
    }
}

class HttpsSyncClient : public SyncClient {
public:
    HttpsSyncClient(Endpoint endpoint, std::string deviceId, Poco::Net::Context::Ptr context)
        : m_endpoint(std::move(endpoint)), m_deviceId(std::move(deviceId)),
          m_context(std::move(context)) {}

    Result<SyncResult> sync(const std::vector<LedgerEntry>& entries,
                            const std::vector<Checkpoint>& checkpoints) override;
    Result<ServerAnswer> call(const std::string& method, const std::string& pathAndQuery,
                              const std::string& body) override {
        auto reply =
            exchange(m_endpoint, m_context, method, pathAndQuery, body, kMaxSyncReplyBytes);
        if (!reply) {
            return Error{reply.error()};
        }
        return ServerAnswer{reply->status, std::move(reply->body), std::move(reply->contentType)};
    }
    const std::string& deviceId() const override { return m_deviceId; }
    const std::string& serverUrl() const override { return m_endpoint.url; }
    std::optional<int> retryAfterSeconds() const override { return m_retryAfter; }
    std::string refusalReason() const override { return m_refusalReason; }

private:
    Endpoint m_endpoint;
    std::string m_deviceId;
    Poco::Net::Context::Ptr m_context;
    std::optional<int> m_retryAfter;
    std::string m_refusalReason;
};

std::string batchJson(const std::vector<LedgerEntry>& entries,
                      const std::vector<Checkpoint>& checkpoints) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& e : entries) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("seq", static_cast<Poco::Int64>(e.seq));
        item->set("time", e.time);
        item->set("kind", e.kind);
        item->set("payload", e.payload);
        item->set("prev_hash", e.prevHash);
        item->set("hash", e.hash);
        items->add(item);
    }
    Poco::JSON::Object batch;
    batch.set("entries", items);
    if (!checkpoints.empty()) {
        // Only when there are some, so a server from before checkpoints takes the batch.
        Poco::JSON::Array::Ptr signedHeads = new Poco::JSON::Array;
        for (const auto& c : checkpoints) {
            Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
            item->set("seq", static_cast<Poco::Int64>(c.seq));
            item->set("head", c.head);
            item->set("time", c.time);
            item->set("signature", c.signature);
            signedHeads->add(item);
        }
        batch.set("checkpoints", signedHeads);
    }
    std::ostringstream out;
    batch.stringify(out);
    return out.str();
}

Result<SyncResult> HttpsSyncClient::sync(const std::vector<LedgerEntry>& entries,
                                         const std::vector<Checkpoint>& checkpoints) {
    m_retryAfter.reset();
    m_refusalReason.clear();
    const std::string body = batchJson(entries, checkpoints);
    // Our clock as we send, so the server can tell how far off it is.
    const Poco::Timestamp sent;
    auto reply = exchange(m_endpoint, m_context, Poco::Net::HTTPRequest::HTTP_POST, "/api/v1/sync",
                          body, kMaxSyncReplyBytes, {{"X-Indblik-Device-Time", nowIso8601()}});
    const Poco::Timestamp answered;
    if (!reply) {
        return Error{"sync failed: " + reply.error()};
    }
    if (reply->status == 429 || reply->status == 503) {
        m_retryAfter = parseRetryAfter(reply->retryAfter);
    }
    if (reply->status == 403) {
        m_refusalReason = refusalReasonOf(reply.value());
    }
    if (reply->status != 200) {
        return Error{"sync to " + m_endpoint.url + " refused (" + describeRefusal(reply.value()) +
                     ")"};
    }
    try {
        json::ObjectReader r(json::parse(reply->body, kMaxSyncReplyBytes), "$");
        SyncResult result;
        result.acked = r.integer("acked", 0, std::numeric_limits<std::int64_t>::max());
        if (r.has("checkpoint_seq")) {
            result.checkpointSeq =
                r.integer("checkpoint_seq", 0, std::numeric_limits<std::int64_t>::max());
        }
        for (const auto& policy : r.array("policies", 10000)) {
            std::ostringstream text;
            Poco::JSON::Stringifier::condense(policy, text);
            result.policies.push_back(text.str());
        }
        if (const auto serverTime = r.optionalString("server_time", 64)) {
            result.clockSkewSeconds = estimateClockSkew(sent.epochMicroseconds(),
                                                        answered.epochMicroseconds(), *serverTime);
        }
        return result;
    } catch (const json::ParseError& e) {
        return Error{"sync to " + m_endpoint.url + ": malformed answer: " + e.what()};
    } catch (const Poco::Exception& e) {
        return Error{"sync to " + m_endpoint.url + ": malformed answer: " + e.displayText()};
    }
}

} // namespace

std::string privateKeyPath(const std::string& identityDir) {
    return IdentityFiles{identityDir}.key();
}

bool isEnrolled(const std::string& identityDir) {
    const IdentityFiles files{identityDir};
    std::error_code ec;
    return std::filesystem::exists(files.cert(), ec) && std::filesystem::exists(files.key(), ec) &&
           std::filesystem::exists(files.server(), ec);
}

Status enroll(const EnrollRequest& request, EnrollProblem* problem) {
    EnrollProblem ignored = EnrollProblem::None;
    EnrollProblem& why = problem ? *problem : ignored;
    why = EnrollProblem::Other;
    const IdentityFiles files{request.identityDir};
    const std::string pinned = pki::normalizeFingerprint(request.caFingerprint);
    if (request.token.empty() || request.hostname.empty() || request.identityDir.empty()) {
        return Error{"enrollment needs a token, this device's host name and an identity directory"};
    }
    if (pinned.size() != 64 || pinned.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return Error{"the CA fingerprint must be 64 hex digits (SHA-256), as printed by "
                     "`indblik-server admin ca-fingerprint`"};
    }
    if (isEnrolled(request.identityDir)) {
        return Error{request.identityDir +
                     ": this device is already enrolled; remove the identity to enroll again"};
    }
    auto endpoint = parseHttpsUrl(request.serverUrl);
    if (!endpoint) {
        return Error{endpoint.error()};
    }
    if (auto s = makePrivateDirectory(request.identityDir); !s) {
        return s;
    }

    // 1. Fetch the CA. Nothing can verify this connection yet; the pinned fingerprint
    //    authenticates what it returns instead.
    auto anyServer = clientContext(false, {}, {}, {});
    if (!anyServer) {
        return Error{anyServer.error()};
    }
    auto caReply = exchange(endpoint.value(), anyServer.value(), Poco::Net::HTTPRequest::HTTP_GET,
                            "/api/v1/ca", {}, kMaxPemBytes);
    if (!caReply) {
        why = EnrollProblem::Unreachable;
        return Error{"cannot fetch the server's CA certificate: " + caReply.error()};
    }
    if (caReply->status != 200) {
        return Error{"cannot fetch the server's CA certificate (" +
                     describeRefusal(caReply.value()) + ")"};
    }
    const std::string& ca = caReply->body;
    auto fingerprint = pki::fingerprintSha256(ca);
    if (!fingerprint) {
        return Error{"the server's CA certificate is unreadable: " + fingerprint.error()};
    }
    if (fingerprint.value() != pinned) {
        why = EnrollProblem::WrongCa;
        return Error{"the server at " + request.serverUrl + " presented a CA with fingerprint " +
                     fingerprint.value() + ", not the pinned " + pinned +
                     "; refusing to enroll (wrong server, or someone in between)"};
    }
    if (auto s = writeFileAtomically(files.ca(), ca, 0600); !s) {
        return s;
    }

    // 2. Key and request made here; the key never leaves this device.
    auto key = pki::generatePrivateKey();
    if (!key) {
        return Error{key.error()};
    }
    auto csr = pki::makeCsr(key.value(), "indblik-agent");
    if (!csr) {
        return Error{csr.error()};
    }

    // 3. Enroll over a connection verified against the CA just pinned.
    auto pinnedServer = clientContext(true, files.ca(), {}, {});
    if (!pinnedServer) {
        return Error{pinnedServer.error()};
    }
    Poco::JSON::Object body;
    body.set("token", request.token);
    body.set("csr", csr.value());
    body.set("hostname", request.hostname);
    std::ostringstream bodyText;
    body.stringify(bodyText);
    auto reply = exchange(endpoint.value(), pinnedServer.value(), Poco::Net::HTTPRequest::HTTP_POST,
                          "/api/v1/enroll", bodyText.str(), kMaxEnrollReplyBytes);
    if (!reply) {
        why = EnrollProblem::Unreachable;
        return Error{"enrollment failed: " + reply.error()};
    }
    if (reply->status != 200) {
        // 403: the token; 429/503 and the like: the server is busy, try again.
        why = reply->status == 403 ? EnrollProblem::Refused : EnrollProblem::Unreachable;
        return Error{"enrollment refused by " + request.serverUrl + " (" +
                     describeRefusal(reply.value()) + ")"};
    }
    auto answer = parseEnrollAnswer(reply->body);
    if (!answer) {
        return Error{answer.error()};
    }

    // 4. Check what came back before keeping it.
    auto answerCa = pki::fingerprintSha256(answer->ca);
    if (!answerCa || answerCa.value() != pinned) {
        return Error{"the enrollment answer names a different CA than the pinned one"};
    }
    if (auto s = pki::verifyCertificate(answer->certificate, ca, "client"); !s) {
        return Error{"the issued certificate is not usable: " + s.error()};
    }
    if (!pki::certificateMatchesKey(answer->certificate, key.value())) {
        return Error{"the issued certificate is not for this device's key"};
    }
    auto info = pki::inspectCertificate(answer->certificate);
    if (!info || info->commonName != answer->deviceId) {
        return Error{"the issued certificate does not name device " + answer->deviceId};
    }
    if (auto agentUrl = parseHttpsUrl(answer->agentUrl); !agentUrl) {
        return Error{"the enrollment answer's agent_url is unusable: " + agentUrl.error()};
    }

    // agent.crt last: its presence is what marks the identity complete.
    Poco::JSON::Object server;
    server.set("url", answer->agentUrl);
    server.set("device_id", answer->deviceId);
    server.set("ca_fingerprint", pinned);
    server.set("enroll_url", request.serverUrl);
    std::ostringstream serverText;
    server.stringify(serverText);
    for (const auto& [path, content] :
         {std::pair{files.key(), key.value()}, std::pair{files.server(), serverText.str() + "\n"},
          std::pair{files.cert(), answer->certificate}}) {
        if (auto s = writeFileAtomically(path, content, 0600); !s) {
            return s;
        }
    }
    why = EnrollProblem::None;
    return Status::success();
}

Result<std::unique_ptr<SyncClient>> SyncClient::create(const std::string& identityDir) {
    const IdentityFiles files{identityDir};
    if (!isEnrolled(identityDir)) {
        return Error{identityDir + ": this device is not enrolled (no agent.crt, agent.key or "
                                   "server.json)"};
    }
    auto config = readFile(files.server(), kMaxConfigBytes);
    if (!config) {
        return Error{config.error()};
    }
    std::string url, deviceId;
    try {
        json::ObjectReader r(json::parse(config.value(), kMaxConfigBytes), "$");
        url = r.string("url", 512);
        deviceId = r.string("device_id", 64);
    } catch (const json::ParseError& e) {
        return Error{files.server() + ": " + e.what()};
    }
    auto endpoint = parseHttpsUrl(url);
    if (!endpoint) {
        return Error{files.server() + ": " + endpoint.error()};
    }
    auto context = clientContext(true, files.ca(), files.key(), files.cert());
    if (!context) {
        return Error{identityDir + ": " + context.error()};
    }
    return std::unique_ptr<SyncClient>(
        new HttpsSyncClient(std::move(endpoint).value(), deviceId, std::move(context).value()));
}

} // namespace indblik::agent

#include "agent_service.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <sstream>
#include <unistd.h>
#include <utility>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include "discovery.h"
#include "file_util.h"
#include "json_reader.h"
#include "renewal.h"
#include "retry.h"

namespace indblik::agent {

namespace {

Poco::Logger& log() {
    return Poco::Logger::get("indblik.agent");
}

Poco::Dynamic::Var nullable(const std::optional<std::string>& v) {
    return v ? Poco::Dynamic::Var(*v) : Poco::Dynamic::Var();
}

// The device id of the identity on disk ("" when there is none or it is unreadable).
std::string identityDeviceId(const std::string& identityDir) {
    auto text = readFile(identityDir + "/server.json", 64 * 1024);
    if (!text) {
        return {};
    }
    try {
        json::ObjectReader r(json::parse(text.value(), 64 * 1024), "$");
        return r.optionalString("device_id", 64).value_or("");
    } catch (const json::ParseError&) {
        return {};
    }
}

} // namespace

Result<std::unique_ptr<AgentService>> AgentService::create(const AgentConfig& config) {
    std::error_code ec;
    std::filesystem::create_directories(config.stateDir, ec);
    if (ec) {
        return Error{config.stateDir + ": cannot create the state directory (" + ec.message() +
                     ")"};
    }
    std::filesystem::permissions(config.stateDir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    auto catalog = Catalog::loadDirectory(config.catalogDir);
    if (!catalog) {
        return Error{"catalog: " + catalog.error()};
    }
    auto store = AgentStore::open(config.ledgerPath(), config.ledgerQuotaBytes);
    if (!store) {
        return Error{store.error()};
    }
    // A certificate renewal a crash interrupted is finished or undone before anything uses the
    // identity.
    if (std::filesystem::exists(config.identityDir(), ec)) {
        auto recovered = recoverRenewal(config.identityDir());
        if (!recovered) {
            return Error{"identity: " + recovered.error()};
        }
        if (!recovered.value().empty()) {
            log().warning("an interrupted certificate renewal was " + recovered.value());
        }
    }
    return std::unique_ptr<AgentService>(
        new AgentService(config, std::move(store).value(), std::move(catalog).value()));
}

AgentService::AgentService(AgentConfig config, std::unique_ptr<AgentStore> store, Catalog catalog)
    : m_config(std::move(config)), m_store(std::move(store)), m_catalog(std::move(catalog)),
      m_activity(m_store->activityState()), m_enrollSettings(m_config.enrollment),
      m_generation(std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()) {}

AgentService::~AgentService() {
    stop();
}

Status AgentService::start() {
    m_api = std::make_unique<LocalApiServer>(
        m_config.socketPath, [this](const PeerCredentials& peer, const std::string& request) {
            return handleLocalRequest(peer, request);
        });
    // Watch before the first discovery, so a change while it runs is not missed.
    const auto paths = platformWatchPaths(m_catalog);
    m_watcher = std::make_unique<ConfigWatcher>(m_config.root, paths, [this] {
        {
            std::lock_guard lock(m_mutex);
            m_rediscover = true;
        }
        m_wake.notify_all();
    });
    if (auto watching = m_watcher->start()) {
        log().information("watching " + std::to_string(m_watcher->watchCount()) +
                          " configuration location(s) for changes");
    } else {
        // The schedule still rediscovers; only the immediate reaction is lost.
        log().warning("cannot watch configuration paths: " + watching.error());
        m_watcher.reset();
    }
    // Discover before answering, so the first answer the tray gets is current.
    discoverOnce();
    auto status = m_api->start();
    if (!status) {
        return status;
    }
    log().information("serving the local API on " + m_config.socketPath);
    m_worker = std::thread([this] { loop(); });
    return Status::success();
}

void AgentService::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_changed.notify_all();
    if (m_watcher) {
        m_watcher->stop();
    }
    if (m_worker.joinable()) {
        m_worker.join();
    }
    if (m_api) {
        m_api->stop();
    }
}

void AgentService::loop() {
    using Clock = std::chrono::steady_clock;
    auto nextDiscovery = Clock::now() + std::chrono::seconds(m_config.discoveryIntervalSeconds);
    auto nextSync = Clock::now();
    // After a failed sync no sync before this, not even for news from discovery.
    auto backoffUntil = Clock::now();
    int failures = 0;
    std::random_device seed;
    std::mt19937_64 jitter((static_cast<std::uint64_t>(seed()) << 32) ^ seed());
    for (;;) {
        auto wakeAt = std::min(nextDiscovery, nextSync);
        // After a failed enrollment, look at the settings every sync interval: a fixed token or
        // address is tried at once instead of after the (up to an hour's) backoff.
        if (!m_failedEnrollKey.empty()) {
            wakeAt =
                std::min(wakeAt, Clock::now() + std::chrono::seconds(m_config.syncIntervalSeconds));
        }
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_until(lock, wakeAt, [this] { return m_stopping || m_rediscover; });
            if (m_stopping) {
                return;
            }
        }
        if (!m_failedEnrollKey.empty() && Clock::now() < nextSync && enrollmentSettingsChanged()) {
            log().information("the enrollment settings changed: trying to enroll now");
            failures = 0;
            nextSync = Clock::now();
            backoffUntil = nextSync;
        }
        const auto now = Clock::now();
        bool rediscover = false;
        {
            std::lock_guard lock(m_mutex);
            rediscover = std::exchange(m_rediscover, false);
        }
        if (rediscover || now >= nextDiscovery) {
            discoverOnce();
            nextDiscovery = now + std::chrono::seconds(m_config.discoveryIntervalSeconds);
            nextSync = std::max(now, backoffUntil); // send what discovery found right away
        }
        if (Clock::now() >= nextSync) {
            const bool enrolling = !isEnrolled(m_config.identityDir());
            if (syncOnce()) {
                failures = 0;
                nextSync = Clock::now() + std::chrono::seconds(m_config.syncIntervalSeconds);
            } else {
                ++failures;
                const auto retryAfter = m_sync ? m_sync->retryAfterSeconds() : std::optional<int>();
                const auto wait =
                    syncRetryDelay(failures, m_config.syncIntervalSeconds, retryAfter, jitter());
                if (enrolling) {
                    std::lock_guard lock(m_mutex);
                    m_enrollment.nextAttempt = pki::isoTime(
                        Poco::Timestamp().epochTime() + static_cast<std::int64_t>(wait.count()));
                }
                log().information(
                    std::string(enrolling ? "enrollment" : "sync") + " attempt " +
                    std::to_string(failures) + " failed; the next in " +
                    std::to_string(wait.count()) + " s" +
                    (retryAfter ? " (the server asked for " + std::to_string(*retryAfter) + " s)"
                                : std::string()));
                nextSync = Clock::now() + wait;
            }
            backoffUntil = nextSync;
        }
    }
}

void AgentService::runCycle() {
    discoverOnce();
    (void)syncOnce();
}

void AgentService::discoverOnce() {
    // A catalog that fails to load is reported, and the last good one stays in use.
    if (auto catalog = Catalog::loadDirectory(m_config.catalogDir)) {
        m_catalog = std::move(catalog).value();
    } else {
        log().error("catalog not reloaded, keeping the last good one: " + catalog.error());
    }
    auto found = discover(m_config.root, m_catalog, platformDetectors());
    auto& observations = found.observations;
    for (const auto& p : found.problems) {
        log().warning("discovery (" + p.detector + "): " + p.path + " " + p.problem);
    }
    matchPolicies(observations, m_store->policies(), json::todayUtc());
    // Room again (the server acknowledged, so pruning freed space): the gap entry first.
    if (auto settled = m_store->settle(); !settled) {
        log().error("ledger quota: " + settled.error());
    }
    auto changed = m_store->recordDiscovery(observations);
    if (!changed) {
        log().error("discovery not recorded: " + changed.error());
    } else if (changed.value() > 0) {
        log().information(std::to_string(changed.value()) + " change(s) recorded in the ledger");
    }
    // Activity of what is recorded now (after a failed recording: of what was recorded before).
    const auto current = m_store->currentObservations();
    auto sampled = m_activity;
    auto closed = sampleActivity(m_config.root, m_catalog, current, sampled,
                                 std::chrono::system_clock::now());
    auto recorded = m_store->recordActivity(sampled, closed);
    if (!recorded) {
        log().error("activity not recorded: " + recorded.error());
    } else {
        m_activity = std::move(sampled);
    }
    std::map<std::string, std::pair<ActivityInterval, bool>> recent;
    for (const auto& [key, a] : m_activity.last) {
        recent[key] = {a, false};
    }
    for (const auto& [key, a] : m_activity.open) {
        recent[key] = {a, true};
    }
    const bool grew = (changed && changed.value() > 0) || (recorded && recorded.value() > 0) ||
                      recent != m_recentActivity;
    auto verification = m_store->ledger().verify();
    if (verification.intact) {
        // A ledger rewritten with recomputed hashes passes the chain check, not this one.
        auto checkpoints = m_store->verifyCheckpoints();
        if (!checkpoints.intact) {
            verification.intact = false;
            verification.firstBroken = checkpoints.firstBroken;
            verification.reason = "a signed checkpoint no longer matches: " + checkpoints.reason;
        }
    }
    if (!verification.intact) {
        log().error("the ledger does not verify" +
                    (verification.firstBroken
                         ? " from entry " + std::to_string(*verification.firstBroken)
                         : std::string()) +
                    ": " + verification.reason);
    }
    bool changedForTray = grew;
    const bool paused = m_store->quotaState().paused;
    {
        std::lock_guard lock(m_mutex);
        // Recording paused (the ledger is full) or resumed: the tray says so.
        changedForTray = changedForTray || paused != std::exchange(m_paused, paused);
        // What the employee is told also changes when a place becomes unreadable (or readable
        // again) or the ledger stops verifying: a waiting tray hears of that too.
        changedForTray = changedForTray || found.problems != m_problems ||
                         verification.intact != m_verification.intact ||
                         verification.firstBroken != m_verification.firstBroken;
        m_verification = std::move(verification);
        m_problems = std::move(found.problems);
        m_recentActivity = std::move(recent);
        if (changedForTray) {
            ++m_generation;
        }
    }
    if (changedForTray) {
        m_changed.notify_all();
    }
}

std::int64_t AgentService::generation() {
    std::lock_guard lock(m_mutex);
    return m_generation;
}

std::string AgentService::waitForChange(const LocalRequest& request) {
    const std::int64_t after = request.after;
    const std::int64_t timeout =
        std::clamp<std::int64_t>(request.timeoutMs, 0, kMaxWaitMilliseconds);
    std::int64_t generation = 0;
    {
        std::unique_lock lock(m_mutex);
        if (m_waiters >= kMaxWaiters) {
            return R"({"ok":false,"error":"too many clients are waiting; ask again later"})";
        }
        ++m_waiters;
        m_changed.wait_for(lock, std::chrono::milliseconds(timeout),
                           [&] { return m_stopping || m_generation != after; });
        --m_waiters;
        generation = m_generation;
    }
    return std::string(R"({"ok":true,"generation":)") + std::to_string(generation) +
           ",\"changed\":" + (generation != after ? "true" : "false") + "}";
}

bool AgentService::syncStopped() {
    auto stop = m_store->syncStopped();
    if (!stop) {
        return false;
    }
    if (stop->deviceId == identityDeviceId(m_config.identityDir())) {
        return true; // nothing goes to the server: it refuses this device for good
    }
    // Enrolled again since, as another device: that one may sync.
    log().information("enrolled again: syncing resumes (device " + stop->deviceId + " was " +
                      stop->reason + ")");
    if (auto cleared = m_store->clearSyncStopped(); !cleared) {
        log().error(cleared.error());
    }
    m_sync.reset(); // it may still hold the refused identity
    noteChangeForTray();
    return false;
}

void AgentService::stopSyncing(const std::string& reason, const std::string& error) {
    SyncStop stop;
    stop.reason = reason;
    stop.since = nowIso8601();
    stop.deviceId = m_sync ? m_sync->deviceId() : identityDeviceId(m_config.identityDir());
    log().error("the server refuses this device (" + reason + "): " + error +
                ". Syncing stops; recording goes on locally. Enroll again to resume.");
    if (auto kept = m_store->recordSyncStopped(stop); !kept) {
        log().error(kept.error());
    }
    (void)m_store->recordSyncError(error);
    noteChangeForTray();
}

void AgentService::noteChangeForTray() {
    {
        std::lock_guard lock(m_mutex);
        ++m_generation;
    }
    m_changed.notify_all();
}

void AgentService::renewIfDue() {
    const std::string dir = m_config.identityDir();
    auto certificate = currentCertificate(dir);
    if (!certificate) {
        log().error("cannot read the client certificate: " + certificate.error());
        return;
    }
    const auto left = secondsUntilRenewal(certificate.value(), Poco::Timestamp().epochTime());
    if (left > 0) {
        return;
    }
    log().information("the client certificate (serial " + certificate->serial + ") expires " +
                      pki::isoTime(certificate->notAfter) + "; renewing it");
    auto outcome = renewCertificate(dir, *m_sync);
    if (!outcome.renewed) {
        if (outcome.refusalReason == kRefusedRevoked) {
            stopSyncing(outcome.refusalReason, outcome.error);
            return;
        }
        // The current certificate still works; the next sync round tries again.
        log().warning(outcome.error);
        return;
    }
    log().information("renewed the client certificate: serial " + outcome.serial +
                      ", valid until " + outcome.expiresAt);
    m_sync.reset();
    auto client = SyncClient::create(dir);
    if (!client) {
        log().error(client.error());
        return;
    }
    m_sync = std::move(client).value();
    noteChangeForTray();
}

EnrollmentSettings AgentService::readEnrollmentSettings() {
    if (m_config.configPath.empty()) {
        return m_enrollSettings; // from the environment or the caller: fixed for this process
    }
    auto loaded = loadConfiguration(m_config.configPath, enrollmentEnvironment());
    if (!loaded) {
        // A bad line changes nothing: the settings read before stay in use.
        if (loaded.error() != m_settingsError) {
            log().error("the configuration has an error; the enrollment settings read before stay "
                        "in use: " +
                        loaded.error());
        }
        m_settingsError = loaded.error();
        std::lock_guard lock(m_mutex);
        m_enrollment.settingsError = m_settingsError;
        return m_enrollSettings;
    }
    if (!m_settingsError.empty()) {
        log().information("the configuration reads without errors again");
        m_settingsError.clear();
        std::lock_guard lock(m_mutex);
        m_enrollment.settingsError.clear();
    }
    m_enrollSettings = loaded.value().enrollment;
    return m_enrollSettings;
}

namespace {

// What identifies an attempt: the settings and the token they lead to (kept in memory only).
std::string enrollKey(const EnrollmentSettings& settings) {
    auto token = enrollmentToken(settings);
    return settings.server + "\n" + settings.caFingerprint + "\n" +
           (token ? "token:" + token.value() : "error:" + token.error());
}

} // namespace

bool AgentService::enrollmentSettingsChanged() {
    const auto settings = readEnrollmentSettings();
    return settings.complete() && enrollKey(settings) != m_failedEnrollKey;
}

Status AgentService::enrollOnce() {
    const auto settings = readEnrollmentSettings();
    bool changed = false;
    std::string before;
    const auto setState = [&](const std::string& state, const std::string& error) {
        std::lock_guard lock(m_mutex);
        before = m_enrollment.state;
        changed = m_enrollment.state != state || m_enrollment.error != error ||
                  m_enrollment.server != settings.server;
        m_enrollment.state = state;
        m_enrollment.error = error;
        m_enrollment.server = settings.server;
    };
    if (!settings.any()) {
        setState("not_configured", "");
        if (changed) {
            log().information("not enrolled, and no enrollment settings (server, ca_fingerprint, "
                              "enrollment_token): recording on this computer only");
            // The overview showed the first look ("") as not_configured already.
            if (!before.empty()) {
                noteChangeForTray();
            }
        }
        return Status::success();
    }
    if (!settings.complete()) {
        setState("incomplete", "enrollment settings incomplete: missing " + settings.missing());
        if (changed) {
            log().warning("not enrolling yet: the enrollment settings lack " + settings.missing());
            noteChangeForTray();
        }
        return Status::success();
    }
    const std::string key = enrollKey(settings);
    auto token = enrollmentToken(settings);
    std::string attemptTime = nowIso8601();
    if (!token) {
        m_failedEnrollKey = key;
        setState("failed", token.error());
        {
            std::lock_guard lock(m_mutex);
            m_enrollment.lastAttempt = attemptTime;
            ++m_enrollment.attempts;
        }
        log().error("cannot enroll: " + token.error());
        noteChangeForTray();
        return Error{token.error()};
    }
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    EnrollRequest request;
    request.serverUrl = settings.server;
    request.token = token.value();
    request.caFingerprint = settings.caFingerprint;
    request.hostname = host;
    request.identityDir = m_config.identityDir();
    // Never the token itself: only where it came from.
    log().information("enrolling with " + settings.server + " (token from " + settings.tokenFrom +
                      ")");
    EnrollProblem problem = EnrollProblem::None;
    auto enrolled = enroll(request, &problem);
    if (enrolled) {
        m_failedEnrollKey.clear();
        setState("enrolled", "");
        {
            std::lock_guard lock(m_mutex);
            m_enrollment.lastAttempt = attemptTime;
            m_enrollment.nextAttempt.clear();
            ++m_enrollment.attempts;
        }
        log().information("enrolled with " + settings.server + " as device " +
                          identityDeviceId(m_config.identityDir()) +
                          "; the enrollment token is no longer needed and may be deleted (" +
                          (settings.tokenFile.empty()
                               ? settings.tokenFrom
                               : settings.tokenFile + ", named in " + settings.tokenFrom) +
                          ")");
        noteChangeForTray();
        return Status::success();
    }
    m_failedEnrollKey = key;
    std::string state = "failed";
    switch (problem) {
    case EnrollProblem::Unreachable:
        state = "unreachable";
        log().warning("cannot enroll yet, the server does not answer: " + enrolled.error());
        break;
    case EnrollProblem::Refused:
        state = "refused";
        log().error("the server refused the enrollment token (" + settings.tokenFrom +
                    "): " + enrolled.error() +
                    ". Give this computer a new token (a new drop-in file is read at the next "
                    "attempt, no restart needed).");
        break;
    case EnrollProblem::WrongCa:
        state = "wrong_ca";
        log().error("not enrolling: " + enrolled.error() + " (ca_fingerprint from " +
                    settings.fingerprintFrom + ")");
        break;
    case EnrollProblem::None:
    case EnrollProblem::Other:
        log().error("enrollment failed: " + enrolled.error());
        break;
    }
    setState(state, enrolled.error());
    {
        std::lock_guard lock(m_mutex);
        m_enrollment.lastAttempt = attemptTime;
        ++m_enrollment.attempts;
    }
    noteChangeForTray();
    return Error{enrolled.error()};
}

Status AgentService::syncOnce() {
    if (!isEnrolled(m_config.identityDir())) {
        if (auto enrolled = enrollOnce(); !enrolled) {
            return enrolled;
        }
        if (!isEnrolled(m_config.identityDir())) {
            return Status::success(); // nothing (complete) to enroll with yet
        }
    }
    m_failedEnrollKey.clear(); // enrolled (perhaps by hand meanwhile): no settings to watch
    if (syncStopped()) {
        return Status::success();
    }
    if (!m_sync) {
        auto client = SyncClient::create(m_config.identityDir());
        if (!client) {
            (void)m_store->recordSyncError(client.error());
            return Error{client.error()};
        }
        m_sync = std::move(client).value();
    }
    renewIfDue();
    if (!m_sync) {
        return Error{"no usable client certificate after renewal"};
    }
    if (syncStopped()) {
        return Status::success();
    }
    makeCheckpoint();
    auto policies = sendPending();
    if (!policies && m_sync->refusalReason() == kRefusedRevoked) {
        stopSyncing(kRefusedRevoked, policies.error());
        return Status::success();
    }
    if (!policies) {
        log().warning("sync failed, will retry: " + policies.error());
        (void)m_store->recordSyncError(policies.error());
        return Error{policies.error()};
    }
    // What the server acknowledged may now be pruned; if that made room after records were
    // dropped, the gap entry is appended and sent in this same round.
    auto settled = m_store->settle();
    if (!settled) {
        log().error("ledger quota: " + settled.error());
    } else if (settled.value()) {
        auto again = sendPending();
        if (!again) {
            (void)m_store->recordSyncError(again.error());
            return Error{again.error()};
        }
        policies = std::move(again);
        std::lock_guard lock(m_mutex);
        ++m_generation;
        m_changed.notify_all();
    }
    std::vector<std::string> before;
    for (const auto& p : m_store->policies()) {
        before.push_back(p.json);
    }
    if (policies.value() != before) {
        auto replaced =
            m_store->replacePolicies(policies.value(), "policies from " + m_sync->serverUrl());
        if (!replaced) {
            log().error(replaced.error());
        } else {
            // Policies decide what is declared: match again, and send what that changed in the
            // same round so the server and the tray never see a half-updated picture.
            discoverOnce();
            auto again = sendPending();
            if (!again) {
                (void)m_store->recordSyncError(again.error());
                return Error{again.error()};
            }
        }
    }
    // "Last synced" is set only once the whole round is through.
    return m_store->recordSyncSuccess(m_store->syncState().sentUpTo);
}

void AgentService::noteClockSkew(std::int64_t skew) {
    const auto before = m_store->syncState().clockSkewSeconds;
    const bool off = skew > kClockSkewWarnSeconds || skew < -kClockSkewWarnSeconds;
    const bool wasOff =
        before && (*before > kClockSkewWarnSeconds || *before < -kClockSkewWarnSeconds);
    if (off && !wasOff) {
        log().warning("this computer's clock is " + std::to_string(skew < 0 ? -skew : skew) +
                      " s " + (skew < 0 ? "behind" : "ahead of") +
                      " the server's; the times it records will be off by as much");
    }
    if (!before || *before != skew) {
        if (auto kept = m_store->recordClockSkew(skew); !kept) {
            log().error(kept.error());
        }
    }
}

void AgentService::makeCheckpoint() {
    // Signs what is committed; sendPending sends it with (or after) the entries it covers.
    auto key = readFile(privateKeyPath(m_config.identityDir()), 64 * 1024);
    if (!key) {
        log().error("no checkpoint signed: " + key.error());
        return;
    }
    const CheckpointPolicy policy{m_config.checkpointEntries, m_config.checkpointMinutes};
    auto made = m_store->makeCheckpointIfDue(m_sync->deviceId(), key.value(), policy, nowIso8601());
    if (!made) {
        log().error("no checkpoint signed: " + made.error());
    } else if (made.value()) {
        log().information("signed a checkpoint of the ledger up to entry " +
                          std::to_string(made.value()->seq));
    }
}

Result<std::vector<std::string>> AgentService::sendPending() {
    std::vector<std::string> policies;
    bool first = true;
    for (;;) {
        const auto sentUpTo = m_store->syncState().sentUpTo;
        auto batch = m_store->ledger().read(sentUpTo, kBatchCount, kBatchBytes);
        if (!batch) {
            return Error{batch.error()};
        }
        if (batch.value().empty() && !first) {
            break;
        }
        first = false;
        // Checkpoints of entries the server holds or gets in this batch, checked after them.
        const auto upTo = batch.value().empty() ? sentUpTo : batch.value().back().seq;
        auto result = m_sync->sync(batch.value(), m_store->checkpointsToSend(upTo, 100));
        if (!result) {
            return Error{result.error()};
        }
        auto acked = m_store->recordAck(result.value().acked);
        if (!acked) {
            return Error{acked.error()};
        }
        if (const auto skew = result.value().clockSkewSeconds) {
            noteClockSkew(*skew);
        }
        if (result.value().checkpointSeq) {
            if (auto confirmed = m_store->recordCheckpointsConfirmed(*result.value().checkpointSeq);
                !confirmed) {
                return Error{confirmed.error()};
            }
        }
        policies = std::move(result.value().policies);
        if (batch.value().empty() || result.value().acked <= sentUpTo) {
            break; // nothing more to send, or the server stored nothing new: try next time
        }
    }
    return policies;
}

namespace {

std::string answerJson(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::string failure(const std::string& message, int status = 0) {
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("ok", false);
    out.set("error", message);
    if (status != 0) {
        out.set("status", status);
    }
    return answerJson(out);
}

} // namespace

std::string AgentService::askServer(const PeerCredentials& peer, const LocalRequest& request) {
    // The OS user is the one the socket's peer credentials name, never one the caller chose:
    // the server answers for that user only, and the device's certificate vouches for us.
    if (peer.userName.empty()) {
        return failure("cannot tell which user is asking");
    }
    std::string user;
    Poco::URI::encode(peer.userName, "&=?#+/ %", user);
    std::string method = Poco::Net::HTTPRequest::HTTP_GET;
    std::string path;
    std::string body;
    if (request.what == "my_data") {
        path = "/api/v1/me?user=" + user;
        // The next page of events: the "next" of the previous answer's events, passed on as it
        // is (the server checks it).
        if (request.before) {
            std::string encoded;
            Poco::URI::encode(*request.before, "&=?#+/ %,:", encoded);
            path += "&before=" + encoded;
        }
    } else if (request.what == "export") {
        path = "/api/v1/me/export?user=" + user + "&format=" + request.format;
    } else if (request.what == "requests") {
        path = "/api/v1/me/requests?user=" + user;
    } else { // submit_request: parseLocalRequest knows no other
        body = request.submittedJson;
        method = Poco::Net::HTTPRequest::HTTP_POST;
        path = "/api/v1/me/requests?user=" + user;
    }
    if (!isEnrolled(m_config.identityDir())) {
        return failure("this computer is not enrolled with an Indblik server yet");
    }
    if (const auto stop = m_store->syncStopped();
        stop && stop->deviceId == identityDeviceId(m_config.identityDir())) {
        // The server refuses this device for good; asking it again only adds refusals.
        return failure("the server no longer accepts this computer (" + stop->reason + " since " +
                       stop->since + "); contact IT");
    }
    auto client = SyncClient::create(m_config.identityDir());
    if (!client) {
        return failure(client.error());
    }
    auto answer = client.value()->call(method, path, body);
    if (!answer) {
        return failure("the server could not be reached: " + answer.error());
    }
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("ok", answer->status >= 200 && answer->status < 300);
    out.set("status", answer->status);
    out.set("content_type", answer->contentType);
    if (answer->contentType.rfind("application/json", 0) == 0) {
        try {
            Poco::JSON::Parser parser;
            out.set("answer", parser.parse(answer->body));
        } catch (const Poco::Exception&) {
            return failure("the server's answer is not valid JSON", answer->status);
        }
    } else {
        out.set("body", answer->body);
    }
    return answerJson(out);
}

std::string AgentService::handleLocalRequest(const PeerCredentials& peer,
                                             const std::string& request) {
    const auto parsed = parseLocalRequest(request);
    if (!parsed) {
        return failure(parsed.error());
    }
    if (parsed->op == LocalRequest::Op::Wait) {
        return waitForChange(parsed.value());
    }
    if (parsed->op == LocalRequest::Op::Server) {
        return askServer(peer, parsed.value());
    }
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("ok", true);
    Poco::JSON::Object::Ptr user = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    user->set("uid", static_cast<int>(peer.uid));
    user->set("name", peer.userName);
    out->set("user", user);

    Poco::JSON::Object::Ptr device = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const bool enrolled = isEnrolled(m_config.identityDir());
    device->set("enrolled", enrolled);
    // Read from the identity file, not from the sync client the worker thread owns.
    Poco::Dynamic::Var deviceId, server;
    if (auto identity = readFile(m_config.identityDir() + "/server.json", 64 * 1024)) {
        try {
            Poco::JSON::Parser parser;
            const auto o = parser.parse(identity.value()).extract<Poco::JSON::Object::Ptr>();
            deviceId = o->get("device_id");
            server = o->get("url");
        } catch (const std::exception&) {
            log().warning("identity/server.json is unreadable");
        }
    }
    device->set("device_id", deviceId);
    device->set("server", server);
    Poco::Dynamic::Var expires;
    if (enrolled) {
        if (auto certificate = currentCertificate(m_config.identityDir())) {
            expires = pki::isoTime(certificate->notAfter);
        }
    }
    device->set("certificate_expires", expires);
    // Not enrolled yet: whether and how unattended enrollment is going (docs/local-api.md).
    Poco::Dynamic::Var enrollment;
    if (!enrolled) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        std::lock_guard lock(m_mutex);
        const auto& e = m_enrollment;
        const auto text = [](const std::string& v) {
            return v.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(v);
        };
        // Not looked yet: as without settings; enrolled but the identity is gone since: waiting.
        o->set("state", e.state.empty()         ? std::string("not_configured")
                        : e.state == "enrolled" ? std::string("waiting")
                                                : e.state);
        o->set("server", text(e.server));
        o->set("attempts", e.attempts);
        o->set("last_attempt", text(e.lastAttempt));
        o->set("next_attempt", text(e.nextAttempt));
        o->set("error", text(e.error));
        o->set("settings_error", text(e.settingsError));
        enrollment = o;
    }
    device->set("enrollment", enrollment);
    out->set("device", device);

    const auto state = m_store->syncState();
    out->set("generation", generation());
    out->set("discovered_at", nullable(state.discoveredAt));
    Poco::JSON::Object::Ptr sync = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    sync->set("last_success", nullable(state.lastSuccess));
    sync->set("last_error", nullable(state.lastError));
    sync->set("pending", m_store->ledger().lastSeq() - state.sentUpTo);
    // This computer's clock against the server's at the last sync: positive is ahead.
    sync->set("clock_offset_seconds", state.clockSkewSeconds
                                          ? Poco::Dynamic::Var(*state.clockSkewSeconds)
                                          : Poco::Dynamic::Var());
    sync->set("clock_off",
              state.clockSkewSeconds && (*state.clockSkewSeconds > kClockSkewWarnSeconds ||
                                         *state.clockSkewSeconds < -kClockSkewWarnSeconds));
    // Syncing stopped because the server refused this device for good (revoked).
    Poco::Dynamic::Var stopped;
    if (auto stop = m_store->syncStopped()) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("reason", stop->reason);
        o->set("since", stop->since);
        stopped = o;
    }
    sync->set("stopped", stopped);
    out->set("sync", sync);

    const auto quota = m_store->quotaState();
    Poco::JSON::Object::Ptr storage = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    storage->set("used_bytes", quota.usedBytes);
    storage->set("quota_bytes", quota.quotaBytes);
    storage->set("paused", quota.paused);
    storage->set("cause", quota.paused
                              ? Poco::Dynamic::Var(quota.diskError.empty() ? quota.dropped.cause
                                                                           : std::string("disk"))
                              : Poco::Dynamic::Var());
    storage->set("disk_error", quota.diskError.empty() ? Poco::Dynamic::Var()
                                                       : Poco::Dynamic::Var(quota.diskError));
    Poco::JSON::Object::Ptr dropped = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    dropped->set("count", quota.dropped.total());
    Poco::JSON::Object::Ptr byKind = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [kind, n] : quota.dropped.byKind) {
        byKind->set(kind, n);
    }
    dropped->set("by_kind", byKind);
    dropped->set("from", quota.dropped.empty() ? Poco::Dynamic::Var()
                                               : Poco::Dynamic::Var(quota.dropped.from));
    dropped->set("to", quota.dropped.empty() ? Poco::Dynamic::Var()
                                             : Poco::Dynamic::Var(quota.dropped.to));
    storage->set("dropped", dropped);
    out->set("storage", storage);

    Ledger::Verification verification;
    std::vector<DetectorProblem> problems;
    std::map<std::string, std::pair<ActivityInterval, bool>> recent;
    {
        std::lock_guard lock(m_mutex);
        verification = m_verification;
        problems = m_problems;
        recent = m_recentActivity;
    }
    Poco::JSON::Object::Ptr ledger = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    ledger->set("entries", verification.entries);
    ledger->set("intact", verification.intact);
    ledger->set("first_broken", verification.firstBroken
                                    ? Poco::Dynamic::Var(*verification.firstBroken)
                                    : Poco::Dynamic::Var());
    // The newest signed checkpoint the server confirmed it keeps: the record up to there can be
    // shown to be unchanged on both sides.
    const auto checkpoints = m_store->checkpointState();
    ledger->set("verified_up_to", nullable(checkpoints.confirmedTime));
    ledger->set("verified_seq", checkpoints.confirmedSeq);
    ledger->set("checkpoints", checkpoints.kept);
    out->set("ledger", ledger);

    Poco::JSON::Array::Ptr observations = new Poco::JSON::Array;
    for (const auto& o : m_store->currentObservations()) {
        auto j = toJson(o);
        Poco::Dynamic::Var activity;
        if (const auto it = recent.find(o.key()); it != recent.end()) {
            auto a = toJson(it->second.first);
            a->remove("observation");
            a->remove("name");
            a->remove("product");
            a->set("active", it->second.second);
            activity = a;
        }
        j->set("activity", activity);
        observations->add(j);
    }
    out->set("observations", observations);
    out->set("could_not_read", toJson(problems));
    Poco::JSON::Array::Ptr policies = new Poco::JSON::Array;
    for (const auto& p : m_store->policies()) {
        Poco::JSON::Parser parser;
        policies->add(parser.parse(p.json));
    }
    out->set("policies", policies);
    std::ostringstream text;
    Poco::JSON::Stringifier::condense(out, text);
    return text.str();
}

} // namespace indblik::agent

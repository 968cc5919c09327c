#include "activity.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Timestamp.h>

#include "detectors/linux/process_detector.h"
#include "file_util.h"

namespace indblik::agent {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFdsPerProcess = 4096;
constexpr std::size_t kMaxSpoolEntries = 10000;
constexpr std::size_t kMaxProcNetBytes = 8 << 20;

std::string condensed(const Poco::JSON::Object::Ptr& o) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(o, out);
    return out.str();
}

std::uint64_t u64(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o->has(key) || o->isNull(key)) {
        return 0;
    }
    return o->getValue<std::uint64_t>(key);
}

// /proc/PID/stat after the command name: "S ppid ... utime stime ... starttime ...". The command
// name is in parentheses and may itself hold spaces and parentheses, so split after the last ')'.
struct StatFields {
    std::uint64_t cpuTicks = 0;
    std::uint64_t startTime = 0;
};

std::optional<StatFields> parseStat(const std::string& text) {
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream in(text.substr(close + 1));
    std::vector<std::string> fields;
    std::string f;
    while (fields.size() < 20 && in >> f) {
        fields.push_back(f);
    }
    // fields[0] is field 3 (state); utime is field 14, stime 15, starttime 22.
    if (fields.size() < 20) {
        return std::nullopt;
    }
    try {
        return StatFields{std::stoull(fields[11]) + std::stoull(fields[12]),
                          std::stoull(fields[19])};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::uint64_t> parseWchar(const std::string& text) {
    const auto at = text.find("wchar:");
    if (at == std::string::npos) {
        return std::nullopt;
    }
    try {
        return std::stoull(text.substr(at + 6));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::vector<std::uint64_t> socketInodes(const fs::path& fdDir) {
    std::vector<std::uint64_t> out;
    std::error_code ec;
    std::size_t seen = 0;
    for (fs::directory_iterator it(fdDir, ec), end; !ec && it != end; it.increment(ec)) {
        if (++seen > kMaxFdsPerProcess) {
            break;
        }
        std::error_code linkError;
        const auto target = fs::read_symlink(it->path(), linkError).string();
        if (!linkError && target.rfind("socket:[", 0) == 0 && target.back() == ']') {
            try {
                out.push_back(std::stoull(target.substr(8, target.size() - 9)));
            } catch (const std::exception&) {
            }
        }
    }
    return out;
}

// The kernel prints each 32-bit word of the address as the hex of its in-memory value, so the
// bytes come back by storing the parsed words in host order.
std::optional<std::string> parseAddress(const std::string& hexAddress, const std::string& hexPort,
                                        bool ipv6) {
    const std::size_t words = ipv6 ? 4 : 1;
    if (hexAddress.size() != words * 8) {
        return std::nullopt;
    }
    unsigned char bytes[16];
    for (std::size_t i = 0; i < words; ++i) {
        std::uint32_t word = 0;
        try {
            word = static_cast<std::uint32_t>(std::stoul(hexAddress.substr(i * 8, 8), nullptr, 16));
        } catch (const std::exception&) {
            return std::nullopt;
        }
        std::memcpy(bytes + i * 4, &word, 4);
    }
    unsigned long port = 0;
    try {
        port = std::stoul(hexPort, nullptr, 16);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (!::inet_ntop(ipv6 ? AF_INET6 : AF_INET, bytes, text, sizeof text)) {
        return std::nullopt;
    }
    std::string address = text;
    const std::string mapped = "::ffff:";
    if (ipv6 && address.rfind(mapped, 0) == 0 && address.find('.') != std::string::npos) {
        return address.substr(mapped.size()) + ":" + std::to_string(port);
    }
    return ipv6 ? "[" + address + "]:" + std::to_string(port)
                : address + ":" + std::to_string(port);
}

struct AuditLogStat {
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
};

std::optional<AuditLogStat> statFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return std::nullopt;
    }
    return AuditLogStat{static_cast<std::uint64_t>(st.st_ino),
                        static_cast<std::uint64_t>(st.st_size)};
}

std::string baselineKey(int pid, std::uint64_t startTime) {
    return std::to_string(pid) + ":" + std::to_string(startTime);
}

void addRemote(ActivityInterval& interval, const std::string& remote) {
    auto& r = interval.remoteEndpoints;
    if (std::find(r.begin(), r.end(), remote) == r.end() && r.size() < kMaxRemoteEndpoints) {
        r.push_back(remote);
    }
}

struct Delta {
    std::uint64_t cpuTicks = 0;
    std::uint64_t bytesWritten = 0;
    std::set<std::string> remotes;
    std::uint64_t spoolFiles = 0;
    std::uint64_t spoolBytes = 0;
    std::uint64_t auditLogBytes = 0;
    bool active() const {
        return cpuTicks > 0 || bytesWritten > 0 || spoolFiles > 0 || auditLogBytes > 0;
    }
};

} // namespace

std::string isoTime(std::chrono::system_clock::time_point t) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch());
    return Poco::DateTimeFormatter::format(Poco::Timestamp(us.count()), "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::optional<std::chrono::system_clock::time_point> parseIsoTime(const std::string& text) {
    Poco::DateTime parsed;
    int tz = 0;
    // Poco accepts an empty text as year 0, which does not fit the clock's nanoseconds: only
    // times from 1970 to 2200 are taken.
    if (text.empty() || !Poco::DateTimeParser::tryParse("%Y-%m-%dT%H:%M:%S%z", text, parsed, tz) ||
        parsed.year() < 1970 || parsed.year() > 2200) {
        return std::nullopt;
    }
    const auto us = parsed.timestamp().epochMicroseconds() - std::int64_t(tz) * 1'000'000;
    return std::chrono::system_clock::time_point(std::chrono::microseconds(us));
}

Poco::JSON::Object::Ptr toJson(const ActivityInterval& a) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("observation", a.observation);
    j->set("name", a.name);
    j->set("product", a.product ? Poco::Dynamic::Var(*a.product) : Poco::Dynamic::Var());
    j->set("start", a.start);
    j->set("end", a.end);
    j->set("cpu_seconds", a.cpuSeconds);
    j->set("bytes_written", a.bytesWritten);
    Poco::JSON::Array::Ptr remotes = new Poco::JSON::Array;
    for (const auto& r : a.remoteEndpoints) {
        remotes->add(r);
    }
    j->set("remote_endpoints", remotes);
    j->set("spool_files", a.spoolFiles);
    j->set("spool_bytes", a.spoolBytes);
    j->set("audit_log_bytes", a.auditLogBytes);
    return j;
}

std::string toJsonText(const ActivityInterval& a) {
    return condensed(toJson(a));
}

Result<ActivityInterval> activityFromJson(const Poco::JSON::Object::Ptr& o) {
    try {
        ActivityInterval a;
        a.observation = o->getValue<std::string>("observation");
        a.name = o->optValue<std::string>("name", "");
        if (o->has("product") && !o->isNull("product")) {
            a.product = o->getValue<std::string>("product");
        }
        a.start = o->getValue<std::string>("start");
        a.end = o->getValue<std::string>("end");
        a.cpuSeconds = o->optValue<double>("cpu_seconds", 0.0);
        a.bytesWritten = u64(o, "bytes_written");
        if (auto remotes = o->getArray("remote_endpoints")) {
            for (std::size_t i = 0; i < remotes->size() && i < kMaxRemoteEndpoints; ++i) {
                a.remoteEndpoints.push_back(remotes->getElement<std::string>(i));
            }
        }
        a.spoolFiles = u64(o, "spool_files");
        a.spoolBytes = u64(o, "spool_bytes");
        a.auditLogBytes = u64(o, "audit_log_bytes");
        return a;
    } catch (const std::exception& e) {
        return Error{std::string("activity interval: ") + e.what()};
    }
}

bool ActivityState::operator==(const ActivityState& o) const {
    return toJsonText(*this) == toJsonText(o);
}

std::string toJsonText(const ActivityState& s) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("sampled_at", s.sampledAt);
    Poco::JSON::Object::Ptr processes = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [key, b] : s.processes) {
        Poco::JSON::Array::Ptr pair = new Poco::JSON::Array;
        pair->add(b.cpuTicks);
        pair->add(b.bytesWritten);
        processes->set(key, pair);
    }
    j->set("processes", processes);
    j->set("audit_log_inode",
           s.auditLogInode ? Poco::Dynamic::Var(*s.auditLogInode) : Poco::Dynamic::Var());
    j->set("audit_log_size", s.auditLogSize);
    Poco::JSON::Array::Ptr open = new Poco::JSON::Array;
    for (const auto& [key, a] : s.open) {
        open->add(toJson(a));
    }
    j->set("open", open);
    Poco::JSON::Array::Ptr last = new Poco::JSON::Array;
    for (const auto& [key, a] : s.last) {
        last->add(toJson(a));
    }
    j->set("last", last);
    return condensed(j);
}

Result<ActivityState> activityStateFromJson(const std::string& text) {
    try {
        Poco::JSON::Parser parser;
        const auto j = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
        ActivityState s;
        s.sampledAt = j->optValue<std::string>("sampled_at", "");
        if (auto processes = j->getObject("processes")) {
            for (const auto& name : processes->getNames()) {
                const auto pair = processes->getArray(name);
                if (pair && pair->size() == 2) {
                    s.processes[name] = {pair->getElement<std::uint64_t>(0),
                                         pair->getElement<std::uint64_t>(1)};
                }
            }
        }
        if (j->has("audit_log_inode") && !j->isNull("audit_log_inode")) {
            s.auditLogInode = j->getValue<std::uint64_t>("audit_log_inode");
        }
        s.auditLogSize = u64(j, "audit_log_size");
        for (const char* field : {"open", "last"}) {
            auto& target = std::string(field) == "open" ? s.open : s.last;
            if (auto list = j->getArray(field)) {
                for (std::size_t i = 0; i < list->size(); ++i) {
                    auto a = activityFromJson(list->getObject(i));
                    if (!a) {
                        return Error{a.error()};
                    }
                    auto key = a.value().observation;
                    target[std::move(key)] = std::move(a).value();
                }
            }
        }
        return s;
    } catch (const std::exception& e) {
        return Error{std::string("activity state: ") + e.what()};
    }
}

std::map<std::uint64_t, std::string> establishedRemotes(const std::string& text, bool ipv6) {
    std::map<std::uint64_t, std::string> out;
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line); // the header
    while (std::getline(lines, line)) {
        std::istringstream in(line);
        std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
        if (!(in >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
              timeout >> inode)) {
            continue;
        }
        if (state != "01") { // TCP_ESTABLISHED
            continue;
        }
        const auto colon = remote.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        auto address = parseAddress(remote.substr(0, colon), remote.substr(colon + 1), ipv6);
        std::uint64_t number = 0;
        try {
            number = std::stoull(inode);
        } catch (const std::exception&) {
            continue;
        }
        if (address && number != 0) {
            out[number] = *address;
        }
    }
    return out;
}

std::vector<ActivityInterval> sampleActivity(const std::string& root, const Catalog& catalog,
                                             const std::vector<Observation>& current,
                                             ActivityState& state,
                                             std::chrono::system_clock::time_point now) {
    const auto previous = parseIsoTime(state.sampledAt);
    std::map<std::string, const Observation*> byKey;
    std::vector<std::pair<const CatalogEntry*, std::string>> products; // entry, observation key
    for (const auto& o : current) {
        byKey.emplace(o.key(), &o);
        if (o.product) {
            if (const auto* entry = catalog.find(*o.product); entry && entry->linux) {
                products.emplace_back(entry, o.key());
            }
        }
    }
    std::map<std::string, Delta> deltas;

    // Processes of discovered products: CPU time, bytes written, sockets.
    std::map<std::string, ActivityState::ProcessBaseline> baselines;
    std::map<std::uint64_t, std::string> socketOwner; // socket inode -> observation key
    if (!products.empty()) {
        for (const auto& p : readProcesses(root)) {
            const std::string* key = nullptr;
            for (const auto& [entry, k] : products) {
                if (processMatches(*entry, p)) {
                    key = &k;
                    break;
                }
            }
            if (!key) {
                continue;
            }
            const fs::path dir = underRoot(root, "/proc/" + std::to_string(p.pid));
            auto statText = readFile((dir / "stat").string(), 4096);
            const auto stat = statText ? parseStat(statText.value()) : std::nullopt;
            if (!stat) {
                continue; // vanished, or not a process directory
            }
            std::uint64_t written = 0;
            if (auto io = readFile((dir / "io").string(), 4096)) {
                written = parseWchar(io.value()).value_or(0);
            }
            const auto bkey = baselineKey(p.pid, stat->startTime);
            baselines[bkey] = {stat->cpuTicks, written};
            // A process seen for the first time only sets its baseline: its earlier CPU time may
            // predate discovery, and counting it would overstate activity.
            if (const auto it = state.processes.find(bkey); it != state.processes.end()) {
                auto& d = deltas[*key];
                if (stat->cpuTicks > it->second.cpuTicks) {
                    d.cpuTicks += stat->cpuTicks - it->second.cpuTicks;
                }
                if (written > it->second.bytesWritten) {
                    d.bytesWritten += written - it->second.bytesWritten;
                }
            }
            for (const auto inode : socketInodes(dir / "fd")) {
                socketOwner.emplace(inode, *key);
            }
        }
    }
    if (!socketOwner.empty()) {
        for (const bool ipv6 : {false, true}) {
            auto table = readFile(underRoot(root, ipv6 ? "/proc/net/tcp6" : "/proc/net/tcp"),
                                  kMaxProcNetBytes);
            if (!table) {
                continue;
            }
            for (const auto& [inode, remote] : establishedRemotes(table.value(), ipv6)) {
                if (const auto it = socketOwner.find(inode); it != socketOwner.end()) {
                    deltas[it->second].remotes.insert(remote);
                }
            }
        }
    }

    // New or changed files in the products' spool directories since the last sample: count and
    // bytes only, never names or content.
    if (previous) {
        const auto since =
            std::chrono::duration_cast<std::chrono::nanoseconds>(previous->time_since_epoch())
                .count();
        for (const auto& [entry, key] : products) {
            for (const auto& spool : entry->linux->spool) {
                std::error_code ec;
                std::size_t seen = 0;
                for (fs::directory_iterator it(underRoot(root, spool), ec), end;
                     !ec && it != end && seen < kMaxSpoolEntries; it.increment(ec), ++seen) {
                    struct stat st {};
                    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
                        continue;
                    }
                    const auto mtime =
                        std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
                    if (mtime > since) {
                        auto& d = deltas[key];
                        ++d.spoolFiles;
                        d.spoolBytes += static_cast<std::uint64_t>(st.st_size);
                    }
                }
            }
        }
    }

    // Growth of the audit log, across a rotation (audit.log moved to audit.log.1).
    std::string auditKey;
    for (const auto& o : current) {
        if (o.product == "auditd") {
            auditKey = o.key();
            break;
        }
        if (auditKey.empty() && o.detector == "audit") {
            auditKey = o.key();
        }
    }
    if (!auditKey.empty()) {
        const auto log = statFile(underRoot(root, "/var/log/audit/audit.log"));
        if (log && state.auditLogInode) {
            std::uint64_t growth = 0;
            if (log->inode == *state.auditLogInode) {
                growth = log->size > state.auditLogSize ? log->size - state.auditLogSize : 0;
            } else {
                growth = log->size;
                const auto rotated = statFile(underRoot(root, "/var/log/audit/audit.log.1"));
                if (rotated && rotated->inode == *state.auditLogInode &&
                    rotated->size > state.auditLogSize) {
                    growth += rotated->size - state.auditLogSize;
                }
            }
            deltas[auditKey].auditLogBytes += growth;
        }
        state.auditLogInode = log ? std::optional(log->inode) : std::nullopt;
        state.auditLogSize = log ? log->size : 0;
    } else {
        state.auditLogInode.reset();
        state.auditLogSize = 0;
    }

    // Open, extend and close intervals.
    static const long ticksPerSecond = ::sysconf(_SC_CLK_TCK) > 0 ? ::sysconf(_SC_CLK_TCK) : 100;
    const auto nowText = isoTime(now);
    std::vector<ActivityInterval> closed;
    const auto close = [&](const std::string& key) {
        const auto it = state.open.find(key);
        if (it != state.open.end()) {
            state.last[key] = it->second;
            closed.push_back(std::move(it->second));
            state.open.erase(it);
        }
    };
    for (const auto& [key, d] : deltas) {
        const auto observation = byKey.find(key);
        if (observation == byKey.end()) {
            continue;
        }
        auto open = state.open.find(key);
        if (!d.active()) {
            // Connected but idle: the endpoints belong to an interval only when it is open.
            if (open != state.open.end()) {
                for (const auto& r : d.remotes) {
                    addRemote(open->second, r);
                }
            }
            continue;
        }
        if (open == state.open.end()) {
            ActivityInterval a;
            a.observation = key;
            a.name = observation->second->name;
            a.product = observation->second->product;
            a.start = previous ? state.sampledAt : nowText;
            open = state.open.emplace(key, std::move(a)).first;
        }
        auto& a = open->second;
        a.end = nowText;
        a.cpuSeconds += static_cast<double>(d.cpuTicks) / static_cast<double>(ticksPerSecond);
        a.bytesWritten += d.bytesWritten;
        for (const auto& r : d.remotes) {
            addRemote(a, r);
        }
        a.spoolFiles += d.spoolFiles;
        a.spoolBytes += d.spoolBytes;
        a.auditLogBytes += d.auditLogBytes;
        const auto start = parseIsoTime(a.start);
        if (!start || now - *start >= kMaxIntervalLength) {
            close(key);
        }
    }
    std::vector<std::string> idle;
    for (const auto& [key, a] : state.open) {
        const auto d = deltas.find(key);
        if (d == deltas.end() || !d->second.active() || !byKey.count(key)) {
            idle.push_back(key);
        }
    }
    for (const auto& key : idle) {
        close(key);
    }
    for (auto it = state.last.begin(); it != state.last.end();) {
        it = byKey.count(it->first) ? std::next(it) : state.last.erase(it);
    }
    state.processes = std::move(baselines);
    state.sampledAt = nowText;
    return closed;
}

} // namespace indblik::agent

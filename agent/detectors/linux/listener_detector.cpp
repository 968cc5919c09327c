#include "detectors/linux/listener_detector.h"

#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "detectors/linux/remote_view.h"
#include "json_reader.h"

namespace indblik::agent {

namespace {

std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size() && out.size() < 12) {
        while (i < line.size() && line[i] == ' ') {
            ++i;
        }
        const auto start = i;
        while (i < line.size() && line[i] != ' ') {
            ++i;
        }
        if (i > start) {
            out.push_back(line.substr(start, i - start));
        }
    }
    return out;
}

template <typename T>
bool parseNumber(std::string_view text, T& value, int base) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    return error == std::errc() && end == text.data() + text.size();
}

// The kernel prints addresses as 32-bit words in host byte order: "0100007F" is 127.0.0.1 on
// little-endian machines.
std::string formatAddress(std::string_view hex, bool ipv6) {
    const std::size_t words = ipv6 ? 4 : 1;
    if (hex.size() != words * 8) {
        return {};
    }
    unsigned char bytes[16] = {};
    for (std::size_t w = 0; w < words; ++w) {
        std::uint32_t word = 0;
        if (!parseNumber(hex.substr(w * 8, 8), word, 16)) {
            return {};
        }
        std::memcpy(bytes + w * 4, &word, 4);
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (!::inet_ntop(ipv6 ? AF_INET6 : AF_INET, bytes, text, sizeof text)) {
        return {};
    }
    return text;
}

std::string endpoint(const Listener& l) {
    return (l.address.find(':') != std::string::npos ? "[" + l.address + "]" : l.address) + ":" +
           std::to_string(l.port);
}

} // namespace

std::vector<Listener> parseTcpListeners(std::string_view table, bool ipv6,
                                        std::size_t maxListeners) {
    std::vector<Listener> out;
    std::size_t pos = table.find('\n'); // skip the header
    while (pos != std::string_view::npos && pos < table.size() && out.size() < maxListeners) {
        const auto start = pos + 1;
        auto end = table.find('\n', start);
        const auto line = table.substr(start, end == std::string_view::npos ? end : end - start);
        pos = end;
        const auto f = fields(line);
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
        if (f.size() < 10 || f[3] != "0A") {
            continue;
        }
        const auto colon = f[1].find(':');
        Listener l;
        if (colon == std::string_view::npos || !parseNumber(f[1].substr(colon + 1), l.port, 16) ||
            !parseNumber(f[9], l.inode, 10)) {
            continue;
        }
        l.address = formatAddress(f[1].substr(0, colon), ipv6);
        if (l.address.empty()) {
            continue;
        }
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<Listener> readListeners(const DetectorContext& ctx) {
    std::vector<Listener> out;
    for (const auto& [file, ipv6] : {std::pair{"/proc/net/tcp", false}, {"/proc/net/tcp6", true}}) {
        // 8 MiB is about 50,000 connections; a busier table is reported and skipped.
        auto text = ctx.readConfig(file, 8 << 20);
        if (!text) {
            continue;
        }
        auto found = parseTcpListeners(*text, ipv6);
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

std::vector<Observation> matchListeners(const std::vector<ProcessInfo>& processes,
                                        const std::vector<Listener>& listeners,
                                        const Catalog& catalog) {
    std::unordered_map<std::uint64_t, const ProcessInfo*> owners;
    for (const auto& p : processes) {
        for (const auto inode : p.sockets) {
            owners.emplace(inode, &p);
        }
    }
    std::map<const CatalogEntry*, std::set<std::string>> products;
    std::map<std::string, std::set<std::string>> remoteView; // program -> evidence
    std::map<std::string, std::set<std::string>> possible;   // name -> evidence
    for (const auto& l : listeners) {
        const auto owner = owners.find(l.inode);
        const ProcessInfo* p = owner == owners.end() ? nullptr : owner->second;
        if (p) {
            const auto evidence = "listening on TCP " + endpoint(l) + ": " + processLabel(*p);
            if (const auto* entry = productForProcess(*p, catalog)) {
                const auto& ports = entry->linux->ports;
                if (isRemoteViewPort(l.port) ||
                    std::find(ports.begin(), ports.end(), l.port) != ports.end()) {
                    products[entry].insert(evidence);
                }
                continue;
            }
            if (const auto program = remoteViewProgram(*p); !program.empty()) {
                remoteView[program].insert(evidence);
                continue;
            }
            if (isRemoteViewPort(l.port)) {
                const auto label = processLabel(*p);
                possible["Possible remote screen viewing: " +
                         json::escapeInvalidUtf8(label.substr(label.find_last_of('/') + 1))]
                    .insert(evidence);
            }
            continue;
        }
        // The owner is not visible (another user's process while the agent is not root).
        const auto evidence =
            "listening on TCP " + endpoint(l) + " (the program is not visible to Indblik)";
        if (isRemoteViewPort(l.port)) {
            possible["Possible remote screen viewing on TCP port " + std::to_string(l.port)].insert(
                evidence);
            continue;
        }
        for (const auto& entry : catalog.entries()) {
            if (entry.linux && std::find(entry.linux->ports.begin(), entry.linux->ports.end(),
                                         l.port) != entry.linux->ports.end()) {
                products[&entry].insert(evidence);
            }
        }
    }

    std::vector<Observation> out;
    for (const auto& [entry, evidence] : products) {
        out.push_back(productObservation(
            *entry, "listener", {evidence.begin(), evidence.end()},
            "A program accepts network connections on a port this product uses.",
            "Et program tager imod netværksforbindelser på en port, som dette produkt bruger."));
    }
    for (const auto& [program, evidence] : remoteView) {
        out.push_back(remoteViewObservation(program, {evidence.begin(), evidence.end()}));
    }
    for (const auto& [name, evidence] : possible) {
        const auto subject = name.substr(name.find(':') + 2);
        const bool byPort = name.find("on TCP port") != std::string::npos;
        LocalizedText title{name, byPort ? "Mulig fjernvisning af skærmen på TCP-port " +
                                               name.substr(name.find_last_of(' ') + 1)
                                         : "Mulig fjernvisning af skærmen: " + subject};
        out.push_back(findingObservation(
            "listener", name, std::move(title), {"screen_live_view"},
            {evidence.begin(), evidence.end()},
            LocalizedText{
                "A program accepts network connections on a port used for remote screen viewing "
                "(VNC uses 5800-5999, RDP 3389). Such a server lets whoever connects watch the "
                "screen live. Indblik cannot tell from the port alone that the program really "
                "shares the screen, and it may be something you started yourself. If you did "
                "not, ask your employer what it is.",
                "Et program tager imod netværksforbindelser på en port, der bruges til "
                "fjernvisning af skærmen (VNC bruger 5800-5999, RDP 3389). En sådan server lader "
                "den, der opretter forbindelse, se skærmen live. Indblik kan ikke ud fra porten "
                "alene se, om programmet faktisk deler skærmen, og det kan være noget, du selv "
                "har startet. Hvis ikke, så spørg din arbejdsgiver, hvad det er."}));
    }
    return out;
}

} // namespace indblik::agent

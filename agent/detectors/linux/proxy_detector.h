#pragma once

// Proxies set for the whole system: environment variables every login gets, GNOME's and KDE's
// system-wide settings. A proxy sees which sites are contacted; browsers' own proxy policies are
// read by the browser-policy detector and reported with proxyObservation too.

#include <string>
#include <string_view>
#include <vector>

#include "detectors/detector.h"

namespace indblik::agent {

enum class ProxyKind { Server, Script, AutoDetect };

struct ProxySetting {
    ProxyKind kind = ProxyKind::Server;
    std::string address;  // host:port or URL without credentials; empty for AutoDetect
    std::string evidence; // where it is set, e.g. "/etc/environment:2: https_proxy=proxy:3128"
};

// http(s)_proxy / all_proxy assignments (any case, with or without `export`) outside comments;
// empty values and references to other variables ($http_proxy) are not settings.
std::vector<ProxySetting> parseEnvironmentProxies(std::string_view text, std::string_view origin);
// The proxies in KDE's kioslaverc [Proxy Settings]: ProxyType 1 (manual), 2 (script), 3 (detect).
std::vector<ProxySetting> parseKdeProxies(std::string_view text, std::string_view origin);

// One finding per proxy; `scope` names whose setting it is ("System-wide" / "Systemdækkende",
// "Chromium policy" / "Chromium-politik").
Observation proxyObservation(const std::string& detector, const LocalizedText& scope,
                             const ProxySetting& proxy, std::vector<std::string> evidence);

// /etc/environment, /etc/profile.d/*.sh, the GNOME dconf system databases
// (/etc/dconf/db/*.d/*, [system/proxy]) and KDE's /etc/xdg/kioslaverc.
std::vector<Observation> detectProxies(const DetectorContext& ctx);

} // namespace indblik::agent

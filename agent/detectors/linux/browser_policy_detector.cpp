#include "detectors/linux/browser_policy_detector.h"

#include <algorithm>
#include <filesystem>
#include <openssl/evp.h>
#include <optional>
#include <set>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "detectors/linux/destination.h"
#include "detectors/linux/proxy_detector.h"
#include "detectors/linux/tls_detector.h"
#include "file_util.h"
#include "json_reader.h"

namespace indblik::agent {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxPolicyFile = 1 << 20;
constexpr std::size_t kMaxItems = 50;

using Var = Poco::Dynamic::Var;
using ObjectPtr = Poco::JSON::Object::Ptr;
using ArrayPtr = Poco::JSON::Array::Ptr;

struct ChromiumFamily {
    const char* browser;
    const char* dir;
};
constexpr ChromiumFamily kChromium[] = {
    {"Chromium", "/etc/chromium/policies/managed"},
    {"Chromium", "/etc/chromium-browser/policies/managed"},
    {"Google Chrome", "/etc/opt/chrome/policies/managed"},
    {"Microsoft Edge", "/etc/opt/edge/policies/managed"},
    {"Brave", "/etc/brave/policies/managed"},
};
constexpr const char* kFirefox[] = {
    "/etc/firefox/policies/policies.json",
    "/usr/lib/firefox/distribution/policies.json",
    "/usr/lib/firefox-esr/distribution/policies.json",
};

ObjectPtr asObject(const Var& v) {
    return v.type() == typeid(ObjectPtr) ? v.extract<ObjectPtr>() : nullptr;
}
ArrayPtr asArray(const Var& v) {
    return v.type() == typeid(ArrayPtr) ? v.extract<ArrayPtr>() : nullptr;
}
Var member(const ObjectPtr& o, const std::string& key) {
    return o && o->has(key) ? o->get(key) : Var();
}
// A whole number, or nothing. Converting one beyond the target's range throws
// Poco::RangeException, which ended discovery and with it the agent (found by hand after
// fuzz/catalog_fuzz found the same in the catalog; fuzz/browser_policy_fuzz crashes on it).
std::optional<long long> integer(const Var& v) {
    if (!v.isInteger()) {
        return std::nullopt;
    }
    try {
        return v.convert<long long>();
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}
bool isTrue(const Var& v) {
    if (v.isBoolean()) {
        return v.extract<bool>();
    }
    // Any whole number but 0 is true, however large.
    return v.isInteger() && integer(v) != 0;
}
std::string text(const Var& v, std::size_t max = 200) {
    if (v.isEmpty()) {
        return {};
    }
    std::string s;
    if (v.isString() || v.isBoolean() || v.isNumeric()) {
        s = v.convert<std::string>();
    } else if (asArray(v)) {
        s = "[" + std::to_string(asArray(v)->size()) + " entries]";
    } else {
        s = "{…}";
    }
    std::string out;
    for (const char c : s) {
        if (static_cast<unsigned char>(c) >= 0x20 && out.size() < max) {
            out.push_back(c);
        }
    }
    return json::escapeInvalidUtf8(out);
}
std::vector<Var> items(const Var& v) {
    std::vector<Var> out;
    if (auto a = asArray(v)) {
        for (std::size_t i = 0; i < a->size() && i < kMaxItems; ++i) {
            out.push_back(a->get(static_cast<unsigned>(i)));
        }
    }
    return out;
}

// Collects the findings of one policy document; the same concern across files is merged later.
struct Findings {
    const DetectorContext& ctx;
    std::string browser;
    std::string path;
    std::vector<std::string> extensions;
    std::vector<std::string> reporting;
    std::set<std::string> reportingCategories;
    std::vector<std::string> certificates;
    std::vector<Observation> out;

    std::string where(const std::string& key) const { return path + ": " + key; }

    void proxy(const ProxySetting& p) {
        out.push_back(proxyObservation(
            "browser_policy", {browser + " policy", browser + "-politik"}, p, {p.evidence}));
    }

    void certificate(const CertificateInfo& cert, const std::string& where) {
        if (cert.ca) {
            out.push_back(addedRootObservation("browser_policy", cert, {where}));
        }
    }

    void forcedExtension(const std::string& id, const std::string& how) {
        if (extensions.size() < kMaxItems) {
            extensions.push_back(where(how) + ": " + id);
        }
    }

    void finish() {
        if (!extensions.empty()) {
            out.push_back(findingObservation(
                "browser_policy", browser + " policy: extensions installed by policy",
                {browser + " policy: extensions installed by policy",
                 browser + "-politik: udvidelser installeret via politik"},
                {"web_history"}, extensions,
                {"A policy set by your employer installs these extensions in " + browser +
                     " without asking you, and you cannot remove them. Depending on the "
                     "permissions they have, extensions can see the addresses and content of "
                     "the web pages you visit and send them elsewhere. Indblik cannot tell what "
                     "these extensions do; their identifiers are listed so that you or IT can "
                     "look them up in the browser's extension store.",
                 "En politik, som din arbejdsgiver har sat op, installerer disse udvidelser i " +
                     browser +
                     " uden at spørge dig, og du kan ikke fjerne dem. Afhængigt af de rettigheder, "
                     "de har fået, kan udvidelser se adresserne på og indholdet af de websider, "
                     "du besøger, og sende dem videre. Indblik kan ikke se, hvad udvidelserne "
                     "gør; deres id'er står her, så du eller IT kan slå dem op i browserens "
                     "udvidelsesbutik."}));
        }
        if (!reporting.empty()) {
            out.push_back(findingObservation(
                "browser_policy", browser + " policy: reporting",
                {browser + " policy: reporting", browser + "-politik: indrapportering"},
                {reportingCategories.begin(), reportingCategories.end()}, reporting,
                {"A policy set by your employer makes " + browser +
                     " report about its use. Depending on the settings listed, this can be the "
                     "browser's version and installed extensions (inventory); security events "
                     "such as warnings about dangerous sites or downloads, with the web address; "
                     "files you upload, download or print and text you paste, sent for "
                     "inspection; or the addresses of pages you visit, sent for a check. The "
                     "settings show what is switched on and to which service, not what has "
                     "actually been sent.",
                 "En politik, som din arbejdsgiver har sat op, får " + browser +
                     " til at indrapportere om brugen. Afhængigt af de viste indstillinger kan "
                     "det være browserens version og installerede udvidelser (inventar); "
                     "sikkerhedshændelser som advarsler om farlige websteder eller downloads, med "
                     "webadressen; filer, du uploader, downloader eller udskriver, og tekst, du "
                     "indsætter, sendt til kontrol; eller adresserne på de sider, du besøger, "
                     "sendt til kontrol. Indstillingerne viser, hvad der er slået til og til "
                     "hvilken tjeneste, ikke hvad der faktisk er sendt."}));
        }
        if (!certificates.empty()) {
            out.push_back(findingObservation(
                "browser_policy", browser + " policy: certificates",
                {browser + " policy: certificates", browser + "-politik: certifikater"},
                {"tls_inspection", "web_history", "network_traffic"}, certificates,
                {"A policy set by your employer makes " + browser +
                     " trust extra root certificates. Whoever holds such a certificate's key can "
                     "issue certificates for any website, which is what a proxy or security "
                     "product needs to open encrypted (HTTPS) connections and read the addresses "
                     "and content of the pages you visit. The setting alone does not prove that "
                     "this happens; certificates are also added for internal company websites.",
                 "En politik, som din arbejdsgiver har sat op, får " + browser +
                     " til at stole på ekstra rodcertifikater. Den, der har nøglen til sådan et "
                     "certifikat, kan udstede certifikater for ethvert websted, og det er netop, "
                     "hvad en proxy eller et sikkerhedsprodukt skal bruge for at åbne krypterede "
                     "(HTTPS) forbindelser og læse adresserne på og indholdet af de sider, du "
                     "besøger. Indstillingen beviser ikke i sig selv, at det sker; certifikater "
                     "tilføjes også til virksomhedens interne websteder."}));
        }
    }

    void report(const std::string& key, const std::string& value,
                std::initializer_list<const char*> categories) {
        if (reporting.size() < kMaxItems) {
            reporting.push_back(where(key) + " = " + value);
        }
        for (const auto* c : categories) {
            reportingCategories.insert(c);
        }
    }
};

std::string connectorSummary(const Var& v) {
    std::set<std::string> providers;
    for (const auto& item : items(v)) {
        if (auto o = asObject(item)) {
            auto p = text(member(o, "service_provider"), 64);
            providers.insert(p.empty() ? "unnamed service" : p);
        }
    }
    std::string out;
    for (const auto& p : providers) {
        out += (out.empty() ? "service provider: " : ", ") + p;
    }
    return out;
}

std::vector<CertificateInfo> fromBase64(const std::string& b64) {
    if (b64.size() > 64 * 1024) {
        return {};
    }
    std::string clean;
    for (const char c : b64) {
        if (c != '\n' && c != '\r' && c != ' ') {
            clean.push_back(c);
        }
    }
    std::string der(clean.size() / 4 * 3 + 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                                  reinterpret_cast<const unsigned char*>(clean.data()),
                                  static_cast<int>(clean.size()));
    if (n <= 0) {
        return {};
    }
    der.resize(static_cast<std::size_t>(n));
    return parseCertificates(der, 1);
}

void chromiumProxy(Findings& f, const ObjectPtr& p, const std::string& prefix) {
    auto mode = text(member(p, "ProxyMode"));
    const auto serverMode = member(p, "ProxyServerMode"); // deprecated: 1 detect, 2 manual
    if (mode.empty() && serverMode.isInteger()) {
        const auto m = integer(serverMode).value_or(0);
        mode = m == 1 ? "auto_detect" : m == 2 ? "fixed_servers" : m == 3 ? "system" : "direct";
    }
    const auto key = [&](const std::string& k) { return f.where(prefix + k); };
    if (mode == "fixed_servers") {
        // "host:port" or "http=host:port;https=host2:port"
        for (const auto& part : splitDestinations(text(member(p, "ProxyServer"), 1000), 8)) {
            const auto eq = part.find('=');
            const auto address =
                withoutCredentials(eq == std::string::npos ? part : part.substr(eq + 1));
            if (!address.empty()) {
                f.proxy({ProxyKind::Server, address,
                         key("ProxyMode") + " = fixed_servers; " + key("ProxyServer") + " = " +
                             address});
            }
        }
    } else if (mode == "pac_script") {
        const auto url = withoutCredentials(text(member(p, "ProxyPacUrl"), 1000));
        if (!url.empty()) {
            f.proxy({ProxyKind::Script, url,
                     key("ProxyMode") + " = pac_script; " + key("ProxyPacUrl") + " = " + url});
        }
    } else if (mode == "auto_detect") {
        f.proxy({ProxyKind::AutoDetect, "", key("ProxyMode") + " = auto_detect"});
    }
}

// ExtensionSettings, the same in Chromium-based browsers and Firefox: extensions an administrator
// installs for the person (installation_mode force_installed or normal_installed).
void forcedByExtensionSettings(Findings& f, const ObjectPtr& p) {
    auto settings = asObject(member(p, "ExtensionSettings"));
    if (!settings) {
        return;
    }
    std::size_t n = 0;
    for (const auto& [id, value] : *settings) {
        if (++n > kMaxItems) {
            break;
        }
        const auto mode = text(member(asObject(value), "installation_mode"), 64);
        if (mode == "force_installed" || mode == "normal_installed") {
            f.forcedExtension(json::escapeInvalidUtf8(id.substr(0, 300)) + " (" + mode + ")",
                              "ExtensionSettings");
        }
    }
}

void chromiumPolicies(Findings& f, const ObjectPtr& p) {
    for (const auto& item : items(member(p, "ExtensionInstallForcelist"))) {
        // "id" or "id;update URL"
        const auto entry = text(item, 1000);
        const auto semi = entry.find(';');
        auto id = entry.substr(0, semi);
        if (semi != std::string::npos) {
            id += " (from " + withoutCredentials(entry.substr(semi + 1)) + ")";
        }
        f.forcedExtension(id, "ExtensionInstallForcelist");
    }
    forcedByExtensionSettings(f, p);

    // Reporting to the employer's management service or to the browser maker.
    for (const auto* key : {"CloudReportingEnabled", "CloudProfileReportingEnabled"}) {
        if (isTrue(member(p, key))) {
            f.report(key, "true", {"device_inventory"});
        }
    }
    for (const auto& [key, value] : *p) {
        const bool reportKey =
            key.rfind("Report", 0) == 0 || key.find("ReportingEnabled") != std::string::npos;
        if (!reportKey || key.rfind("Cloud", 0) == 0 || key.rfind("SafeBrowsing", 0) == 0 ||
            value.isEmpty()) {
            continue;
        }
        const bool on = value.isBoolean()
                            ? value.extract<bool>()
                            : (asArray(value) ? asArray(value)->size() > 0
                                              : !value.isString() || !value.toString().empty());
        if (!on) {
            continue;
        }
        if (key.find("Website") != std::string::npos || key.find("Url") != std::string::npos) {
            f.report(key, text(value), {"web_history"});
        } else if (key == "MetricsReportingEnabled") {
            f.report(key, text(value), {"application_usage"});
        } else {
            f.report(key, text(value), {"device_inventory"});
        }
    }
    struct Connector {
        const char* key;
        std::initializer_list<const char*> categories;
    };
    static const Connector kConnectors[] = {
        {"OnFileAttachedEnterpriseConnector", {"file_activity"}},
        {"OnFileDownloadedEnterpriseConnector", {"file_activity"}},
        {"OnFileTransferEnterpriseConnector", {"file_activity"}},
        {"OnBulkDataEntryEnterpriseConnector", {"clipboard"}},
        {"OnPrintEnterpriseConnector", {"printing"}},
        {"OnSecurityEventEnterpriseConnector", {"security_telemetry", "web_history"}},
    };
    for (const auto& c : kConnectors) {
        const auto v = member(p, c.key);
        if (!items(v).empty()) {
            f.report(c.key, connectorSummary(v), c.categories);
        }
    }
    if (const auto v = member(p, "EnterpriseRealTimeUrlCheckMode"); integer(v) == 1) {
        f.report("EnterpriseRealTimeUrlCheckMode", "1", {"web_history"});
    }
    if (const auto v = member(p, "SafeBrowsingProtectionLevel"); integer(v) == 2) {
        f.report("SafeBrowsingProtectionLevel",
                 "2 (enhanced: addresses checked with the browser maker)", {"web_history"});
    }
    for (const auto* key :
         {"SafeBrowsingExtendedReportingEnabled", "UrlKeyedAnonymizedDataCollectionEnabled"}) {
        if (isTrue(member(p, key))) {
            f.report(key, "true", {"web_history"});
        }
    }

    if (auto settings = asObject(member(p, "ProxySettings"))) {
        chromiumProxy(f, settings, "ProxySettings.");
    } else {
        chromiumProxy(f, p, "");
    }

    // Root certificates the browser is told to trust (base64 DER).
    for (const auto& item : items(member(p, "CACertificates"))) {
        for (const auto& cert : fromBase64(text(item, 64 * 1024))) {
            f.certificate(cert, f.where("CACertificates"));
        }
    }
    for (const auto& item : items(member(p, "CACertificatesWithConstraints"))) {
        for (const auto& cert :
             fromBase64(text(member(asObject(item), "certificate"), 64 * 1024))) {
            f.certificate(cert, f.where("CACertificatesWithConstraints"));
        }
    }
}

void firefoxPolicies(Findings& f, const ObjectPtr& p) {
    if (auto ext = asObject(member(p, "Extensions"))) {
        for (const auto& item : items(member(ext, "Install"))) {
            f.forcedExtension(withoutCredentials(text(item, 1000)), "Extensions.Install");
        }
    }
    forcedByExtensionSettings(f, p);
    if (auto proxy = asObject(member(p, "Proxy"))) {
        const auto mode = text(member(proxy, "Mode"), 64);
        const auto key = [&](const std::string& k) { return f.where("Proxy." + k); };
        if (mode == "manual") {
            for (const auto* k : {"HTTPProxy", "SSLProxy", "SOCKSProxy"}) {
                const auto address = withoutCredentials(text(member(proxy, k), 1000));
                if (!address.empty()) {
                    f.proxy({ProxyKind::Server, address,
                             key("Mode") + " = manual; " + key(k) + " = " + address});
                }
            }
        } else if (mode == "autoConfig") {
            const auto url = withoutCredentials(text(member(proxy, "AutoConfigURL"), 1000));
            if (!url.empty()) {
                f.proxy({ProxyKind::Script, url,
                         key("Mode") + " = autoConfig; " + key("AutoConfigURL") + " = " + url});
            }
        } else if (mode == "autoDetect") {
            f.proxy({ProxyKind::AutoDetect, "", key("Mode") + " = autoDetect"});
        }
    }
    if (auto certs = asObject(member(p, "Certificates"))) {
        if (isTrue(member(certs, "ImportEnterpriseRoots"))) {
            f.certificates.push_back(
                f.where("Certificates.ImportEnterpriseRoots") +
                " = true (trust root certificates added to the operating system; Firefox has "
                "acted on this on Windows and macOS, on Linux it may have no effect)");
        }
        for (const auto& item : items(member(certs, "Install"))) {
            const auto name = text(item, 1000);
            if (name.empty()) {
                continue;
            }
            // Firefox looks for bare names in these system directories (and the user's profile).
            std::vector<std::string> candidates;
            if (name.front() == '/') {
                candidates = {name};
            } else if (name.find('/') == std::string::npos) {
                candidates = {"/usr/lib/mozilla/certificates/" + name,
                              "/usr/lib64/mozilla/certificates/" + name};
            }
            bool parsed = false;
            for (const auto& c : candidates) {
                auto data = readFile(underRoot(f.ctx.root, c), 1 << 20);
                if (!data) {
                    continue;
                }
                for (const auto& cert : parseCertificates(data.value(), 16)) {
                    f.certificate(cert, f.where("Certificates.Install") + ": " + c);
                    parsed = parsed || cert.ca;
                }
                break;
            }
            if (!parsed) {
                f.certificates.push_back(f.where("Certificates.Install") + ": " + name);
            }
        }
    }
}

void mergeByName(std::vector<Observation>& into, std::vector<Observation> from) {
    for (auto& o : from) {
        auto same = std::find_if(into.begin(), into.end(),
                                 [&](const Observation& x) { return x.name == o.name; });
        if (same == into.end()) {
            into.push_back(std::move(o));
            continue;
        }
        for (auto& e : o.evidence) {
            if (same->evidence.size() < 2 * kMaxItems &&
                std::find(same->evidence.begin(), same->evidence.end(), e) ==
                    same->evidence.end()) {
                same->evidence.push_back(std::move(e));
            }
        }
        for (auto& c : o.categories) {
            if (std::find(same->categories.begin(), same->categories.end(), c) ==
                same->categories.end()) {
                same->categories.push_back(std::move(c));
            }
        }
    }
}

} // namespace

std::vector<std::string> browserPolicyPaths() {
    std::vector<std::string> out;
    for (const auto& c : kChromium) {
        out.emplace_back(c.dir);
    }
    for (const auto* f : kFirefox) {
        out.push_back(fs::path(f).parent_path().string());
    }
    return out;
}

std::vector<Observation> browserPolicyFindings(const DetectorContext& ctx,
                                               const std::string& browser, bool firefox,
                                               const std::string& path, std::string_view text) {
    ObjectPtr policies;
    try {
        policies = asObject(json::parse(text, kMaxPolicyFile));
    } catch (const json::ParseError& e) {
        ctx.report(underRoot(ctx.root, path),
                   std::string("is not valid JSON; not read (") + e.what() + ")");
        return {};
    }
    if (firefox && policies) {
        policies = asObject(member(policies, "policies"));
    }
    if (!policies) {
        ctx.report(underRoot(ctx.root, path), firefox ? "has no \"policies\" object; not read"
                                                      : "is not a JSON object; not read");
        return {};
    }
    Findings f{ctx, browser, path, {}, {}, {}, {}, {}};
    if (firefox) {
        firefoxPolicies(f, policies);
    } else {
        chromiumPolicies(f, policies);
    }
    f.finish();
    return std::move(f.out);
}

std::vector<Observation> detectBrowserPolicies(const DetectorContext& ctx) {
    std::vector<Observation> out;
    for (const auto& c : kChromium) {
        auto files = listFiles(underRoot(ctx.root, c.dir), ".json");
        if (!files) {
            continue;
        }
        std::size_t n = 0;
        for (const auto& file : files.value()) {
            if (++n > 100) {
                break;
            }
            const auto path = std::string(c.dir) + "/" + fs::path(file).filename().string();
            if (auto text = ctx.readConfig(path, kMaxPolicyFile)) {
                mergeByName(out, browserPolicyFindings(ctx, c.browser, false, path, *text));
            }
        }
    }
    for (const auto* path : kFirefox) {
        if (auto text = ctx.readConfig(path, kMaxPolicyFile)) {
            mergeByName(out, browserPolicyFindings(ctx, "Firefox", true, path, *text));
        }
    }
    return out;
}

} // namespace indblik::agent

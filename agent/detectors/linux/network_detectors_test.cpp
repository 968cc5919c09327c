// Tests for the network-side detectors: TLS inspection (added root certificates), proxies,
// managed browser policies, and destinations named in catalog products' configuration files.

#include <filesystem>
#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string>

#include <gtest/gtest.h>

#include "detectors/linux/browser_policy_detector.h"
#include "detectors/linux/config_detector.h"
#include "detectors/linux/destination.h"
#include "detectors/linux/fake_root.h"
#include "detectors/linux/proxy_detector.h"
#include "detectors/linux/tls_detector.h"

namespace indblik::agent {
namespace {

using testing_support::anyContains;
using testing_support::FakeRoot;
namespace fs = std::filesystem;

struct Cert {
    std::string pem;
    std::string der;
};

// A fresh self-signed certificate; `ca` sets basicConstraints CA:TRUE (else CA:FALSE).
Cert makeCert(const std::string& cn, const std::string& org, bool ca) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 4711);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509_set_pubkey(x, key);
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, x, x, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, NID_basic_constraints,
                                              ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
    X509_sign(x, key, EVP_sha256());
    Cert out;
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, x);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    out.pem.assign(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    unsigned char* der = nullptr;
    const int len = i2d_X509(x, &der);
    out.der.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    X509_free(x);
    EVP_PKEY_free(key);
    return out;
}

const Observation* named(const std::vector<Observation>& obs, const std::string& part) {
    for (const auto& o : obs) {
        if (o.name.find(part) != std::string::npos) {
            return &o;
        }
    }
    return nullptr;
}

bool hasCategory(const Observation& o, const std::string& c) {
    return std::find(o.categories.begin(), o.categories.end(), c) != o.categories.end();
}

std::string allText(const std::vector<Observation>& obs) {
    std::string s;
    for (const auto& o : obs) {
        s += o.name + "\n" + o.why.en + "\n" + o.why.da + "\n";
        for (const auto& e : o.evidence) {
            s += e + "\n";
        }
    }
    return s;
}

// --- destinations ----------------------------------------------------------------------------

TEST(Destination, CredentialsQueriesAndQuotesAreDropped) {
    EXPECT_EQ(withoutCredentials("http://user:s3cret@proxy.example:3128/"),
              "http://proxy.example:3128/");
    EXPECT_EQ(withoutCredentials("\"user:p@ss@proxy.example:8080\""), "proxy.example:8080");
    EXPECT_EQ(withoutCredentials("https://pac.example/corp.pac?token=abc#x"),
              "https://pac.example/corp.pac");
    EXPECT_EQ(withoutCredentials("zabbix.example.com"), "zabbix.example.com");
    EXPECT_EQ(splitDestinations("a:1, b:2;c", 5), (std::vector<std::string>{"a:1", "b:2", "c"}));
    EXPECT_EQ(splitDestinations("a,b,c,d", 2).size(), 2u);
}

// --- TLS inspection --------------------------------------------------------------------------

class TlsTest : public FakeRoot {
protected:
    void link(const std::string& target, const std::string& path) {
        fs::create_directories((m_root / path.substr(1)).parent_path());
        fs::create_symlink(target, m_root / path.substr(1));
    }
};

TEST_F(TlsTest, LocalCaIsReportedAndDistributionCasAreNot) {
    const auto local = makeCert("Corp Inspection CA", "Corp A/S", true);
    const auto dist = makeCert("Distribution Root", "Mozilla", true);
    write("/usr/local/share/ca-certificates/corp/inspect.crt", local.pem);
    write("/usr/share/ca-certificates/mozilla/Distribution_Root.crt", dist.pem);
    // As update-ca-certificates and openssl rehash leave them.
    link("/usr/share/ca-certificates/mozilla/Distribution_Root.crt",
         "/etc/ssl/certs/Distribution_Root.pem");
    link("Distribution_Root.pem", "/etc/ssl/certs/1a2b3c4d.0");
    link("/usr/local/share/ca-certificates/corp/inspect.crt", "/etc/ssl/certs/inspect.pem");
    link("inspect.pem", "/etc/ssl/certs/5e6f7a8b.0");
    write("/etc/ssl/certs/ca-certificates.crt", dist.pem + local.pem);

    const auto obs = detectTlsInspection(ctx());
    ASSERT_EQ(obs.size(), 1u) << allText(obs);
    const auto& o = obs[0];
    EXPECT_EQ(o.name, "Added root certificate: Corp Inspection CA");
    EXPECT_TRUE(hasCategory(o, "tls_inspection"));
    EXPECT_TRUE(hasCategory(o, "web_history"));
    EXPECT_TRUE(hasCategory(o, "network_traffic"));
    EXPECT_TRUE(anyContains(o.evidence, "organisation: Corp A/S"));
    EXPECT_TRUE(anyContains(o.evidence, "issued by: Corp Inspection CA"));
    EXPECT_TRUE(anyContains(o.evidence, "file: /usr/local/share/ca-certificates/corp/inspect.crt"));
    EXPECT_TRUE(anyContains(o.evidence, "file: /etc/ssl/certs/inspect.pem → "));
    EXPECT_FALSE(anyContains(o.evidence, "5e6f7a8b.0")); // the hash link repeats inspect.pem
    const auto parsed = parseCertificates(local.der);
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_EQ(parsed[0].sha256.size(), 95u);
    EXPECT_TRUE(anyContains(o.evidence, "SHA-256 fingerprint: " + parsed[0].sha256));
    EXPECT_NE(o.why.en.find("does not prove"), std::string::npos);
    EXPECT_TRUE(m_problems.empty());
}

TEST_F(TlsTest, LeafCertificatesAndOtherFileNamesDoNotCount) {
    write("/usr/local/share/ca-certificates/server.crt", makeCert("www.corp", "Corp", false).pem);
    write("/usr/local/share/ca-certificates/notes.pem", makeCert("Unused CA", "Corp", true).pem);
    write("/etc/ssl/certs/ssl-cert-snakeoil.pem", makeCert("laptop", "", false).pem);
    EXPECT_TRUE(detectTlsInspection(ctx()).empty());
}

TEST_F(TlsTest, CopiedPemAndRhelDerAnchorsAreFound) {
    // RHEL layout: /etc/ssl/certs is a link, its bundles are links into the extracted store.
    link("/etc/pki/tls/certs", "/etc/ssl/certs");
    write("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
          makeCert("Bundled Distribution CA", "Dist", true).pem);
    link("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/pki/tls/certs/ca-bundle.crt");
    write("/etc/pki/tls/certs/proxy-root.pem", makeCert("Proxy Root", "Vendor", true).pem);
    write("/etc/pki/ca-trust/source/anchors/zscaler.der", makeCert("Zscaler Root", "Z", true).der);
    const auto obs = detectTlsInspection(ctx());
    ASSERT_EQ(obs.size(), 2u) << allText(obs);
    ASSERT_TRUE(named(obs, "Proxy Root"));
    EXPECT_TRUE(
        anyContains(named(obs, "Proxy Root")->evidence,
                    "file: /etc/ssl/certs/proxy-root.pem → /etc/pki/tls/certs/proxy-root.pem"));
    EXPECT_TRUE(named(obs, "Zscaler Root"));
}

TEST_F(TlsTest, BadFilesAreReportedAndLoopsEnd) {
    write("/usr/local/share/ca-certificates/garbage.crt", "not a certificate\n");
    write("/usr/local/share/ca-certificates/huge.crt", std::string(2 << 20, 'A'));
    link("/etc/ssl/certs/b.pem", "/etc/ssl/certs/a.pem");
    link("/etc/ssl/certs/a.pem", "/etc/ssl/certs/b.pem");
    link("/usr/local/share/ca-certificates", "/usr/local/share/ca-certificates/loop");
    write("/etc/ssl/certs/good.pem", makeCert("Still Found", "X", true).pem);
    const auto obs = detectTlsInspection(ctx());
    ASSERT_EQ(obs.size(), 1u) << allText(obs);
    EXPECT_TRUE(reported("/usr/local/share/ca-certificates/garbage.crt"));
    EXPECT_TRUE(reported("huge.crt"));
    for (const auto& p : m_problems) {
        EXPECT_EQ(p.problem.find(m_root.string()), std::string::npos) << p.problem;
        EXPECT_EQ(p.path.find(m_root.string()), std::string::npos) << p.path;
    }
    EXPECT_TRUE(reported("/etc/ssl/certs/a.pem") || reported("/etc/ssl/certs/b.pem"));
}

// --- proxies ---------------------------------------------------------------------------------

TEST_F(FakeRoot, SystemProxyFromEnvironmentAndProfileWithoutCredentials) {
    write("/etc/environment", "PATH=\"/usr/bin\"\n"
                              "https_proxy=\"http://alice:hunter2@proxy.corp.example:3128/\"\n"
                              "# http_proxy=http://old.example:80\n");
    write("/etc/profile.d/proxy.sh", "export HTTP_PROXY=http://proxy.corp.example:3128/\n"
                                     "export http_proxy=$HTTP_PROXY\n"
                                     "export no_proxy=localhost\n"
                                     "  # export ALL_PROXY=socks5://x.example:1080\n"
                                     "export all_proxy=\n");
    write("/etc/profile.d/proxy.csh", "setenv http_proxy http://csh.example:1\n");
    const auto obs = detectProxies(ctx());
    ASSERT_EQ(obs.size(), 1u) << allText(obs);
    EXPECT_EQ(obs[0].name, "System-wide proxy: http://proxy.corp.example:3128/");
    EXPECT_TRUE(hasCategory(obs[0], "web_history"));
    EXPECT_TRUE(hasCategory(obs[0], "network_traffic"));
    EXPECT_TRUE(anyContains(obs[0].evidence, "/etc/environment:2: https_proxy="));
    EXPECT_TRUE(anyContains(obs[0].evidence, "/etc/profile.d/proxy.sh:1: HTTP_PROXY="));
    EXPECT_EQ(allText(obs).find("hunter2"), std::string::npos);
    EXPECT_EQ(allText(obs).find("alice"), std::string::npos);
}

TEST_F(FakeRoot, GnomeDconfManualAndAutoProxies) {
    write("/etc/dconf/db/local.d/00-proxy", "[system/proxy]\nmode='manual'\n\n"
                                            "[system/proxy/http]\nhost='gw.corp.example'\n"
                                            "port=8080\n");
    write("/etc/dconf/db/site.d/10-pac",
          "[system/proxy]\nmode='auto'\nautoconfig-url='https://pac.corp.example/p.pac?k=s'\n");
    write("/etc/dconf/db/off.d/00-proxy", "[system/proxy]\nmode='none'\n"
                                          "[system/proxy/http]\nhost='unused.example'\n");
    fs::create_directories(m_root / "etc/dconf/db/local.d/locks");
    const auto obs = detectProxies(ctx());
    ASSERT_EQ(obs.size(), 2u) << allText(obs);
    ASSERT_TRUE(named(obs, "System-wide proxy: gw.corp.example:8080"));
    EXPECT_TRUE(anyContains(named(obs, "gw.corp")->evidence, "/etc/dconf/db/local.d/00-proxy:2"));
    ASSERT_TRUE(named(obs, "proxy script: https://pac.corp.example/p.pac"));
    EXPECT_EQ(allText(obs).find("k=s"), std::string::npos);
    EXPECT_EQ(allText(obs).find("unused"), std::string::npos);
}

TEST_F(FakeRoot, KdeProxyTypes) {
    write("/etc/xdg/kioslaverc",
          "[Proxy Settings]\nProxyType[$i]=1\nhttpProxy=http://kde.example 8080\n"
          "httpsProxy=\n");
    auto obs = detectProxies(ctx());
    ASSERT_EQ(obs.size(), 1u) << allText(obs);
    EXPECT_EQ(obs[0].name, "System-wide proxy: http://kde.example:8080");

    write("/etc/xdg/kioslaverc",
          "[Proxy Settings]\nProxyType=0\nhttpProxy=http://kde.example 8080\n");
    EXPECT_TRUE(detectProxies(ctx()).empty());

    EXPECT_EQ(
        parseKdeProxies("[Proxy Settings]\nProxyType=2\nProxy Config Script=http://w/p.pac\n", "k")
            .at(0)
            .kind,
        ProxyKind::Script);
}

TEST_F(FakeRoot, ProxyBadInputIsReported) {
    write("/etc/environment", std::string("http_proxy=a\0b", 14));
    write("/etc/profile.d/big.sh", std::string(300 * 1024, '#'));
    EXPECT_TRUE(detectProxies(ctx()).empty());
    EXPECT_TRUE(reported("/etc/environment"));
    EXPECT_TRUE(reported("/etc/profile.d/big.sh"));
}

TEST_F(FakeRoot, ProxyAddressThatIsNotUtf8StaysValidInTitles) {
    write("/etc/environment", "http_proxy=http://pr\xffoxy.example:3128\n");
    const auto obs = detectProxies(ctx());
    ASSERT_EQ(obs.size(), 1u);
    ASSERT_TRUE(obs[0].title);
    EXPECT_EQ(obs[0].title->en.find('\xff'), std::string::npos);
    EXPECT_EQ(obs[0].why.da.find('\xff'), std::string::npos);
    EXPECT_NE(obs[0].title->en.find("oxy.example:3128"), std::string::npos);
}

// --- browser policies ------------------------------------------------------------------------

TEST_F(FakeRoot, ChromePolicyExtensionsReportingAndProxy) {
    write("/etc/opt/chrome/policies/managed/corp.json", R"({
      "ExtensionInstallForcelist": ["aaaabbbbccccddddeeeeffffgggghhhh;https://ext.corp.example/update.xml?key=k1"],
      "ExtensionSettings": {
        "iiiijjjjkkkkllllmmmmnnnnoooopppp": {"installation_mode": "force_installed"},
        "qqqqrrrrssssttttuuuuvvvvwwwwxxxx": {"installation_mode": "blocked"}
      },
      "CloudReportingEnabled": true,
      "OnSecurityEventEnterpriseConnector": [{"service_provider": "google"}],
      "OnBulkDataEntryEnterpriseConnector": [{"service_provider": "google", "enable": [{"url_list": ["*"], "tags": ["dlp"]}]}],
      "EnterpriseRealTimeUrlCheckMode": 1,
      "ProxyMode": "fixed_servers",
      "ProxyServer": "bob:pw123@proxy.corp.example:3128"
    })");
    const auto obs = detectBrowserPolicies(ctx());
    const auto* ext = named(obs, "Google Chrome policy: extensions installed by policy");
    ASSERT_TRUE(ext) << allText(obs);
    EXPECT_TRUE(anyContains(ext->evidence,
                            "ExtensionInstallForcelist: aaaabbbbccccddddeeeeffffgggghhhh "
                            "(from https://ext.corp.example/update.xml)"));
    EXPECT_TRUE(anyContains(ext->evidence, "iiiijjjjkkkkllllmmmmnnnnoooopppp (force_installed)"));
    EXPECT_FALSE(anyContains(ext->evidence, "qqqq"));
    const auto* rep = named(obs, "Google Chrome policy: reporting");
    ASSERT_TRUE(rep);
    EXPECT_TRUE(anyContains(rep->evidence, "CloudReportingEnabled = true"));
    EXPECT_TRUE(anyContains(rep->evidence,
                            "OnSecurityEventEnterpriseConnector = service provider: google"));
    for (const auto* c : {"device_inventory", "security_telemetry", "web_history", "clipboard"}) {
        EXPECT_TRUE(hasCategory(*rep, c)) << c;
    }
    const auto* proxy = named(obs, "Google Chrome policy proxy: proxy.corp.example:3128");
    ASSERT_TRUE(proxy) << allText(obs);
    EXPECT_TRUE(hasCategory(*proxy, "network_traffic"));
    const auto text = allText(obs);
    EXPECT_EQ(text.find("pw123"), std::string::npos);
    EXPECT_EQ(text.find("k1"), std::string::npos);
}

TEST_F(FakeRoot, DisabledBrowserPoliciesAreNotMonitoring) {
    write("/etc/chromium/policies/managed/off.json", R"({
      "CloudReportingEnabled": false,
      "ReportVersionData": false,
      "ProxyServer": "proxy.corp.example:3128",
      "ProxyMode": "direct",
      "ExtensionSettings": {"*": {"installation_mode": "blocked"}},
      "OnSecurityEventEnterpriseConnector": []
    })");
    write("/etc/chromium/policies/recommended/r.json", R"({"CloudReportingEnabled": true})");
    write(
        "/etc/firefox/policies/policies.json",
        R"({"policies": {"Proxy": {"Mode": "none", "HTTPProxy": "x.example:1"}, "DisableTelemetry": true}})");
    EXPECT_TRUE(detectBrowserPolicies(ctx()).empty()) << allText(detectBrowserPolicies(ctx()));
    EXPECT_TRUE(m_problems.empty());
}

TEST_F(FakeRoot, FirefoxPolicyExtensionsProxyAndCertificates) {
    write("/usr/lib/mozilla/certificates/corp-root.der",
          makeCert("Firefox Corp Root", "Corp", true).der);
    write("/usr/lib/firefox-esr/distribution/policies.json", R"({"policies": {
      "Extensions": {"Install": ["https://addons.example/monitor.xpi?auth=zz"]},
      "ExtensionSettings": {"watch@corp.example": {"installation_mode": "force_installed", "install_url": "https://x/y.xpi"}},
      "Proxy": {"Mode": "autoConfig", "AutoConfigURL": "https://u:p@pac.corp.example/ff.pac"},
      "Certificates": {"ImportEnterpriseRoots": true, "Install": ["corp-root.der", "missing.pem"]}
    }})");
    const auto obs = detectBrowserPolicies(ctx());
    const auto* ext = named(obs, "Firefox policy: extensions installed by policy");
    ASSERT_TRUE(ext) << allText(obs);
    EXPECT_TRUE(
        anyContains(ext->evidence, "Extensions.Install: https://addons.example/monitor.xpi"));
    EXPECT_TRUE(anyContains(ext->evidence, "watch@corp.example (force_installed)"));
    EXPECT_TRUE(named(obs, "Firefox policy proxy script: https://pac.corp.example/ff.pac"));
    const auto* root = named(obs, "Added root certificate: Firefox Corp Root");
    ASSERT_TRUE(root);
    EXPECT_TRUE(anyContains(root->evidence,
                            "Certificates.Install: /usr/lib/mozilla/certificates/corp-root.der"));
    const auto* certs = named(obs, "Firefox policy: certificates");
    ASSERT_TRUE(certs);
    EXPECT_TRUE(anyContains(certs->evidence, "ImportEnterpriseRoots = true"));
    EXPECT_TRUE(anyContains(certs->evidence, "missing.pem"));
    EXPECT_TRUE(hasCategory(*certs, "tls_inspection"));
    EXPECT_EQ(allText(obs).find("zz"), std::string::npos);
    EXPECT_EQ(allText(obs).find("u:p"), std::string::npos);
}

TEST_F(FakeRoot, ChromiumCaCertificatesPolicyIsParsed) {
    const auto der = makeCert("Edge Policy Root", "Corp", true).der;
    std::string b64(4 * ((der.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                  reinterpret_cast<const unsigned char*>(der.data()),
                                  static_cast<int>(der.size()));
    b64.resize(static_cast<std::size_t>(n));
    write("/etc/opt/edge/policies/managed/certs.json", "{\"CACertificates\": [\"" + b64 + "\"]}");
    const auto obs = detectBrowserPolicies(ctx());
    ASSERT_EQ(obs.size(), 1u) << allText(obs);
    EXPECT_EQ(obs[0].name, "Added root certificate: Edge Policy Root");
    EXPECT_TRUE(
        anyContains(obs[0].evidence, "/etc/opt/edge/policies/managed/certs.json: CACertificates"));
}

TEST_F(FakeRoot, MalformedPolicyFilesAreReportedNotFatal) {
    write("/etc/brave/policies/managed/broken.json", "{\"ProxyMode\": \"fixed_servers\",");
    write("/etc/brave/policies/managed/array.json", "[1, 2]");
    write("/etc/brave/policies/managed/deep.json",
          std::string(100000, '[') + std::string(100000, ']'));
    write("/etc/firefox/policies/policies.json", "{\"Proxy\": {}}");
    write("/etc/brave/policies/managed/good.json", R"({"CloudReportingEnabled": true})");
    const auto obs = detectBrowserPolicies(ctx());
    ASSERT_EQ(obs.size(), 1u) << allText(obs);
    EXPECT_EQ(obs[0].name, "Brave policy: reporting");
    EXPECT_TRUE(reported("/etc/brave/policies/managed/broken.json"));
    EXPECT_TRUE(reported("/etc/brave/policies/managed/array.json"));
    EXPECT_TRUE(reported("/etc/brave/policies/managed/deep.json"));
    EXPECT_TRUE(reported("/etc/firefox/policies/policies.json"));
}

// Whole numbers beyond int's range threw Poco::RangeException out of discovery, ending the agent
// (found by hand after fuzz/catalog_fuzz found the same in the catalog; the seeds
// fuzz/corpus/browser_policy/crash-* crash the harness without the fix). They are read as numbers.
TEST_F(FakeRoot, HugeNumbersInAPolicyAreReadNotFatal) {
    write("/etc/opt/chrome/policies/managed/huge.json", R"({
      "CloudReportingEnabled": 18446744073709551615,
      "ProxyServerMode": 99999999999,
      "EnterpriseRealTimeUrlCheckMode": 99999999999,
      "SafeBrowsingProtectionLevel": -99999999999
    })");
    std::vector<Observation> obs;
    ASSERT_NO_THROW(obs = detectBrowserPolicies(ctx()));
    const auto* rep = named(obs, "Google Chrome policy: reporting");
    ASSERT_TRUE(rep) << allText(obs);
    EXPECT_TRUE(anyContains(rep->evidence, "CloudReportingEnabled = true"));
    EXPECT_EQ(allText(obs).find("SafeBrowsingProtectionLevel"), std::string::npos) << allText(obs);
    EXPECT_EQ(allText(obs).find("EnterpriseRealTimeUrlCheckMode"), std::string::npos)
        << allText(obs);
}

// --- configured destinations -----------------------------------------------------------------

TEST_F(FakeRoot, ZabbixConfigNamesServersButNotSecrets) {
    write("/etc/zabbix/zabbix_agentd.conf",
          "# Server=old.example\n"
          "Server=192.0.2.10,zabbix.corp.example\n"
          "ServerActive=zabbix.corp.example:10051;proxy2.corp.example\n"
          "TLSPSKIdentity=laptop-17\n"
          "TLSPSKFile=/etc/zabbix/psk\n");
    write("/etc/zabbix/psk", "0123456789abcdef0123456789abcdef\n");
    const auto obs = detectConfiguredDestinations(ctx());
    ASSERT_EQ(obs.size(), 1u) << allText(obs);
    EXPECT_EQ(obs[0].product, "zabbix-agent");
    EXPECT_TRUE(anyContains(obs[0].evidence, "configuration: /etc/zabbix/zabbix_agentd.conf"));
    EXPECT_TRUE(anyContains(obs[0].evidence, "sends to: 192.0.2.10"));
    EXPECT_TRUE(anyContains(obs[0].evidence, "sends to: zabbix.corp.example"));
    EXPECT_TRUE(anyContains(obs[0].evidence, "sends to: zabbix.corp.example:10051"));
    EXPECT_TRUE(anyContains(obs[0].evidence, "sends to: proxy2.corp.example"));
    const auto text = allText(obs);
    EXPECT_EQ(text.find("old.example"), std::string::npos);
    EXPECT_EQ(text.find("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(text.find("laptop-17"), std::string::npos);
}

TEST_F(FakeRoot, XmlCommentsAndCapsInConfigDestinations) {
    write("/var/ossec/etc/ossec.conf", "<ossec_config>\n<client>\n<server>\n"
                                       "<!-- <address>commented.example</address>\n"
                                       "<address>also-commented.example</address> -->\n"
                                       "<address>wazuh.corp.example</address>\n"
                                       "</server>\n</client>\n</ossec_config>\n");
    const auto obs = detectConfiguredDestinations(ctx());
    ASSERT_EQ(obs.size(), 1u);
    EXPECT_EQ(obs[0].product, "wazuh-agent");
    EXPECT_TRUE(anyContains(obs[0].evidence, "sends to: wazuh.corp.example"));
    EXPECT_FALSE(anyContains(obs[0].evidence, "commented"));
    EXPECT_EQ(configDestinations("s=a,b,c,d,e,f,g\n", "^s=(.*)", 5).size(), 5u);
    EXPECT_EQ(configDestinations("s=https://u:pw@h.example/x\n", "^s=(.*)"),
              (std::vector<std::string>{"https://h.example/x"}));
}

TEST_F(FakeRoot, ConfigFilePresenceWithoutDestinationAndBadInput) {
    write("/etc/puppet/puppet.conf", "[main]\n# server = nope.example\n");
    write("/etc/osquery/osquery.flags", std::string("--tls_hostname=a\0", 17));
    const auto obs = detectConfiguredDestinations(ctx());
    ASSERT_EQ(obs.size(), 1u) << allText(obs);
    EXPECT_EQ(obs[0].product, "puppet-agent");
    EXPECT_EQ(obs[0].evidence,
              (std::vector<std::string>{"configuration: /etc/puppet/puppet.conf"}));
    EXPECT_TRUE(reported("/etc/osquery/osquery.flags"));
    const auto paths = catalogConfigPaths(testing_support::catalog());
    EXPECT_NE(std::find(paths.begin(), paths.end(), "/etc/zabbix/zabbix_agentd.conf"), paths.end());
}

TEST_F(FakeRoot, CatalogDestinationsOfSplunkOsqueryAndElastic) {
    write("/opt/splunkforwarder/etc/system/local/outputs.conf",
          "[tcpout]\ndefaultGroup = idx\n\n[tcpout:idx]\n"
          "server = idx1.corp.example:9997, idx2.corp.example:9997\n#server = old:9997\n");
    write("/etc/osquery/osquery.flags", "--tls_hostname=fleet.corp.example:8080\n"
                                        "--logger_tls_endpoint=/api/v1/osquery/log\n"
                                        "--enroll_secret_path=/etc/osquery/secret\n");
    write("/etc/osquery/secret", "enroll-secret-value\n");
    write("/opt/Elastic/Agent/elastic-agent.yml",
          "outputs:\n  default:\n    type: elasticsearch\n"
          "    hosts: [\"https://es.corp.example:9200\"]\n    api_key: \"id:secretkey\"\n");
    const auto obs = detectConfiguredDestinations(ctx());
    auto evidence = [&](const std::string& product) {
        for (const auto& o : obs) {
            if (o.product == product) {
                return o.evidence;
            }
        }
        return std::vector<std::string>{};
    };
    EXPECT_EQ(evidence("splunk-universal-forwarder"),
              (std::vector<std::string>{
                  "configuration: /opt/splunkforwarder/etc/system/local/outputs.conf",
                  "sends to: idx1.corp.example:9997", "sends to: idx2.corp.example:9997"}));
    EXPECT_EQ(evidence("osquery"),
              (std::vector<std::string>{"configuration: /etc/osquery/osquery.flags",
                                        "sends to: fleet.corp.example:8080"}));
    EXPECT_EQ(evidence("elastic-defend"),
              (std::vector<std::string>{"configuration: /opt/Elastic/Agent/elastic-agent.yml",
                                        "sends to: https://es.corp.example:9200"}));
    EXPECT_EQ(allText(obs).find("secret"), std::string::npos);
}

TEST(NetworkDetectors, RegisteredWithWatchPaths) {
    const auto detectors = platformDetectors();
    auto find = [&](std::string_view name) {
        return std::find_if(detectors.begin(), detectors.end(),
                            [&](const Detector& d) { return d.name == name; });
    };
    for (const auto* name : {"tls", "proxy", "browser_policy", "config"}) {
        ASSERT_NE(find(name), detectors.end()) << name;
    }
    EXPECT_TRUE(anyContains(find("tls")->watch, "/usr/local/share/ca-certificates"));
    EXPECT_TRUE(anyContains(find("proxy")->watch, "/etc/dconf/db"));
    EXPECT_TRUE(anyContains(find("browser_policy")->watch, "/etc/opt/chrome/policies/managed"));
}

} // namespace
} // namespace indblik::agent

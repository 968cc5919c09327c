#include "detectors/linux/tls_detector.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <optional>
#include <regex>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "file_util.h"
#include "json_reader.h"

namespace indblik::agent {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxCertificateFile = 1 << 20;
constexpr std::size_t kMaxFilesPerPlace = 500;

struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::string clean(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
            out.push_back(c);
        }
        if (out.size() >= 200) {
            break;
        }
    }
    return json::escapeInvalidUtf8(out); // the cut may split a character
}

std::string nameEntry(const X509_NAME* name, int nid) {
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0) {
        return {};
    }
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0 || !utf8) {
        return {};
    }
    std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return clean(out);
}

std::string shortName(const X509_NAME* name) {
    if (auto cn = nameEntry(name, NID_commonName); !cn.empty()) {
        return cn;
    }
    if (auto o = nameEntry(name, NID_organizationName); !o.empty()) {
        return o;
    }
    char buffer[256] = {};
    X509_NAME_oneline(name, buffer, sizeof buffer);
    return clean(buffer);
}

std::string day(const ASN1_TIME* time) {
    std::tm tm{};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1) {
        return "?";
    }
    char buffer[16] = {};
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
    return buffer;
}

CertificateInfo describe(X509* x) {
    CertificateInfo info;
    info.subject = shortName(X509_get_subject_name(x));
    info.organization = nameEntry(X509_get_subject_name(x), NID_organizationName);
    info.issuer = shortName(X509_get_issuer_name(x));
    info.notBefore = day(X509_get0_notBefore(x));
    info.notAfter = day(X509_get0_notAfter(x));
    unsigned char digest[EVP_MAX_MD_SIZE] = {};
    unsigned int length = 0;
    if (X509_digest(x, EVP_sha256(), digest, &length) == 1) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        for (unsigned int i = 0; i < length; ++i) {
            if (i) {
                info.sha256.push_back(':');
            }
            info.sha256.push_back(kHex[digest[i] >> 4]);
            info.sha256.push_back(kHex[digest[i] & 0xf]);
        }
    }
    info.ca = X509_check_ca(x) != 0;
    return info;
}

// Follows symbolic links below root, at most 16 of them. The result is absolute and without the
// root; nullopt for a loop (reported) or a link to nothing (quiet: a stale link trusts nothing).
std::optional<std::string> resolve(const DetectorContext& ctx, std::string path) {
    for (int hop = 0; hop < 16; ++hop) {
        const auto real = underRoot(ctx.root, path);
        struct stat st {};
        if (::lstat(real.c_str(), &st) != 0) {
            return std::nullopt;
        }
        if (!S_ISLNK(st.st_mode)) {
            return path;
        }
        char target[4096];
        const auto n = ::readlink(real.c_str(), target, sizeof target - 1);
        if (n <= 0) {
            return std::nullopt;
        }
        std::string next(target, static_cast<std::size_t>(n));
        if (next.front() == '/') {
            // A tree prepared with a --sysroot tool links to absolute paths that include the root.
            const auto& root = ctx.root;
            if (root.size() > 1 && next.rfind(root, 0) == 0 &&
                (next.size() == root.size() || next[root.size()] == '/' || root.back() == '/')) {
                next = next.substr(root.back() == '/' ? root.size() - 1 : root.size());
            }
            path = fs::path(next).lexically_normal().string();
        } else {
            path = (fs::path(path).parent_path() / next).lexically_normal().string();
        }
    }
    ctx.report(underRoot(ctx.root, path), "is a chain of more than 16 symbolic links (a loop?)");
    return std::nullopt;
}

bool below(const std::string& path, std::string_view dir) {
    return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
           path[dir.size()] == '/';
}

struct Found {
    CertificateInfo cert;
    std::vector<std::string> where;
};

// Parses one candidate file and records each CA certificate in it under its fingerprint.
void collect(const DetectorContext& ctx, const std::string& shownPath, const std::string& file,
             std::map<std::string, Found>& found) {
    const auto real = underRoot(ctx.root, file);
    auto data = readFile(real, kMaxCertificateFile);
    if (!data) {
        std::string why = data.error(); // "REAL PATH: why"; the path is reported separately
        if (why.rfind(real + ": ", 0) == 0) {
            why = why.substr(real.size() + 2);
        }
        ctx.report(underRoot(ctx.root, shownPath), why);
        return;
    }
    const auto certs = parseCertificates(data.value());
    if (certs.empty()) {
        ctx.report(underRoot(ctx.root, shownPath), "holds no certificate that could be read");
        return;
    }
    for (const auto& cert : certs) {
        if (!cert.ca) {
            continue;
        }
        auto& entry = found[cert.sha256];
        entry.cert = cert;
        const auto where =
            shownPath == file ? "file: " + file : "file: " + shownPath + " → " + file;
        if (std::find(entry.where.begin(), entry.where.end(), where) == entry.where.end() &&
            entry.where.size() < 8) {
            entry.where.push_back(where);
        }
    }
}

} // namespace

std::vector<CertificateInfo> parseCertificates(std::string_view data, std::size_t maxCertificates) {
    std::vector<CertificateInfo> out;
    if (data.empty() || data.size() > (1u << 30)) {
        return out;
    }
    if (data.find("-----BEGIN") != std::string_view::npos) {
        std::unique_ptr<BIO, BioFree> bio(
            BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
        while (bio && out.size() < maxCertificates) {
            // Reads "CERTIFICATE" and "TRUSTED CERTIFICATE" blocks and skips other PEM blocks.
            X509Ptr x(PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr));
            if (!x) {
                break;
            }
            out.push_back(describe(x.get()));
        }
        ERR_clear_error();
        return out;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(data.size())));
    if (x) {
        out.push_back(describe(x.get()));
    }
    ERR_clear_error();
    return out;
}

Observation addedRootObservation(const std::string& detector, const CertificateInfo& cert,
                                 const std::vector<std::string>& where) {
    const auto label = cert.subject.empty() ? cert.sha256.substr(0, 23) : cert.subject;
    std::vector<std::string> evidence;
    evidence.push_back("root certificate: " + cert.subject +
                       (cert.organization.empty() || cert.organization == cert.subject
                            ? ""
                            : " (organisation: " + cert.organization + ")") +
                       ", issued by: " + cert.issuer + ", valid " + cert.notBefore + " to " +
                       cert.notAfter);
    evidence.push_back("SHA-256 fingerprint: " + cert.sha256);
    evidence.insert(evidence.end(), where.begin(), where.end());
    return findingObservation(
        detector, "Added root certificate: " + label,
        {"Added root certificate: " + label, "Tilføjet rodcertifikat: " + label},
        {"tls_inspection", "web_history", "network_traffic"}, std::move(evidence),
        {"This computer trusts a root certificate that was added to it; it does not come with "
         "the operating system. Whoever holds the certificate's private key can issue "
         "certificates for any website, and programs here will accept them. That is what a "
         "proxy or security product needs to open encrypted (HTTPS) connections, read them and "
         "pass them on: then the addresses and content of the web pages you visit and other "
         "network traffic can be seen. The certificate alone does not prove that such "
         "inspection happens; organisations also add their own root certificates for internal "
         "websites. Ask your employer what this certificate is used for.",
         "Denne computer stoler på et rodcertifikat, som er blevet tilføjet; det følger ikke med "
         "styresystemet. Den, der har certifikatets private nøgle, kan udstede certifikater for "
         "ethvert websted, og programmerne her vil godtage dem. Det er netop, hvad en proxy "
         "eller et sikkerhedsprodukt skal bruge for at åbne krypterede (HTTPS) forbindelser, "
         "læse dem og sende dem videre: så kan adresserne på og indholdet af de websider, du "
         "besøger, og anden netværkstrafik ses. Certifikatet beviser ikke i sig selv, at det "
         "sker; virksomheder tilføjer også deres egne rodcertifikater til interne websteder. "
         "Spørg din arbejdsgiver, hvad certifikatet bruges til."});
}

std::vector<Observation> detectTlsInspection(const DetectorContext& ctx) {
    std::map<std::string, Found> found;
    std::error_code ec;

    // Debian and Ubuntu: update-ca-certificates takes every *.crt below this directory, following
    // links (find -L). Links are resolved below the root; each directory is listed once, and
    // depth and count are bounded, so a link loop cannot run away.
    const std::string local = "/usr/local/share/ca-certificates";
    std::size_t files = 0;
    std::set<std::pair<dev_t, ino_t>> seen;
    std::vector<std::pair<std::string, int>> dirs{{local, 0}};
    while (!dirs.empty() && files < kMaxFilesPerPlace) {
        const auto [dir, depth] = dirs.back();
        dirs.pop_back();
        struct stat dst {};
        if (::stat(underRoot(ctx.root, dir).c_str(), &dst) != 0 ||
            !seen.insert({dst.st_dev, dst.st_ino}).second) {
            continue;
        }
        std::vector<std::string> names;
        for (fs::directory_iterator it(underRoot(ctx.root, dir), ec), end;
             !ec && it != end && names.size() < kMaxFilesPerPlace; it.increment(ec)) {
            names.push_back(it->path().filename().string());
        }
        if (ec && ec != std::errc::no_such_file_or_directory) {
            ctx.report(underRoot(ctx.root, dir), "cannot be read completely: " + ec.message());
        }
        ec.clear();
        std::sort(names.begin(), names.end());
        for (const auto& name : names) {
            const auto path = dir + "/" + name;
            const auto target = resolve(ctx, path);
            struct stat st {};
            if (!target || ::stat(underRoot(ctx.root, *target).c_str(), &st) != 0) {
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                if (depth < 8) {
                    dirs.emplace_back(*target, depth + 1);
                }
            } else if (S_ISREG(st.st_mode) && fs::path(name).extension() == ".crt" &&
                       files++ < kMaxFilesPerPlace) {
                collect(ctx, path, *target, found);
            }
        }
    }

    // The OpenSSL certificate directory: the distribution's certificates are links into
    // /usr/share/ca-certificates (directly or through hash links); anything else was added here.
    for (const std::string dir : {"/etc/ssl/certs", "/etc/pki/ca-trust/source/anchors"}) {
        ec.clear();
        files = 0;
        // On RHEL /etc/ssl/certs is itself a link (to /etc/pki/tls/certs); resolve it below root.
        const auto realDir = resolve(ctx, dir);
        if (!realDir) {
            continue;
        }
        for (fs::directory_iterator it(underRoot(ctx.root, *realDir), ec), end;
             !ec && it != end && files < 4 * kMaxFilesPerPlace; it.increment(ec)) {
            ++files;
            const auto name = it->path().filename().string();
            if (dir == "/etc/ssl/certs" && name == "ca-certificates.crt") {
                continue; // the bundle of all of them, built by update-ca-certificates
            }
            const auto path = dir + "/" + name;
            // Fast path for the ~300 links of a Debian trust store: a link to another entry of
            // this directory (OpenSSL's hash links) is covered by that entry, and a direct link
            // into the distribution's certificates needs no further resolving.
            if (it->is_symlink(ec)) {
                char buffer[512];
                const auto full = underRoot(ctx.root, *realDir + "/" + name);
                const auto n = ::readlink(full.c_str(), buffer, sizeof buffer);
                const std::string_view link(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
                if (n > 0 && static_cast<std::size_t>(n) < sizeof buffer &&
                    (link.find('/') == std::string_view::npos ||
                     link.rfind("/usr/share/ca-certificates/", 0) == 0)) {
                    continue;
                }
            }
            ec.clear();
            const auto target = resolve(ctx, *realDir + "/" + name);
            if (!target || below(*target, "/usr/share/ca-certificates") ||
                below(*target, "/usr/share/pki/ca-trust-source") ||
                below(*target, "/etc/pki/ca-trust/extracted")) {
                continue;
            }
            struct stat st {};
            if (::stat(underRoot(ctx.root, *target).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
                continue;
            }
            collect(ctx, path, *target, found);
        }
        if (ec && ec != std::errc::no_such_file_or_directory) {
            ctx.report(underRoot(ctx.root, dir), "cannot be read completely: " + ec.message());
        }
    }

    std::vector<Observation> out;
    for (auto& [fingerprint, f] : found) {
        // OpenSSL's hash links ("5e6f7a8b.0 → x.pem") repeat what the named file already says.
        static const std::regex kHashLink(R"(file: /etc/ssl/certs/[0-9a-f]{8}\.r?[0-9]+ → .*)");
        std::vector<std::string> where;
        for (const auto& w : f.where) {
            if (!std::regex_match(w, kHashLink)) {
                where.push_back(w);
            }
        }
        out.push_back(addedRootObservation("tls", f.cert, where.empty() ? f.where : where));
    }
    return out;
}

} // namespace indblik::agent

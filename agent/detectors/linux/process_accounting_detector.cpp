#include "detectors/linux/process_accounting_detector.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sys/stat.h>

#include "detectors/linux/config_text.h"
#include "file_util.h"

namespace indblik::agent {

namespace {

// Without systemd, update-rc.d enables a service with start links such as /etc/rc2.d/S01acct.
std::optional<std::string> sysvStartLink(const DetectorContext& ctx) {
    for (const std::string dir : {"/etc/rc2.d", "/etc/rc3.d", "/etc/rc5.d"}) {
        std::error_code ec;
        std::filesystem::directory_iterator it(underRoot(ctx.root, dir), ec);
        for (std::size_t seen = 0; !ec && it != std::filesystem::directory_iterator() && seen < 512;
             it.increment(ec), ++seen) {
            const auto name = it->path().filename().string();
            if (name.size() > 3 && name[0] == 'S' &&
                std::isdigit(static_cast<unsigned char>(name[1])) &&
                std::isdigit(static_cast<unsigned char>(name[2])) &&
                (name.substr(3) == "acct" || name.substr(3) == "psacct")) {
                return dir + "/" + name;
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::vector<Observation> detectProcessAccounting(const DetectorContext& ctx) {
    std::vector<std::string> files;
    // Debian's acct, then RHEL's psacct.
    for (const std::string path : {"/var/log/account/pacct", "/var/account/pacct"}) {
        const auto real = underRoot(ctx.root, path);
        struct stat st {};
        if (::stat(real.c_str(), &st) != 0) {
            if (errno != ENOENT && errno != ENOTDIR) {
                ctx.report(real, std::string("cannot be read: ") + std::strerror(errno));
            }
            continue;
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0) {
            files.push_back(path + ": " + std::to_string(st.st_size) + " bytes");
        }
    }
    if (files.empty()) {
        return {};
    }
    std::optional<std::string> enabled;
    for (const auto unit : {"acct.service", "psacct.service"}) {
        if ((enabled = enabledUnit(ctx, unit))) {
            break;
        }
    }
    if (!enabled) {
        enabled = sysvStartLink(ctx);
    }
    if (!enabled) {
        return {};
    }
    files.push_back(*enabled + ": service enabled");
    return {findingObservation(
        "process-accounting", "process accounting (acct/psacct)",
        {"Process accounting records every program run", "Procesregnskab registrerer hvert "
                                                         "program, der køres"},
        {"commands", "login_activity"}, files,
        {"Process accounting is switched on: the system keeps a record of every program that "
         "ends, with the name of the program, the user who ran it, when and for how long. The "
         "same tools also keep a history of who logged in and when.",
         "Procesregnskab er slået til: systemet gemmer en post for hvert program, der afsluttes, "
         "med programmets navn, brugeren, der kørte det, hvornår og hvor længe. De samme "
         "værktøjer gemmer også en historik over, hvem der har logget ind og hvornår."})};
}

} // namespace indblik::agent

#include "detectors/linux/audit_detector.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "file_util.h"

namespace indblik::agent {

namespace {

std::vector<std::string> splitWords(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;) {
        words.push_back(w);
    }
    return words;
}

// "-S execve,open" or "-S execve -S open": the syscalls a rule names.
std::set<std::string> syscalls(const std::vector<std::string>& words) {
    std::set<std::string> out;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == "-S" || words[i] == "--syscall") {
            std::istringstream list(words[i + 1]);
            for (std::string s; std::getline(list, s, ',');) {
                out.insert(s);
            }
        }
    }
    return out;
}

bool hasField(const std::vector<std::string>& words, std::string_view prefix) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == "-F" && words[i + 1].rfind(prefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<AuditFinding> parseAuditRules(std::string_view text, std::string_view origin) {
    std::vector<AuditFinding> out;
    std::istringstream in{std::string(text)};
    int lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        const auto hash = line.find('#');
        if (hash != std::string::npos) {
            line.resize(hash);
        }
        const auto words = splitWords(line);
        if (words.empty()) {
            continue;
        }
        std::string rule;
        for (const auto& w : words) {
            rule += (rule.empty() ? "" : " ") + w;
        }
        const auto evidence = std::string(origin) + ":" + std::to_string(lineNo) + ": " + rule;
        if (words[0] == "-w" && words.size() >= 2) {
            out.push_back({"file_activity", evidence});
            continue;
        }
        if ((words[0] != "-a" && words[0] != "-A") || words.size() < 2) {
            continue;
        }
        if (words[1].find("never") != std::string::npos) {
            continue;
        }
        const auto calls = syscalls(words);
        if (calls.count("execve") || calls.count("execveat")) {
            out.push_back({"commands", evidence});
        } else if (hasField(words, "path=") || hasField(words, "dir=")) {
            out.push_back({"file_activity", evidence});
        } else if (std::any_of(calls.begin(), calls.end(), [](const std::string& s) {
                       return s == "open" || s == "openat" || s == "unlink" || s == "unlinkat" ||
                              s == "rename" || s == "renameat" || s == "creat" || s == "truncate" ||
                              s == "ftruncate";
                   })) {
            out.push_back({"file_activity", evidence});
        }
    }
    return out;
}

std::vector<Observation> detectAuditRules(const DetectorContext& ctx) {
    std::vector<std::string> files;
    const std::string main = "/etc/audit/audit.rules";
    if (std::filesystem::exists(underRoot(ctx.root, main))) {
        files.push_back(main);
    }
    if (auto dropIns = listFiles(underRoot(ctx.root, "/etc/audit/rules.d"), ".rules")) {
        for (const auto& f : dropIns.value()) {
            files.push_back("/etc/audit/rules.d/" + std::filesystem::path(f).filename().string());
        }
    }
    std::vector<AuditFinding> findings;
    for (const auto& f : files) {
        auto text = readFile(underRoot(ctx.root, f), 4 << 20);
        if (!text) {
            continue;
        }
        auto found = parseAuditRules(text.value(), f);
        findings.insert(findings.end(), found.begin(), found.end());
    }
    if (findings.empty()) {
        return {};
    }
    Observation o;
    o.detector = "audit";
    o.name = "Linux audit rules";
    o.title = LocalizedText{"Audit rules (Linux)", "Audit-regler (Linux)"};
    std::set<std::string> categories;
    for (auto& f : findings) {
        categories.insert(f.category);
        o.evidence.push_back(std::move(f.evidence));
    }
    o.categories.assign(categories.begin(), categories.end());
    o.why.en = "The Linux audit system is set up with rules on this computer. A rule that watches "
               "program starts (execve) records every command run, with its arguments; a rule "
               "that watches a file or folder records who opens or changes it.";
    o.why.da = "Linux' overvågningssystem (audit) er sat op med regler på denne computer. En "
               "regel, der holder øje med programstarter (execve), registrerer alle kommandoer, "
               "der bliver kørt, med deres argumenter; en regel, der holder øje med en fil eller "
               "mappe, registrerer, hvem der åbner eller ændrer den.";
    return {o};
}

} // namespace indblik::agent

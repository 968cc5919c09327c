#include "text_view.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "activity.h"
#include "json_reader.h"
#include "policy.h"

namespace indblik::agent {

namespace {

struct Texts {
    const char* title;
    const char* user;
    const char* noneFound;
    const char* found;
    const char* undeclaredCount;
    const char* allDeclared;
    const char* declared;
    const char* undeclared;
    const char* collects;
    const char* why;
    const char* evidence;
    const char* policy;
    const char* purpose;
    const char* legalBasis;
    const char* retention;
    const char* days;
    const char* whoSees;
    const char* individual;
    const char* aggregate;
    const char* contact;
    const char* notSynced;
    const char* synced;
    const char* syncError;
    const char* notEnrolled;
    const char* ledgerIntact;
    const char* entries;
    const char* ledgerBroken;
    const char* nothingKnown;
    const char* employerDeclares;
    const char* couldNotRead;
    const char* activity;
    const char* activeFrom;
    const char* to;
    const char* stillActive;
    const char* today;
    const char* yesterday;
    const char* on;
    const char* cpu;
    const char* connectedTo;
    const char* wrote;
    const char* newFiles;
    const char* auditGrew;
};

constexpr Texts kEnglish{
    "Indblik: monitoring on this computer",
    "Shown for user",
    "No monitoring was found on this computer.",
    "monitoring system(s) found on this computer.",
    "of them are NOT declared by your employer.",
    "Your employer has declared all of them.",
    "DECLARED",
    "NOT DECLARED",
    "Collects",
    "Why we think so",
    "Evidence",
    "Declared in policy",
    "Purpose",
    "Legal basis",
    "Kept for",
    "days",
    "Who can see it",
    "individual level",
    "only as totals",
    "Contact",
    "Not yet sent to the Indblik server: this view may be out of date.",
    "Last sent to the Indblik server",
    "Last attempt to reach the server failed",
    "This computer is not connected to an Indblik server.",
    "Your record on this computer is intact",
    "entries",
    "Your record on this computer has been changed! First broken entry",
    "(no data categories known)",
    "Monitoring your employer has declared",
    "Indblik could not check these places, so the list above may be incomplete",
    "Activity",
    "Active from",
    "to",
    "and still active",
    "today",
    "yesterday",
    "on",
    "of processor time",
    "connected to",
    "wrote %s (files and network together)",
    "new or changed file(s) in its storage folders",
    "the audit log grew by",
};

constexpr Texts kDanish{
    "Indblik: overvågning på denne computer",
    "Vist for brugeren",
    "Der blev ikke fundet nogen overvågning på denne computer.",
    "overvågningssystem(er) fundet på denne computer.",
    "af dem er IKKE oplyst af din arbejdsgiver.",
    "Din arbejdsgiver har oplyst dem alle.",
    "OPLYST",
    "IKKE OPLYST",
    "Indsamler",
    "Hvorfor vi mener det",
    "Spor",
    "Oplyst i politikken",
    "Formål",
    "Retsgrundlag",
    "Gemmes i",
    "dage",
    "Hvem kan se det",
    "for den enkelte",
    "kun som samlede tal",
    "Kontakt",
    "Endnu ikke sendt til Indblik-serveren: visningen kan være forældet.",
    "Senest sendt til Indblik-serveren",
    "Seneste forsøg på at nå serveren mislykkedes",
    "Denne computer er ikke forbundet til en Indblik-server.",
    "Dine oplysninger på denne computer er uændrede",
    "poster",
    "Dine oplysninger på denne computer er blevet ændret! Første ødelagte post",
    "(ingen kendte typer af data)",
    "Overvågning, som din arbejdsgiver har oplyst",
    "Indblik kunne ikke undersøge disse steder, så listen ovenfor er måske ikke komplet",
    "Aktivitet",
    "Aktiv fra",
    "til",
    "og stadig aktiv",
    "i dag",
    "i går",
    "den",
    "processortid",
    "havde forbindelse til",
    "skrev %s (filer og netværk tilsammen)",
    "nye eller ændrede fil(er) i dens lagermapper",
    "revisionsloggen voksede med",
};

std::string str(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    return o && o->has(key) && !o->isNull(key) ? o->getValue<std::string>(key) : std::string();
}

std::string localized(const Poco::JSON::Object::Ptr& o, const std::string& key, Language lang) {
    const auto inner = o ? o->getObject(key) : nullptr;
    return inner ? str(inner, std::string(languageCode(lang))) : std::string();
}

std::string bytes(std::uint64_t n, Language lang) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(n);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    if (unit == 0) {
        std::snprintf(text, sizeof text, "%llu %s", static_cast<unsigned long long>(n), units[0]);
    } else {
        std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    }
    std::string out = text;
    if (lang == Language::Danish) {
        std::replace(out.begin(), out.end(), '.', ',');
    }
    return out;
}

// "09:00 today", "23:10 yesterday", "14:00 on 2026-11-20", in local time.
std::string when(std::chrono::system_clock::time_point t, std::chrono::system_clock::time_point now,
                 const Texts& texts, bool withDay) {
    const auto local = [](std::chrono::system_clock::time_point p) {
        const std::time_t seconds = std::chrono::system_clock::to_time_t(p);
        std::tm tm{};
        ::localtime_r(&seconds, &tm);
        return tm;
    };
    const auto tm = local(t);
    const auto today = local(now);
    const auto yesterday = local(now - std::chrono::hours(24));
    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M", &tm);
    if (!withDay) {
        return clock;
    }
    const auto sameDay = [&](const std::tm& a) {
        return a.tm_year == tm.tm_year && a.tm_yday == tm.tm_yday;
    };
    if (sameDay(today)) {
        return std::string(clock) + " " + texts.today;
    }
    if (sameDay(yesterday)) {
        return std::string(clock) + " " + texts.yesterday;
    }
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    return std::string(clock) + " " + texts.on + " " + date;
}

// One plain line about what an observation's software did lately (docs/local-api.md).
std::string describeActivity(const Poco::JSON::Object::Ptr& a, Language lang, const Texts& t,
                             std::chrono::system_clock::time_point now) {
    const auto start = parseIsoTime(str(a, "start"));
    const auto end = parseIsoTime(str(a, "end"));
    if (!start || !end) {
        return {};
    }
    const auto day = [](std::chrono::system_clock::time_point p) {
        const std::time_t seconds = std::chrono::system_clock::to_time_t(p);
        std::tm tm{};
        ::localtime_r(&seconds, &tm);
        return tm.tm_year * 1000 + tm.tm_yday;
    };
    const bool oneDay = day(*start) == day(*end);
    std::string out = std::string(t.activeFrom) + " " + when(*start, now, t, !oneDay) + " " + t.to +
                      " " + when(*end, now, t, true);
    if (a->optValue<bool>("active", false)) {
        out += " " + std::string(t.stillActive);
    }
    const double cpu = a->optValue<double>("cpu_seconds", 0.0);
    if (cpu > 0) {
        char text[32];
        std::snprintf(text, sizeof text, cpu < 10 ? "%.1f s" : "%.0f s", cpu);
        std::string seconds = text;
        if (lang == Language::Danish) {
            std::replace(seconds.begin(), seconds.end(), '.', ',');
        }
        out += "; " + seconds + " " + t.cpu;
    }
    if (const auto remotes = a->getArray("remote_endpoints"); remotes && remotes->size() > 0) {
        out += std::string("; ") + t.connectedTo + " ";
        for (std::size_t i = 0; i < remotes->size(); ++i) {
            out += (i > 0 ? ", " : "") + remotes->getElement<std::string>(static_cast<unsigned>(i));
        }
    }
    if (const auto written = a->optValue<std::uint64_t>("bytes_written", 0); written > 0) {
        std::string text = t.wrote;
        text.replace(text.find("%s"), 2, bytes(written, lang));
        out += "; " + text;
    }
    if (const auto files = a->optValue<std::uint64_t>("spool_files", 0); files > 0) {
        out += "; " + std::to_string(files) + " " + t.newFiles + " (" +
               bytes(a->optValue<std::uint64_t>("spool_bytes", 0), lang) + ")";
    }
    if (const auto grew = a->optValue<std::uint64_t>("audit_log_bytes", 0); grew > 0) {
        out += std::string("; ") + t.auditGrew + " " + bytes(grew, lang);
    }
    return out + ".";
}

} // namespace

Result<std::string> renderOverview(const std::string& overviewJson, Language lang,
                                   std::chrono::system_clock::time_point now) {
    const Texts& t = lang == Language::Danish ? kDanish : kEnglish;
    Poco::JSON::Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(overviewJson).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        return Error{"the agent's answer is not valid JSON"};
    }
    if (!root->optValue<bool>("ok", false)) {
        return Error{"the agent refused: " + str(root, "error")};
    }
    std::map<std::string, Poco::JSON::Object::Ptr> policies;
    if (const auto list = root->getArray("policies")) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto p = list->getObject(static_cast<unsigned>(i));
            policies[str(p, "id")] = p;
        }
    }
    std::ostringstream out;
    out << t.title << "\n" << std::string(60, '=') << "\n";
    out << t.user << ": " << str(root->getObject("user"), "name") << "\n";
    const auto device = root->getObject("device");
    const auto sync = root->getObject("sync");
    if (!device || !device->optValue<bool>("enrolled", false)) {
        out << t.notEnrolled << "\n";
        // Unattended enrollment under way (docs/local-api.md, "device.enrollment").
        Poco::JSON::Object::Ptr enrollment;
        if (device) {
            enrollment = device->getObject("enrollment");
        }
        const std::string state = str(enrollment, "state");
        if (enrollment && !state.empty() && state != "not_configured") {
            const bool da = lang == Language::Danish;
            out << (da ? "Ikke forbundet: venter på tilmelding til "
                       : "Not connected: waiting for "
                         "enrollment with ")
                << (str(enrollment, "server").empty() ? (da ? "serveren" : "the server")
                                                      : str(enrollment, "server"))
                << ".\n";
            if (state == "refused") {
                out << (da ? "Serveren afviste tilmeldingsnøglen (brugt, udløbet eller ukendt). IT "
                             "skal give denne computer en ny."
                           : "The server refused the enrollment token (used, expired or unknown). "
                             "IT must give this computer a new one.")
                    << "\n";
            } else if (state == "wrong_ca") {
                out << (da ? "Serveren viste ikke det forventede CA-fingeraftryk, så computeren "
                             "tilmelder sig ikke (forkert server eller nogen ind imellem). Kontakt "
                             "IT."
                           : "The server did not show the expected CA fingerprint, so this "
                             "computer does not enroll (wrong server, or someone in between). "
                             "Contact IT.")
                    << "\n";
            } else if (state == "unreachable") {
                out << (da ? "Serveren svarer ikke endnu; agenten prøver igen af sig selv."
                           : "The server does not answer yet; the agent keeps trying by itself.")
                    << "\n";
            } else if (state == "incomplete") {
                out << (da ? "Tilmeldingsindstillingerne er ufuldstændige. Kontakt IT."
                           : "The enrollment settings are incomplete. Contact IT.")
                    << "\n";
            } else if (state == "failed") {
                out << (da ? "Tilmeldingen mislykkedes; agenten prøver igen. Kontakt IT, hvis det "
                             "bliver ved."
                           : "Enrollment failed; the agent tries again. Contact IT if it goes on.")
                    << "\n";
            }
            if (!str(enrollment, "next_attempt").empty()) {
                out << (da ? "Næste forsøg: " : "Next attempt: ") << str(enrollment, "next_attempt")
                    << "\n";
            }
            if (!str(enrollment, "error").empty()) {
                out << (da ? "Fejl (på engelsk): " : "Error: ") << str(enrollment, "error") << "\n";
            }
        }
    } else if (str(sync, "last_success").empty()) {
        out << t.notSynced << "\n";
    } else {
        out << t.synced << ": " << str(sync, "last_success") << " (" << str(device, "server")
            << ")\n";
    }
    if (!str(sync, "last_error").empty()) {
        out << t.syncError << ": " << str(sync, "last_error") << "\n";
    }
    // Syncing stopped because the server refuses this computer (docs/local-api.md).
    Poco::JSON::Object::Ptr stopped;
    if (sync) {
        stopped = sync->getObject("stopped");
    }
    if (stopped) {
        const bool da = lang == Language::Danish;
        const std::string reason = str(stopped, "reason");
        if (reason == "revoked") {
            out << (da ? "Denne computer sender ikke længere sine optegnelser til serveren: dens "
                         "certifikat er trukket tilbage af IT (spærret)."
                       : "This computer no longer sends its record to the server: its "
                         "certificate was withdrawn by IT (revoked).");
        } else {
            out << (da ? "Denne computer sender ikke længere sine optegnelser til serveren: "
                         "serveren afviser den (" +
                             reason + ")."
                       : "This computer no longer sends its record to the server: the server "
                         "refuses it (" +
                             reason + ").");
        }
        out << " "
            << (da ? "Det, der indsamles her, registreres stadig på denne computer. Kontakt IT. "
                     "(Siden "
                   : "What is collected here is still recorded on this computer. Contact IT. "
                     "(Since ")
            << str(stopped, "since") << ")\n";
    }
    // The ledger's disk quota (docs/local-api.md, "storage"): recording paused, and why.
    if (const auto storage = root->getObject("storage");
        storage && storage->optValue<bool>("paused", false)) {
        const bool da = lang == Language::Danish;
        if (str(storage, "cause") == "disk") {
            out << (da ? "Registreringen er sat på pause: computerens disk er fuld eller kan ikke "
                         "skrives til."
                       : "Recording is paused: this computer's disk is full or cannot be written "
                         "to.");
        } else {
            out << (da ? "Registreringen er sat på pause: lageret til Indblik er fuldt, fordi "
                         "serveren ikke har kunnet nås."
                       : "Recording is paused: the storage for Indblik is full because the "
                         "server has been out of reach.");
        }
        std::int64_t dropped = 0;
        if (const auto d = storage->getObject("dropped")) {
            dropped = d->optValue<std::int64_t>("count", 0);
        }
        out << " "
            << (da ? std::to_string(dropped) +
                         " hændelse(r) er talt, men ikke registreret; det bliver noteret, når der "
                         "er plads igen."
                   : std::to_string(dropped) +
                         " event(s) counted but not recorded; this will be noted once there is "
                         "room again.")
            << "\n";
    }
    const auto ledger = root->getObject("ledger");
    if (ledger && ledger->optValue<bool>("intact", false)) {
        out << t.ledgerIntact << " (" << ledger->optValue<int>("entries", 0) << " " << t.entries
            << ").\n";
    } else if (ledger) {
        out << t.ledgerBroken << ": " << ledger->optValue<int>("first_broken", 0) << "\n";
    }
    out << "\n";

    const auto observations = root->getArray("observations");
    const std::size_t count = observations ? observations->size() : 0;
    std::size_t undeclared = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (!observations->getObject(static_cast<unsigned>(i))->optValue<bool>("declared", false)) {
            ++undeclared;
        }
    }
    if (count == 0) {
        out << t.noneFound << "\n";
    } else {
        out << count << " " << t.found << " ";
        if (undeclared > 0) {
            out << undeclared << " " << t.undeclaredCount << "\n";
        } else {
            out << t.allDeclared << "\n";
        }
    }
    for (std::size_t i = 0; i < count; ++i) {
        const auto o = observations->getObject(static_cast<unsigned>(i));
        const bool declared = o->optValue<bool>("declared", false);
        const auto title = localized(o, "title", lang);
        out << "\n[" << (declared ? t.declared : t.undeclared) << "] "
            << (title.empty() ? str(o, "name") : title) << "\n";
        out << "  " << t.collects << ":\n";
        const auto categories = o->getArray("categories");
        if (!categories || categories->size() == 0) {
            out << "    " << t.nothingKnown << "\n";
        }
        for (std::size_t c = 0; categories && c < categories->size(); ++c) {
            const auto word = categories->getElement<std::string>(static_cast<unsigned>(c));
            if (const auto* category = findDataCategory(word)) {
                out << "    - " << category->name(lang) << ": " << category->explanation(lang)
                    << "\n";
            } else {
                out << "    - " << word << "\n";
            }
        }
        out << "  " << t.why << ": " << localized(o, "why", lang) << "\n";
        out << "  " << t.evidence << ":\n";
        const auto evidence = o->getArray("evidence");
        for (std::size_t e = 0; evidence && e < evidence->size(); ++e) {
            out << "    " << evidence->getElement<std::string>(static_cast<unsigned>(e)) << "\n";
        }
        if (const auto activity = o->getObject("activity")) {
            if (const auto line = describeActivity(activity, lang, t, now); !line.empty()) {
                out << "  " << t.activity << ": " << line << "\n";
            }
        }
        const auto policy = policies.find(str(o, "policy"));
        if (declared && policy != policies.end()) {
            const auto& p = policy->second;
            out << "  " << t.policy << " \"" << str(p, "id") << "\":\n";
            out << "    " << t.purpose << ": " << localized(p, "purposes", lang) << "\n";
            out << "    " << t.legalBasis << ": " << localized(p, "legal_basis", lang) << "\n";
            out << "    " << t.retention << ": " << p->optValue<int>("retention_days", 0) << " "
                << t.days << "\n";
            const auto access = p->getArray("access");
            for (std::size_t a = 0; access && a < access->size(); ++a) {
                const auto rule = access->getObject(static_cast<unsigned>(a));
                out << "    " << t.whoSees << ": " << localized(rule, "role", lang) << " ("
                    << (str(rule, "level") == "individual" ? t.individual : t.aggregate) << ")\n";
            }
            const auto contact = p->getObject("contact");
            out << "    " << t.contact << ": " << str(contact, "name") << " <"
                << str(contact, "email") << ">\n";
        }
    }
    const auto problems = root->getArray("could_not_read");
    if (problems && problems->size() > 0) {
        out << "\n" << t.couldNotRead << ":\n";
        for (std::size_t i = 0; i < problems->size(); ++i) {
            const auto p = problems->getObject(static_cast<unsigned>(i));
            out << "  - " << str(p, "path") << " (" << str(p, "problem") << ")\n";
        }
    }
    if (!policies.empty()) {
        out << "\n" << t.employerDeclares << ":\n";
        for (const auto& [id, p] : policies) {
            out << "  - " << str(p, "system") << " (" << id << ")\n";
        }
    }
    return out.str();
}

} // namespace indblik::agent

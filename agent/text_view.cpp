#include "text_view.h"

#include <map>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

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
};

std::string str(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    return o && o->has(key) && !o->isNull(key) ? o->getValue<std::string>(key) : std::string();
}

std::string localized(const Poco::JSON::Object::Ptr& o, const std::string& key, Language lang) {
    const auto inner = o ? o->getObject(key) : nullptr;
    return inner ? str(inner, std::string(languageCode(lang))) : std::string();
}

} // namespace

Result<std::string> renderOverview(const std::string& overviewJson, Language lang) {
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
    } else if (str(sync, "last_success").empty()) {
        out << t.notSynced << "\n";
    } else {
        out << t.synced << ": " << str(sync, "last_success") << " (" << str(device, "server")
            << ")\n";
    }
    if (!str(sync, "last_error").empty()) {
        out << t.syncError << ": " << str(sync, "last_error") << "\n";
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

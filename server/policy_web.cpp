#include "policy_web.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <sstream>

#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>

#include "html.h"
#include "json_reader.h"
#include "vocabulary.h"
#include "web_auth.h"

namespace indblik::server {

using html::escape;
using html::Lang;
using html::tr;

struct PolicyWeb::FormState {
    int status = 200;
    std::string headline; // what went wrong, in the page's language (plain text)
    std::string error;    // the lifecycle's or parser's own message (plain text, English)
    std::map<std::string, std::string> fields; // what was typed, to fill the form again
    bool hasFields = false;

    std::string field(const std::string& name) const {
        const auto it = fields.find(name);
        return it == fields.end() ? std::string() : it->second;
    }
};

namespace {

Poco::Logger& log() {
    return Poco::Logger::get("indblik.server.policies.web");
}

// Escaped text in the page's language.
std::string t(Lang l, const char* da, const char* en) {
    return escape(tr(l, da, en));
}

std::string lang(Lang l) {
    return html::languageQuery(l);
}

Language language(Lang l) {
    return l == Lang::Da ? Language::Danish : Language::English;
}

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string day(const std::string& iso) {
    return iso.substr(0, 10);
}

std::int64_t dayNumber(const std::string& iso) {
    try {
        return json::parseIsoDate(day(iso), "date");
    } catch (const json::ParseError&) {
        return 0;
    }
}

std::optional<std::int64_t> versionNumber(const std::string& text) {
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || v < 1) {
        return std::nullopt;
    }
    return v;
}

// The document as stored (dates and reason written in by the lifecycle once announced).
std::optional<Policy> parsed(const PolicyVersion& v) {
    auto p = parsePolicy(v.json, "policy " + v.policyId, {0});
    if (!p) {
        return std::nullopt;
    }
    return std::move(p).value();
}

std::string pretty(const std::string& json) {
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        std::ostringstream out;
        Poco::JSON::Stringifier::stringify(parser.parse(json), out, 2);
        return out.str();
    } catch (const Poco::Exception&) {
        return json;
    }
}

// ---- the parts of a page ----

std::string page(Lang l, const Request& request, bool dpo, const std::string& body) {
    const std::string path = escape(request.path);
    const char* listDa =
        dpo ? "Erklærede politikker" : "Politikker og samarbejdsudvalgets holdning";
    const char* listEn = dpo ? "Declared policies" : "Policies and the council's position";
    return "<p class=\"lang\"><a href=\"" + path + "?lang=da\"" +
           (l == Lang::Da ? " aria-current=\"true\"" : "") + ">Dansk</a> · <a href=\"" + path +
           "?lang=en\"" + (l == Lang::En ? " aria-current=\"true\"" : "") +
           ">English</a></p><nav class=\"crumbs\"><a href=\"/" + lang(l) + "\">" +
           t(l, "Forside", "Home") + "</a> › <a href=\"/" + (dpo ? "dpo" : "council") +
           "/policies" + lang(l) + "\">" + t(l, listDa, listEn) + "</a></nav>\n" + body;
}

Reply pageReply(int status, Lang l, const Request& request, bool dpo, const std::string& title,
                const std::string& body) {
    return html::pageReply(status, l, title, page(l, request, dpo, body));
}

Reply forbidden(Lang l, bool dpo) {
    const char* title = tr(l, "Ingen adgang", "Not allowed");
    return html::pageReply(
        403, l, title,
        "<h1>" + escape(title) + "</h1><p>" +
            (dpo ? t(l, "Kun databeskyttelsesrådgiveren (DPO) arbejder med politikkerne her.",
                     "Only the data protection officer (DPO) works on the policies here.")
                 : t(l, "Kun samarbejdsudvalgets medlemmer registrerer holdninger her.",
                     "Only members of the works council record positions here.")) +
            "</p><p><a href=\"/" + lang(l) + "\">" + t(l, "Til forsiden", "To the home page") +
            "</a></p>");
}

Reply formExpired(Lang l) {
    const char* title = tr(l, "Formularen er udløbet", "The form has expired");
    return html::pageReply(403, l, title,
                           "<h1>" + escape(title) + "</h1><p>" +
                               t(l,
                                 "Formularen var for gammel eller kom fra et andet websted. Gå "
                                 "tilbage, genindlæs siden og prøv igen. Intet er gemt.",
                                 "The form was too old or came from another site. Go back, "
                                 "reload the page and try again. Nothing was stored.") +
                               "</p>");
}

Reply notFound(Lang l, const Request& request, bool dpo, const std::string& message) {
    const char* title = tr(l, "Findes ikke", "Not found");
    return pageReply(404, l, request, dpo, title,
                     "<h1>" + escape(title) + "</h1><p class=\"error\" role=\"alert\">" +
                         escape(message) + "</p>");
}

Reply serverError(Lang l, const Request& request, bool dpo, const std::string& detail) {
    log().error(detail);
    const char* title = tr(l, "Fejl", "Error");
    return pageReply(500, l, request, dpo, title,
                     "<h1>" + escape(title) + "</h1><p>" +
                         t(l, "Politikkerne kunne ikke læses lige nu. Prøv igen om lidt.",
                           "The policies could not be read right now. Try again shortly.") +
                         "</p>");
}

bool validCsrf(const Request& request) {
    return request.caller && sameToken(csrfTokenOf(request), request.caller->csrfToken);
}

std::string csrfField(const Request& request) {
    return html::csrfField(request.caller->csrfToken);
}

std::string problem(const std::string& headline, const std::string& detail) {
    std::string out =
        "<div class=\"error\" role=\"alert\"><p><strong>" + escape(headline) + "</strong></p>";
    if (!detail.empty()) {
        out += "<p>" + escape(detail) + "</p>";
    }
    return out + "</div>\n";
}

std::string phaseLabel(Lang l, const PolicyVersion& v) {
    if (v.phase == "draft") {
        return tr(l, "Kladde (ikke offentliggjort)", "Draft (not published)");
    }
    if (v.phase == "announced") {
        return tr(l, "Varslet: gælder fra ", "Announced: applies from ") + day(v.effectiveAt);
    }
    if (v.phase == "in_effect") {
        return tr(l, "Gælder nu", "In effect");
    }
    if (v.phase == "superseded") {
        return tr(l, "Afløst af en nyere version", "Replaced by a newer version");
    }
    if (v.phase == "retired") {
        return tr(l, "Ophørt", "Retired");
    }
    return v.phase;
}

std::string phaseHtml(Lang l, const PolicyVersion& v) {
    return "<span class=\"phase phase-" + escape(v.phase) + "\">" + escape(phaseLabel(l, v)) +
           "</span>";
}

// Whether the employees got the notice period, from what was recorded at the announcement.
std::string noticeText(Lang l, const PolicyVersion& v) {
    if (v.announcedAt.empty() || v.effectiveAt.empty()) {
        return "–";
    }
    if (v.noticeDays == 0) {
        return tr(l, "Ikke registreret (offentliggjort før varsler blev registreret)",
                  "Not recorded (published before notice was recorded)");
    }
    const std::int64_t given =
        std::max<std::int64_t>(0, dayNumber(v.effectiveAt) - dayNumber(v.announcedAt));
    const std::string counts = std::to_string(given) +
                               (given == 1 ? tr(l, " dags varsel, ", " day's notice, ")
                                           : tr(l, " dages varsel, ", " days' notice, ")) +
                               std::to_string(v.noticeDays) + tr(l, " aftalt", " agreed");
    if (!v.shortNoticeReason.empty()) {
        return tr(l, "Nej, kortere varsel (", "No, short notice (") + counts +
               tr(l, "). Begrundelse: ", "). Reason: ") + v.shortNoticeReason;
    }
    if (given >= v.noticeDays) {
        return tr(l, "Ja (", "Yes (") + counts + ")";
    }
    return tr(l, "Ikke påkrævet: versionen udvider ikke den gældende (",
              "Not required: the version does not widen the one in effect (") +
           counts + ")";
}

std::string positionLabel(Lang l, const std::string& position) {
    if (position == "acknowledged") {
        return tr(l, "Taget til efterretning", "Acknowledged");
    }
    if (position == "objection") {
        return tr(l, "Indsigelse", "Objection");
    }
    return position;
}

struct Snapshot {
    std::vector<PolicyVersion> versions;
    std::vector<CouncilPosition> positions;
    std::map<std::string, std::string> names; // account id -> name
};

std::string nameOf(const Snapshot& s, const std::string& accountId) {
    const auto it = s.names.find(accountId);
    return it == s.names.end() ? accountId : it->second;
}

std::vector<const CouncilPosition*> positionsOf(const Snapshot& s, const PolicyVersion& v) {
    std::vector<const CouncilPosition*> out;
    for (const auto& p : s.positions) {
        if (p.policyId == v.policyId && p.version == v.version) {
            out.push_back(&p);
        }
    }
    return out;
}

std::string positionsHtml(Lang l, const Snapshot& s, const PolicyVersion& v) {
    const auto list = positionsOf(s, v);
    if (list.empty()) {
        return "<span class=\"hint\">" + t(l, "Ingen endnu", "None yet") + "</span>";
    }
    std::string out = "<ul class=\"positions\">";
    for (const auto* p : list) {
        out += "<li><strong class=\"position-" + escape(p->position) + "\">" +
               escape(positionLabel(l, p->position)) + "</strong> – " +
               escape(nameOf(s, p->accountId)) + ", " + escape(day(p->recordedAt));
        if (!p->note.empty()) {
            out += "<br><q>" + escape(p->note) + "</q>";
        }
        out += "</li>";
    }
    return out + "</ul>";
}

std::string accessLevelText(Lang l, AccessLevel level) {
    return level == AccessLevel::Individual ? tr(l, "kan se data om den enkelte medarbejder",
                                                 "may see data about individual employees")
                                            : tr(l, "ser kun samlede tal, aldrig den enkelte",
                                                 "sees only totals, never an individual");
}

// The document in words: what a person reading it needs, in the page's language.
std::string policyDetails(Lang l, const Policy& p) {
    const Language lg = language(l);
    std::string out = "<dl class=\"policy\">";
    const auto item = [&out](const std::string& term, const std::string& valueHtml) {
        out += "<dt>" + escape(term) + "</dt><dd>" + valueHtml + "</dd>";
    };
    item(tr(l, "System", "System"), escape(p.system) + " <code>" + escape(p.id) + "</code>");
    item(tr(l, "Formål", "Purpose"), escape(p.purposes.in(lg)));
    item(tr(l, "Retsgrundlag", "Legal basis"), escape(p.legalBasis.in(lg)));
    std::string categories = "<ul>";
    for (const auto& word : p.categories) {
        const auto* c = findDataCategory(word);
        categories += "<li>" +
                      (c ? "<strong>" + escape(c->name(lg)) + "</strong> (<code>" + escape(word) +
                               "</code>): " + escape(c->explanation(lg))
                         : "<code>" + escape(word) + "</code>") +
                      "</li>";
    }
    item(tr(l, "Data der indsamles", "Data collected"), categories + "</ul>");
    item(tr(l, "Opbevaring", "Retention"),
         escape(std::to_string(p.retentionDays) + tr(l, " dage", " days")));
    std::string access = "<ul>";
    for (const auto& a : p.access) {
        access += "<li><strong>" + escape(a.role.in(lg)) +
                  "</strong>: " + escape(accessLevelText(l, a.level)) + "</li>";
    }
    item(tr(l, "Hvem ser hvad", "Who sees what"), access + "</ul>");
    item(tr(l, "Aftale med samarbejdsudvalget", "Works-council agreement"),
         p.agreementName ? escape(*p.agreementName +
                                  (p.agreementDate ? " (" + *p.agreementDate + ")" : std::string()))
                         : t(l, "Ingen angivet", "None stated"));
    std::string covers;
    if (!p.coversCatalog.empty()) {
        covers += "<p>" + t(l, "Produkter fra kataloget:", "Catalog products:") + " ";
        for (std::size_t i = 0; i < p.coversCatalog.size(); ++i) {
            covers += (i == 0 ? "" : ", ") + ("<code>" + escape(p.coversCatalog[i]) + "</code>");
        }
        covers += "</p>";
    }
    if (!p.coversRules.empty()) {
        covers += "<p>" + t(l, "Regler:", "Rules:") + "</p><ul>";
        for (const auto& r : p.coversRules) {
            covers += "<li><code>" + escape(r.detector) + "</code> " +
                      t(l, "med spor der indeholder", "with evidence containing") + " <q>" +
                      escape(r.evidenceContains) + "</q></li>";
        }
        covers += "</ul>";
    }
    item(tr(l, "Dækker", "Covers"), covers);
    item(tr(l, "Kontakt", "Contact"), escape(p.contactName + " <" + p.contactEmail + ">"));
    if (p.shortNoticeReason) {
        item(tr(l, "Begrundelse for kortere varsel (som medarbejderne ser den)",
                "Short-notice reason (as employees see it)"),
             escape(p.shortNoticeReason->in(lg)));
    }
    return out + "</dl>\n";
}

std::string versionFacts(Lang l, const PolicyVersion& v, bool dpo) {
    std::string out = "<table class=\"facts\"><tbody>";
    const auto row = [&out](const std::string& label, const std::string& valueHtml) {
        out += "<tr><th scope=\"row\">" + escape(label) + "</th><td>" + valueHtml + "</td></tr>";
    };
    row(tr(l, "Fase", "Phase"), phaseHtml(l, v));
    if (dpo) {
        row(tr(l, "Skrevet", "Written"), escape(day(v.createdAt) + ", " + v.createdBy));
    }
    if (!v.announcedAt.empty()) {
        row(tr(l, "Varslet", "Announced"), escape(day(v.announcedAt)));
        row(tr(l, "Gælder fra", "Applies from"), escape(day(v.effectiveAt)));
        row(tr(l, "Varslingsperioden overholdt", "Notice period met"), escape(noticeText(l, v)));
    }
    if (!v.retiredAt.empty()) {
        row(tr(l, "Ophørt", "Retired"), escape(day(v.retiredAt)));
    }
    return out + "</tbody></table>\n";
}

// How this version differs from the one before it, by wideningOf.
std::string wideningHtml(Lang l, const Snapshot& s, const PolicyVersion& v, bool dpo) {
    const PolicyVersion* previous = nullptr;
    for (const auto& other : s.versions) {
        if (other.policyId == v.policyId && other.version < v.version &&
            (dpo || other.phase != "draft")) {
            previous = &other;
        }
    }
    if (previous == nullptr) {
        return "<p>" + t(l, "Første version af politikken.", "The first version of this policy.") +
               "</p>\n";
    }
    const auto before = parsed(*previous);
    const auto now = parsed(v);
    if (!before || !now) {
        return {};
    }
    const auto ways = wideningOf(*before, *now);
    const std::string compared = tr(l, "Sammenlignet med version ", "Compared with version ") +
                                 std::to_string(previous->version) + " (" +
                                 phaseLabel(l, *previous) + ")";
    if (ways.empty()) {
        return "<p>" + escape(compared) + ": " +
               t(l,
                 "udvider ikke: ingen nye data, formål, adgange, produkter eller længere "
                 "opbevaring.",
                 "does not widen it: no new data, purposes, access, products or longer "
                 "retention.") +
               "</p>\n";
    }
    std::string out = "<p>" + escape(compared) + ": " +
                      t(l, "udvider den sådan (på engelsk):", "widens it like this:") + "</p><ul>";
    for (const auto& w : ways) {
        out += "<li lang=\"en\">" + escape(w) + "</li>";
    }
    return out + "</ul>\n";
}

std::optional<std::string> systemName(const Snapshot& s, const std::string& policyId) {
    for (auto it = s.versions.rbegin(); it != s.versions.rend(); ++it) {
        if (it->policyId == policyId) {
            if (auto p = parsed(*it)) {
                return p->system;
            }
        }
    }
    return std::nullopt;
}

// The versions grouped by policy, in the order read (policy id, then version).
std::vector<std::vector<const PolicyVersion*>> byPolicy(const Snapshot& s, bool withDrafts) {
    std::vector<std::vector<const PolicyVersion*>> out;
    for (const auto& v : s.versions) {
        if (!withDrafts && v.phase == "draft") {
            continue;
        }
        if (out.empty() || out.back().front()->policyId != v.policyId) {
            out.emplace_back();
        }
        out.back().push_back(&v);
    }
    return out;
}

} // namespace

// ---- loading ----

namespace {

std::optional<Snapshot> load(PolicyLifecycle& lifecycle, AccountStore& accounts,
                             const std::string& policyId, std::string& error) {
    Snapshot s;
    auto versions = lifecycle.versions(policyId);
    auto positions = lifecycle.positions(policyId);
    if (!versions || !positions) {
        error = !versions ? versions.error() : positions.error();
        return std::nullopt;
    }
    s.versions = std::move(versions).value();
    s.positions = std::move(positions).value();
    if (!s.positions.empty()) {
        auto all = accounts.list();
        if (!all) {
            error = all.error();
            return std::nullopt;
        }
        for (const auto& a : all.value()) {
            s.names[a.id] = a.displayName.empty() ? a.login : a.displayName;
        }
    }
    return s;
}

bool isRole(const Request& r, Role role) {
    return r.caller && r.caller->role == role;
}

std::string versionPath(bool dpo, const std::string& policyId, std::int64_t version) {
    return std::string(dpo ? "/dpo" : "/council") + "/policies/" + policyId + "/" +
           std::to_string(version);
}

// The list of one role: every policy's versions in a table.
std::string policyTables(Lang l, const Snapshot& s, bool dpo) {
    std::string out;
    for (const auto& versions : byPolicy(s, dpo)) {
        const std::string& id = versions.front()->policyId;
        const auto name = systemName(s, id);
        out += "<section class=\"policy\"><h2>" + escape(name.value_or(id)) + " <code>" +
               escape(id) + "</code></h2>\n<table><thead><tr><th>" + t(l, "Version", "Version") +
               "</th><th>" + t(l, "Fase", "Phase") + "</th><th>" + t(l, "Varslet", "Announced") +
               "</th><th>" + t(l, "Gælder fra", "Applies from") + "</th><th>" +
               t(l, "Varsel overholdt", "Notice met") + "</th><th>" +
               t(l, "Samarbejdsudvalget", "Works council") + "</th></tr></thead><tbody>\n";
        for (const auto* v : versions) {
            out += "<tr><td><a href=\"" + escape(versionPath(dpo, id, v->version)) + lang(l) +
                   "\">" + t(l, "Version ", "Version ") + std::to_string(v->version) +
                   "</a></td><td>" + phaseHtml(l, *v) + "</td><td>" +
                   escape(v->announcedAt.empty() ? "–" : day(v->announcedAt)) + "</td><td>" +
                   escape(v->effectiveAt.empty() ? "–" : day(v->effectiveAt)) + "</td><td>" +
                   escape(noticeText(l, *v)) + "</td><td>" +
                   (v->phase == "draft" ? "–" : positionsHtml(l, s, *v)) + "</td></tr>\n";
        }
        out += "</tbody></table>\n";
        if (dpo) {
            const auto* newest = versions.back();
            std::string actions;
            if (newest->phase == "draft") {
                actions += "<li><a href=\"" + escape(versionPath(true, id, newest->version)) +
                           lang(l) + "#announce\">" +
                           t(l, "Varsl kladden (version ", "Announce the draft (version ") +
                           std::to_string(newest->version) + ")</a></li>";
            }
            if (newest->phase != "retired") {
                actions += "<li><a href=\"/dpo/policies/" + escape(id) + "/retire" + lang(l) +
                           "\">" + t(l, "Lad politikken ophøre", "Retire this policy") +
                           "</a></li>";
            }
            if (!actions.empty()) {
                out += "<ul class=\"actions\">" + actions + "</ul>\n";
            }
        }
        out += "</section>\n";
    }
    return out;
}

} // namespace

// ---- DPO ----

Reply PolicyWeb::dpoList(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Dpo)) {
        return forbidden(l, true);
    }
    std::string error;
    const auto s = load(m_lifecycle, m_accounts, {}, error);
    if (!s) {
        return serverError(l, request, true, error);
    }
    const auto notice = noticeDaysSetting(m_db);
    const std::string days = notice ? std::to_string(notice.value()) : "?";
    const char* title = tr(l, "Erklærede politikker", "Declared policies");
    std::string body =
        "<h1>" + escape(title) + "</h1>\n<p>" +
        t(l,
          "En politik fortæller medarbejderne, hvilken overvågning der finder sted, hvorfor, og "
          "hvem der ser hvad. Du skriver en version som kladde, varsler den med den dato, den "
          "gælder fra, og lader politikken ophøre, når overvågningen slutter.",
          "A policy tells employees which monitoring takes place, why, and who sees what. You "
          "write a version as a draft, announce it with the date it applies from, and retire the "
          "policy when the monitoring ends.") +
        "</p>\n<p>" +
        escape(tr(l, "En ny politik, eller en version der udvider den gældende, skal varsles ",
                  "A new policy, or a version that widens the one in effect, must be announced ") +
               days +
               tr(l,
                  " dage før den gælder, medmindre du skriver en begrundelse for kortere varsel. "
                  "Medarbejderne ser begrundelsen.",
                  " days before it applies, unless you give a reason for shorter notice. "
                  "Employees see the reason.")) +
        "</p>\n<p><a class=\"button\" href=\"/dpo/policies/new" + lang(l) + "\">" +
        t(l, "Skriv en ny kladde", "Write a new draft") + "</a></p>\n";
    const std::string tables = policyTables(l, *s, true);
    body +=
        tables.empty()
            ? "<p>" + t(l, "Der er ingen politikker endnu.", "There are no policies yet.") + "</p>"
            : tables;
    return pageReply(200, l, request, true, title, body);
}

Reply PolicyWeb::draftFormPage(const Request& request, const FormState& form) {
    const Lang l = html::language(request);
    const char* title = tr(l, "Ny kladde", "New draft");
    std::string body = "<h1>" + escape(title) + "</h1>\n";
    if (!form.headline.empty()) {
        body += problem(form.headline, form.error);
    }
    body +=
        "<p>" +
        t(l,
          "Indsæt politikken som JSON-dokument (formatet indblik.policy/1). Kladden gemmes som "
          "næste version af politikken med dokumentets id; har politikken allerede en kladde, "
          "der ikke er varslet, erstatter denne den. Ingen ser en kladde, før du varsler den.",
          "Paste the policy as a JSON document (format indblik.policy/1). The draft is stored as "
          "the next version of the policy with the document's id; when the policy already has a "
          "draft that is not announced, this one replaces it. Nobody sees a draft until you "
          "announce it.") +
        "</p>\n<form method=\"post\" action=\"/dpo/policies/new" + lang(l) +
        "\" class=\"stack wide\">" + csrfField(request) + "<label for=\"document\">" +
        t(l, "Politikken (JSON)", "The policy (JSON)") +
        "</label><textarea id=\"document\" name=\"document\" rows=\"24\" spellcheck=\"false\" "
        "required maxlength=\"" +
        std::to_string(kMaxPolicyDocumentBytes) +
        "\" aria-describedby=\"document-hint\" class=\"code\">" + escape(form.field("document")) +
        "</textarea><p class=\"hint\" id=\"document-hint\">" +
        t(l,
          "Dokumentets datoer \"announced\" og \"effective\" skal opfylde formatet, men "
          "erstattes af de rigtige, når du varsler versionen.",
          "The document's \"announced\" and \"effective\" dates must satisfy the format, but are "
          "replaced by the real ones when you announce the version.") +
        "</p><button type=\"submit\">" + t(l, "Gem kladden", "Save the draft") +
        "</button></form>\n";
    return pageReply(form.status, l, request, true, title, body);
}

Reply PolicyWeb::dpoDraftForm(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Dpo)) {
        return forbidden(l, true);
    }
    FormState form;
    // "Start from version N": the form filled with that version's document.
    if (const auto from = request.param("from"); !from.empty()) {
        const auto version = versionNumber(request.param("version"));
        auto versions = m_lifecycle.versions(from);
        if (!versions) {
            return serverError(l, request, true, versions.error());
        }
        for (const auto& v : versions.value()) {
            if (version && v.version == *version) {
                form.fields["document"] = pretty(v.json);
            }
        }
        if (form.fields.empty()) {
            return notFound(l, request, true,
                            tr(l, "Den version findes ikke: ", "No such version: ") +
                                from.substr(0, 64) + " " + request.param("version").substr(0, 20));
        }
    }
    return draftFormPage(request, form);
}

Reply PolicyWeb::dpoDraft(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Dpo)) {
        return forbidden(l, true);
    }
    if (!validCsrf(request)) {
        return formExpired(l);
    }
    const auto fields = parseForm(request.body);
    FormState form;
    const auto it = fields.find("document");
    form.fields["document"] = it == fields.end() ? std::string() : it->second;
    if (blank(form.fields["document"])) {
        form.status = 400;
        form.headline = tr(l, "Kladden blev ikke gemt: feltet er tomt. Indsæt politikkens JSON.",
                           "The draft was not saved: the field is empty. Paste the policy's JSON.");
        return draftFormPage(request, form);
    }
    const auto o = m_lifecycle.draft(form.fields["document"], "draft", request.caller->name);
    if (!o.ok()) {
        form.status = o.status;
        form.headline =
            o.status >= 500
                ? tr(l, "Kladden kunne ikke gemmes. Prøv igen om lidt.",
                     "The draft could not be saved. Try again shortly.")
                : tr(l,
                     "Kladden blev ikke gemt. Dokumentet har en fejl. Først står, hvor den er: "
                     "$ er hele dokumentet, $.retention_days et felt i det, $.access[0] den "
                     "første i listen access; ved forkert JSON står linje og kolonne til sidst.",
                     "The draft was not saved. The document has an error. Where it is comes "
                     "first: $ is the whole document, $.retention_days a field in it, $.access[0] "
                     "the first in the list access; for broken JSON the line and column come "
                     "last.");
        form.error = o.status >= 500 ? std::string() : o.error;
        if (o.status >= 500) {
            log().error(o.error);
        }
        return draftFormPage(request, form);
    }
    return html::seeOther(versionPath(true, o.value.policyId, o.value.version) + lang(l));
}

Reply PolicyWeb::dpoVersionPage(const Request& request, const std::string& policyId,
                                std::int64_t version, const FormState& form) {
    const Lang l = html::language(request);
    std::string error;
    const auto s = load(m_lifecycle, m_accounts, policyId, error);
    if (!s) {
        return serverError(l, request, true, error);
    }
    const auto it = std::find_if(s->versions.begin(), s->versions.end(),
                                 [&](const PolicyVersion& v) { return v.version == version; });
    if (policyId.empty() || it == s->versions.end()) {
        return notFound(l, request, true,
                        tr(l, "Der er ingen version ", "There is no version ") +
                            std::to_string(version) + tr(l, " af politikken ", " of policy ") +
                            policyId.substr(0, 64));
    }
    const PolicyVersion& v = *it;
    const auto policy = parsed(v);
    const std::string name = policy ? policy->system : v.policyId;
    const std::string title =
        name + " – " + tr(l, "version ", "version ") + std::to_string(v.version);
    std::string body = "<h1>" + escape(title) + "</h1>\n";
    if (!form.headline.empty()) {
        body += problem(form.headline, form.error);
    }
    body += versionFacts(l, v, true);
    body += "<h2>" + t(l, "Ændringer", "Changes") + "</h2>\n" + wideningHtml(l, *s, v, true);
    if (v.phase != "draft") {
        body += "<h2>" + t(l, "Samarbejdsudvalgets holdning", "The works council's position") +
                "</h2>\n" + positionsHtml(l, *s, v) + "\n";
    }

    const bool newestDraft = v.state == "draft" && &v == &s->versions.back();
    if (newestDraft) {
        const auto notice = m_lifecycle.noticeFor(v.policyId);
        if (!notice.ok()) {
            return serverError(l, request, true, notice.error);
        }
        const NoticeDue& n = notice.value;
        body += "<h2 id=\"announce\">" + t(l, "Varsl denne version", "Announce this version") +
                "</h2>\n";
        if (n.reasons.empty()) {
            body += "<p>" +
                    t(l,
                      "Versionen udvider ikke den gældende, så der gælder ingen "
                      "varslingsperiode: den kan gælde fra i dag.",
                      "This version does not widen the one in effect, so no notice period "
                      "applies: it may apply from today.") +
                    "</p>\n";
        } else {
            body += "<p>" +
                    escape(tr(l, "Medarbejderne skal have ", "Employees must get ") +
                           std::to_string(n.noticeDays) +
                           tr(l, " dages varsel, fordi (på engelsk):", " days' notice, because:")) +
                    "</p><ul>";
            for (const auto& r : n.reasons) {
                body += "<li lang=\"en\">" + escape(r) + "</li>";
            }
            body +=
                "</ul><p><strong>" +
                escape(
                    tr(l, "Tidligste dato uden begrundelse: ", "Earliest date without a reason: ") +
                    n.earliest) +
                "</strong></p>\n";
        }
        const std::string effective =
            form.hasFields ? form.field("effective") : std::string(n.earliest);
        body +=
            "<form method=\"post\" action=\"/dpo/policies/" + escape(v.policyId) + "/announce" +
            lang(l) + "\" class=\"stack\">" + csrfField(request) + "<label for=\"effective\">" +
            t(l, "Gælder fra (dato)", "Applies from (date)") +
            "</label><input id=\"effective\" name=\"effective\" type=\"date\" required min=\"" +
            escape(n.today) + "\" value=\"" + escape(effective) +
            "\" aria-describedby=\"effective-hint\"><p class=\"hint\" id=\"effective-hint\">" +
            t(l, "Fra kl. 00:00 UTC den dag. I dag eller senere (ÅÅÅÅ-MM-DD).",
              "From 00:00 UTC that day. Today or later (YYYY-MM-DD).") +
            "</p><label for=\"reason\">" +
            t(l, "Begrundelse for kortere varsel", "Reason for shorter notice") +
            "</label><textarea id=\"reason\" name=\"reason\" rows=\"3\" maxlength=\"" +
            std::to_string(kMaxShortNoticeReason) + "\" aria-describedby=\"reason-hint\">" +
            escape(form.field("reason")) + "</textarea><p class=\"hint\" id=\"reason-hint\">" +
            (n.reasons.empty()
                 ? t(l, "Ikke nødvendig. Skriver du en, ser medarbejderne den.",
                     "Not needed. If you write one, employees will see it.")
                 : escape(tr(l, "Skal udfyldes, hvis datoen er før ",
                             "Required when the date is before ") +
                          n.earliest +
                          tr(l, ". Medarbejderne ser begrundelsen i Indblik, så skriv den til dem.",
                             ". Employees will see the reason in Indblik, so write it for "
                             "them."))) +
            "</p><button type=\"submit\">" +
            escape(tr(l, "Varsl version ", "Announce version ") + std::to_string(v.version)) +
            "</button></form>\n";
        body += "<p><a href=\"/dpo/policies/new" + lang(l) + "&amp;from=" + escape(v.policyId) +
                "&amp;version=" + std::to_string(v.version) + "\">" +
                t(l, "Ret kladden", "Edit the draft") + "</a></p>\n";
    } else {
        body += "<p><a href=\"/dpo/policies/new" + lang(l) + "&amp;from=" + escape(v.policyId) +
                "&amp;version=" + std::to_string(v.version) + "\">" +
                t(l, "Skriv en ny kladde ud fra denne version",
                  "Write a new draft based on this version") +
                "</a></p>\n";
    }
    body += "<h2>" + t(l, "Politikken", "The policy") + "</h2>\n";
    body += policy ? policyDetails(l, *policy)
                   : "<p>" + t(l, "Dokumentet kan ikke læses.", "The document cannot be read.") +
                         "</p>";
    body += "<h2>" + t(l, "Dokumentet (JSON)", "The document (JSON)") + "</h2>\n<pre>" +
            escape(pretty(v.json)) + "</pre>\n";
    if (s->versions.back().phase != "retired") {
        body += "<p><a href=\"/dpo/policies/" + escape(v.policyId) + "/retire" + lang(l) + "\">" +
                t(l, "Lad politikken ophøre", "Retire this policy") + "</a></p>\n";
    }
    return pageReply(form.status, l, request, true, title, body);
}

Reply PolicyWeb::dpoVersion(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Dpo)) {
        return forbidden(l, true);
    }
    const auto version = versionNumber(request.param("version"));
    if (!version) {
        return notFound(l, request, true,
                        tr(l, "Versionen skal være et positivt tal.",
                           "The version must be a positive number."));
    }
    return dpoVersionPage(request, request.param("id"), *version, {});
}

Reply PolicyWeb::dpoAnnounce(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Dpo)) {
        return forbidden(l, true);
    }
    if (!validCsrf(request)) {
        return formExpired(l);
    }
    const std::string id = request.param("id");
    const auto notice = m_lifecycle.noticeFor(id);
    if (!notice.ok()) {
        if (notice.status == 404) {
            return notFound(l, request, true,
                            tr(l, "Politikken har ingen kladde at varsle: ",
                               "The policy has no draft to announce: ") +
                                id.substr(0, 64));
        }
        return serverError(l, request, true, notice.error);
    }
    FormState form;
    form.fields = parseForm(request.body);
    form.hasFields = true;
    const std::string reason = form.field("reason");
    const auto o = m_lifecycle.announce(id, form.field("effective"),
                                        blank(reason) ? std::nullopt : std::optional(reason),
                                        request.caller->name);
    if (o.ok()) {
        return html::seeOther(versionPath(true, id, o.value.version) + lang(l));
    }
    form.status = o.status;
    form.error = o.status >= 500 ? std::string() : o.error;
    if (o.status >= 500) {
        log().error(o.error);
        form.headline = tr(l, "Versionen kunne ikke varsles. Prøv igen om lidt.",
                           "The version could not be announced. Try again shortly.");
    } else if (o.status == 409) {
        form.headline =
            tr(l, "Ikke varslet: datoen er før varslingsperioden slutter (",
               "Not announced: the date is before the notice period ends (") +
            notice.value.earliest +
            tr(l,
               "). Vælg den dato eller senere, eller skriv en begrundelse for kortere varsel; "
               "medarbejderne ser begrundelsen.",
               "). Choose that date or later, or give a reason for shorter notice; employees "
               "will see the reason.");
    } else {
        form.headline = tr(l, "Ikke varslet: oplysningerne blev ikke godtaget.",
                           "Not announced: the details were not accepted.");
    }
    return dpoVersionPage(request, id, notice.value.draftVersion, form);
}

Reply PolicyWeb::dpoRetireForm(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Dpo)) {
        return forbidden(l, true);
    }
    const std::string id = request.param("id");
    std::string error;
    const auto s = load(m_lifecycle, m_accounts, id, error);
    if (!s) {
        return serverError(l, request, true, error);
    }
    if (id.empty() || s->versions.empty()) {
        return notFound(l, request, true,
                        tr(l, "Der er ingen politik ", "There is no policy ") + id.substr(0, 64));
    }
    const std::string name = systemName(*s, id).value_or(id);
    const std::string title = tr(l, "Lad politikken ophøre: ", "Retire the policy: ") + name;
    std::string body = "<h1>" + escape(title) + "</h1>\n";
    if (s->versions.back().phase == "retired") {
        body += "<p>" +
                escape(tr(l, "Politikken er allerede ophørt (", "The policy is already retired (") +
                       day(s->versions.back().retiredAt) + ").") +
                "</p>";
        return pageReply(409, l, request, true, title, body);
    }
    body += "<p>" +
            t(l,
              "Alle versioner af politikken ophører, også en varslet version og en kladde. "
              "Agenterne fjerner politikken ved næste synkronisering. Det kan ikke fortrydes: "
              "skal overvågningen fortsætte, skal en ny version varsles igen.",
              "Every version of the policy is retired, also an announced version and a draft. "
              "Agents drop the policy at their next sync. This cannot be undone: if the "
              "monitoring continues, a new version has to be announced again.") +
            "</p>\n<form method=\"post\" action=\"/dpo/policies/" + escape(id) + "/retire" +
            lang(l) + "\">" + csrfField(request) + "<button type=\"submit\" class=\"danger\">" +
            escape(tr(l, "Ja, lad ", "Yes, retire ") + name + tr(l, " ophøre nu", " now")) +
            "</button> <a href=\"/dpo/policies" + lang(l) + "\">" +
            t(l, "Nej, tilbage", "No, go back") + "</a></form>\n";
    return pageReply(200, l, request, true, title, body);
}

Reply PolicyWeb::dpoRetire(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Dpo)) {
        return forbidden(l, true);
    }
    if (!validCsrf(request)) {
        return formExpired(l);
    }
    const std::string id = request.param("id");
    const auto o = m_lifecycle.retire(id, request.caller->name);
    if (o.ok()) {
        return html::seeOther("/dpo/policies" + lang(l));
    }
    if (o.status >= 500) {
        return serverError(l, request, true, o.error);
    }
    const char* title = tr(l, "Ikke udført", "Not done");
    return pageReply(
        o.status, l, request, true, title,
        "<h1>" + escape(title) + "</h1>" +
            problem(tr(l, "Politikken blev ikke gjort ophørt.", "The policy was not retired."),
                    o.error));
}

// ---- works council ----

Reply PolicyWeb::councilList(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Council)) {
        return forbidden(l, false);
    }
    std::string error;
    const auto s = load(m_lifecycle, m_accounts, {}, error);
    if (!s) {
        return serverError(l, request, false, error);
    }
    const char* title =
        tr(l, "Politikker og samarbejdsudvalgets holdning", "Policies and the council's position");
    std::string body =
        "<h1>" + escape(title) + "</h1>\n<p>" +
        t(l,
          "Her er de politikker, arbejdsgiveren har varslet: hvornår de blev varslet, hvornår de "
          "gælder fra, om medarbejderne fik den aftalte varslingsperiode, og udvalgets "
          "holdninger. Åbn en version for at læse den og registrere din holdning.",
          "These are the policies the employer has announced: when they were announced, when "
          "they apply from, whether employees got the agreed notice period, and the council's "
          "positions. Open a version to read it and record your position.") +
        "</p>\n";
    const std::string tables = policyTables(l, *s, false);
    body += tables.empty() ? "<p>" +
                                 t(l, "Der er ingen varslede politikker.",
                                   "There are no announced policies.") +
                                 "</p>"
                           : tables;
    return pageReply(200, l, request, false, title, body);
}

Reply PolicyWeb::councilVersionPage(const Request& request, const std::string& policyId,
                                    std::int64_t version, const FormState& form) {
    const Lang l = html::language(request);
    std::string error;
    const auto s = load(m_lifecycle, m_accounts, policyId, error);
    if (!s) {
        return serverError(l, request, false, error);
    }
    const auto it = std::find_if(s->versions.begin(), s->versions.end(),
                                 [&](const PolicyVersion& v) { return v.version == version; });
    // Drafts are the DPO's work in progress: for the council they do not exist.
    if (policyId.empty() || it == s->versions.end() || it->phase == "draft") {
        return notFound(l, request, false,
                        tr(l, "Der er ingen varslet version ", "There is no announced version ") +
                            std::to_string(version) + tr(l, " af politikken ", " of policy ") +
                            policyId.substr(0, 64));
    }
    const PolicyVersion& v = *it;
    const auto policy = parsed(v);
    const std::string title = (policy ? policy->system : v.policyId) + " – " +
                              tr(l, "version ", "version ") + std::to_string(v.version);
    std::string body = "<h1>" + escape(title) + "</h1>\n";
    if (!form.headline.empty()) {
        body += problem(form.headline, form.error);
    }
    body += versionFacts(l, v, false);
    body += "<h2>" + t(l, "Ændringer", "Changes") + "</h2>\n" + wideningHtml(l, *s, v, false);
    body += "<h2>" + t(l, "Samarbejdsudvalgets holdning", "The works council's position") +
            "</h2>\n" + positionsHtml(l, *s, v) + "\n";
    if (v.phase == "retired") {
        body += "<p>" +
                t(l, "Politikken er ophørt; der kan ikke registreres en holdning til den.",
                  "The policy is retired; no position can be recorded on it.") +
                "</p>\n";
    } else {
        std::string position, note;
        for (const auto* p : positionsOf(*s, v)) {
            if (p->accountId == request.caller->actorId) {
                position = p->position;
                note = p->note;
            }
        }
        if (form.hasFields) {
            position = form.field("position");
            note = form.field("note");
        }
        const auto radio = [&](const char* value, const std::string& labelText) {
            return "<div class=\"choice\"><input type=\"radio\" id=\"position-" +
                   std::string(value) + "\" name=\"position\" value=\"" + value + "\" required" +
                   (position == value ? " checked" : "") + "><label for=\"position-" + value +
                   "\">" + escape(labelText) + "</label></div>";
        };
        body += "<h2 id=\"position\">" + t(l, "Din holdning", "Your position") + "</h2>\n<p>" +
                t(l,
                  "Du registrerer din egen holdning; giver du den igen, erstatter den den "
                  "forrige. Databeskyttelsesrådgiveren ser den med dit navn.",
                  "You record your own position; giving it again replaces the previous one. "
                  "The data protection officer sees it with your name.") +
                "</p>\n<form method=\"post\" action=\"" +
                escape(versionPath(false, v.policyId, v.version)) + "/position" + lang(l) +
                "\" class=\"stack\">" + csrfField(request) + "<fieldset><legend>" +
                t(l, "Holdning", "Position") + "</legend>" +
                radio("acknowledged", tr(l, "Taget til efterretning", "Acknowledged")) +
                radio("objection", tr(l, "Indsigelse", "Objection")) +
                "</fieldset><label for=\"note\">" + t(l, "Bemærkning", "Note") +
                "</label><textarea id=\"note\" name=\"note\" rows=\"4\" maxlength=\"" +
                std::to_string(kMaxCouncilNote) + "\" aria-describedby=\"note-hint\">" +
                escape(note) + "</textarea><p class=\"hint\" id=\"note-hint\">" +
                t(l, "Skal udfyldes ved en indsigelse: hvad gør udvalget indsigelse mod?",
                  "Required for an objection: what does the council object to?") +
                "</p><button type=\"submit\">" +
                t(l, "Registrér holdningen", "Record the position") + "</button></form>\n";
    }
    body += "<h2>" + t(l, "Politikken", "The policy") + "</h2>\n";
    body += policy ? policyDetails(l, *policy)
                   : "<p>" + t(l, "Dokumentet kan ikke læses.", "The document cannot be read.") +
                         "</p>";
    body += "<h2>" + t(l, "Dokumentet (JSON)", "The document (JSON)") + "</h2>\n<pre>" +
            escape(pretty(v.json)) + "</pre>\n";
    return pageReply(form.status, l, request, false, title, body);
}

Reply PolicyWeb::councilVersion(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Council)) {
        return forbidden(l, false);
    }
    const auto version = versionNumber(request.param("version"));
    if (!version) {
        return notFound(l, request, false,
                        tr(l, "Versionen skal være et positivt tal.",
                           "The version must be a positive number."));
    }
    return councilVersionPage(request, request.param("id"), *version, {});
}

Reply PolicyWeb::councilPosition(const Request& request) {
    const Lang l = html::language(request);
    if (!isRole(request, Role::Council)) {
        return forbidden(l, false);
    }
    if (!validCsrf(request)) {
        return formExpired(l);
    }
    const auto version = versionNumber(request.param("version"));
    if (!version) {
        return notFound(l, request, false,
                        tr(l, "Versionen skal være et positivt tal.",
                           "The version must be a positive number."));
    }
    const std::string id = request.param("id");
    FormState form;
    form.fields = parseForm(request.body);
    form.hasFields = true;
    const auto o = m_lifecycle.recordPosition(id, *version, *request.caller, form.field("position"),
                                              form.field("note"));
    if (o.ok()) {
        return html::seeOther(versionPath(false, id, *version) + lang(l));
    }
    if (o.status >= 500) {
        return serverError(l, request, false, o.error);
    }
    if (o.status == 404) {
        return councilVersionPage(request, id, *version, {}); // names what is missing
    }
    form.status = o.status;
    form.error = o.error;
    form.headline = form.field("position") == "objection" && blank(form.field("note"))
                        ? tr(l,
                             "Ikke registreret: skriv i bemærkningen, hvad udvalget gør "
                             "indsigelse mod.",
                             "Not recorded: write in the note what the council objects to.")
                        : tr(l, "Ikke registreret.", "Not recorded.");
    return councilVersionPage(request, id, *version, form);
}

void addPolicyWebRoutes(Router& router, PolicyWeb& web) {
    const auto add = [&router](const char* method, const char* pattern, Role role,
                               std::size_t maxBody, Handler handler, const char* summary) {
        Route r;
        r.listener = Listener::Public;
        r.method = method;
        r.pattern = pattern;
        r.access = Access::Session;
        r.roles = {role};
        r.maxBody = maxBody;
        r.handler = std::move(handler);
        r.summary = summary;
        router.add(std::move(r));
    };
    // A form field may be percent-encoded to three times its size.
    constexpr std::size_t kDraftForm = 3 * kMaxPolicyDocumentBytes + 16 * 1024;
    constexpr std::size_t kSmallForm = 3 * (kMaxCouncilNote * 4) + 16 * 1024;
    add(
        "GET", "/dpo/policies", Role::Dpo, 0, [&web](Request& r) { return web.dpoList(r); },
        "the DPO's page of every policy, its versions, phases and the council's positions");
    add(
        "GET", "/dpo/policies/new", Role::Dpo, 0,
        [&web](Request& r) { return web.dpoDraftForm(r); },
        "the form for a new draft (?from=ID&version=N starts from a version)");
    add(
        "POST", "/dpo/policies/new", Role::Dpo, kDraftForm,
        [&web](Request& r) { return web.dpoDraft(r); }, "store a draft from the form");
    // Before {id}/{version}, which would take "retire" for a version.
    add(
        "GET", "/dpo/policies/{id}/retire", Role::Dpo, 0,
        [&web](Request& r) { return web.dpoRetireForm(r); },
        "asks the DPO to confirm retiring a policy");
    add(
        "POST", "/dpo/policies/{id}/retire", Role::Dpo, 8 * 1024,
        [&web](Request& r) { return web.dpoRetire(r); }, "retire a policy from the form");
    add(
        "POST", "/dpo/policies/{id}/announce", Role::Dpo, kSmallForm,
        [&web](Request& r) { return web.dpoAnnounce(r); },
        "announce the newest draft from the form (effective date, short-notice reason)");
    add(
        "GET", "/dpo/policies/{id}/{version}", Role::Dpo, 0,
        [&web](Request& r) { return web.dpoVersion(r); },
        "one version readably, its document, and the announce form for a draft");
    add(
        "GET", "/council/policies", Role::Council, 0,
        [&web](Request& r) { return web.councilList(r); },
        "announced, in-effect and retired versions with notice and positions");
    add(
        "GET", "/council/policies/{id}/{version}", Role::Council, 0,
        [&web](Request& r) { return web.councilVersion(r); },
        "one announced version readably with the position form");
    add(
        "POST", "/council/policies/{id}/{version}/position", Role::Council, kSmallForm,
        [&web](Request& r) { return web.councilPosition(r); },
        "record the member's acknowledgement or objection from the form");
}

} // namespace indblik::server

// The policy pages' handlers with a signed-in caller, on the test's database (SQLite, or
// PostgreSQL under the `postgres` label): phases in words, drafts refused with where the error
// is, the notice rule's refusal and its reason, roles kept apart, the council's position on the
// DPO's page, and everything escaped.

#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "accounts.h"
#include "policy_lifecycle.h"
#include "policy_web.h"
#include "test_database.h"

namespace indblik::server {
namespace {

using namespace Poco::Data::Keywords;

struct Doc {
    std::string id = "acme-edr";
    std::string system = "Acme EDR";
    std::vector<std::string> categories = {"security_telemetry"};
    int retention = 90;

    std::string text() const {
        std::string cats;
        for (const auto& c : categories) {
            cats += (cats.empty() ? "\"" : ", \"") + c + "\"";
        }
        return "{\n  \"format\": \"indblik.policy/1\",\n  \"id\": \"" + id +
               "\",\n  \"system\": \"" + system +
               "\",\n  \"covers\": {\"catalog\": [\"crowdstrike-falcon\"]},\n"
               "  \"categories\": [" +
               cats +
               "],\n  \"purposes\": {\"en\": \"Find attacks.\", \"da\": \"Finde angreb.\"},\n"
               "  \"legal_basis\": {\"en\": \"Article 6.1.f\", \"da\": \"Artikel 6.1.f\"},\n"
               "  \"retention_days\": " +
               std::to_string(retention) +
               ",\n  \"access\": [{\"role\": {\"en\": \"IT security\", \"da\": \"IT-sikkerhed\"}, "
               "\"level\": \"aggregate\"}],\n  \"announced\": \"2026-01-05\",\n"
               "  \"effective\": \"2026-02-16\",\n"
               "  \"contact\": {\"name\": \"DPO\", \"email\": \"dpo@example.test\"}\n}";
    }
};

// application/x-www-form-urlencoded, as a browser encodes a field.
std::string formEncode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// The row of a table that links to path, up to its end.
std::string rowOf(const std::string& page, const std::string& path) {
    const auto at = page.find("href=\"" + path + "?");
    if (at == std::string::npos) {
        return {};
    }
    return page.substr(at, page.find("</tr>", at) - at);
}

class PolicyWebTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_lifecycle = std::make_unique<PolicyLifecycle>(*m_db, [this] { return m_now; });
        m_accounts = std::make_unique<AccountStore>(*m_db);
        m_web = std::make_unique<PolicyWeb>(*m_db, *m_lifecycle, *m_accounts);
        ASSERT_TRUE(
            m_db->write("add accounts",
                        [](Poco::Data::Session& s) {
                            s << "INSERT INTO accounts (account_id, login, display_name, role, "
                                 "created_at, created_by) VALUES ('acct-dpo', 'mette', 'Mette "
                                 "DPO', 'dpo', 't', 'test'), ('acct-council', 'carla', 'Carla "
                                 "<Council>', 'council', 't', 'test')",
                                now;
                            return true;
                        })
                .ok());
        m_dpo.role = Role::Dpo;
        m_dpo.actorId = "acct-dpo";
        m_dpo.name = "Mette DPO";
        m_dpo.csrfToken = "csrf-dpo";
        m_council.role = Role::Council;
        m_council.actorId = "acct-council";
        m_council.name = "Carla <Council>";
        m_council.csrfToken = "csrf-council";
        m_employee.role = Role::Employee;
        m_employee.actorId = "acct-anna";
        m_employee.name = "Anna";
        m_employee.personId = "pa";
        m_employee.csrfToken = "csrf-anna";
    }

    Request as(const Caller& caller, std::map<std::string, std::string> params = {},
               const std::string& form = {}) {
        Request r;
        r.method = form.empty() ? "GET" : "POST";
        r.caller = caller;
        r.params = std::move(params);
        r.params.emplace("lang", "en");
        r.body = form;
        r.contentType = "application/x-www-form-urlencoded";
        return r;
    }

    void drafted(const Doc& doc) {
        auto o = m_lifecycle->draft(doc.text(), "test", "Mette DPO");
        ASSERT_TRUE(o.ok()) << o.error;
    }

    void announced(const Doc& doc, const std::string& effective,
                   std::optional<std::string> reason = std::nullopt) {
        drafted(doc);
        auto o = m_lifecycle->announce(doc.id, effective, reason, "Mette DPO");
        ASSERT_TRUE(o.ok()) << o.error;
    }

    std::vector<PolicyVersion> versions(const std::string& id = {}) {
        auto v = m_lifecycle->versions(id);
        EXPECT_TRUE(v.ok());
        return v.ok() ? v.value() : std::vector<PolicyVersion>{};
    }

    std::string m_now = "2026-03-02T09:00:00.000Z";
    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<PolicyLifecycle> m_lifecycle;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<PolicyWeb> m_web;
    Caller m_dpo, m_council, m_employee;
};

TEST_F(PolicyWebTest, TheDpoListShowsEachVersionsPhaseInPlainWords) {
    Doc acme;
    announced(acme, "2026-04-13"); // the full notice: 42 days
    Doc gamma;
    gamma.id = "gamma";
    announced(gamma, "2026-03-03", "Required by the insurer from March.");
    ASSERT_TRUE(m_lifecycle->retire("gamma", "Mette DPO").ok());
    m_now = "2026-04-20T09:00:00.000Z";
    Doc wider = acme;
    wider.categories.push_back("keystrokes");
    drafted(wider);
    Doc beta;
    beta.id = "beta";
    announced(beta, "2026-04-22", "The old system stops on the 22nd.");

    const Reply list = m_web->dpoList(as(m_dpo));
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.contentType.find("text/html"), 0u);
    const std::string v1 = rowOf(list.body, "/dpo/policies/acme-edr/1");
    EXPECT_NE(v1.find("phase-in_effect\">In effect"), std::string::npos) << v1;
    EXPECT_NE(v1.find("2026-03-02"), std::string::npos) << v1; // announced
    EXPECT_NE(v1.find("Yes (42 days&#39; notice, 42 agreed)"), std::string::npos) << v1;
    const std::string v2 = rowOf(list.body, "/dpo/policies/acme-edr/2");
    EXPECT_NE(v2.find("phase-draft\">Draft (not published)"), std::string::npos) << v2;
    const std::string b = rowOf(list.body, "/dpo/policies/beta/1");
    EXPECT_NE(b.find("Announced: applies from 2026-04-22"), std::string::npos) << b;
    EXPECT_NE(
        b.find("No, short notice (2 days&#39; notice, 42 agreed). Reason: The old system stops"),
        std::string::npos)
        << b;
    const std::string g = rowOf(list.body, "/dpo/policies/gamma/1");
    EXPECT_NE(g.find("phase-retired\">Retired"), std::string::npos) << g;
    // The newest draft can be announced from here, and a live policy retired.
    EXPECT_NE(list.body.find("/dpo/policies/acme-edr/2?lang=en#announce"), std::string::npos);
    EXPECT_NE(list.body.find("/dpo/policies/acme-edr/retire?lang=en"), std::string::npos);
    EXPECT_EQ(list.body.find("/dpo/policies/gamma/retire"), std::string::npos);

    Request da = as(m_dpo);
    da.params["lang"] = "da";
    const Reply dansk = m_web->dpoList(da);
    for (const char* word : {"Gælder nu", "Kladde (ikke offentliggjort)", "Ophørt",
                             "Varslet: gælder fra 2026-04-22", "Erklærede politikker"}) {
        EXPECT_NE(dansk.body.find(word), std::string::npos) << word;
    }

    // The widening version says how it widens the one before it.
    const Reply page = m_web->dpoVersion(as(m_dpo, {{"id", "acme-edr"}, {"version", "2"}}));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Compared with version 1 (In effect)"), std::string::npos);
    EXPECT_NE(page.body.find("adds categories: keystrokes"), std::string::npos);
    EXPECT_NE(page.body.find("<pre>{\n  &quot;format&quot;"), std::string::npos);
    EXPECT_NE(page.body.find("Keystrokes"), std::string::npos) << "the category's plain name";
}

TEST_F(PolicyWebTest, ABadDraftIsRefusedWithWhereTheErrorIsAndNothingIsStored) {
    const std::string broken = "{\n  \"format\": \"indblik.policy/1\",\n  \"id\": \"x\"\n  "
                               "\"system\": \"<b>\"\n}";
    const Reply syntax =
        m_web->dpoDraft(as(m_dpo, {}, "csrf=csrf-dpo&document=" + formEncode(broken)));
    EXPECT_EQ(syntax.status, 400);
    EXPECT_NE(syntax.body.find("The draft was not saved"), std::string::npos);
    EXPECT_NE(syntax.body.find("at line 4, column 3"), std::string::npos) << syntax.body;
    // The form comes back with what was typed, escaped.
    EXPECT_NE(syntax.body.find("&quot;system&quot;: &quot;&lt;b&gt;&quot;\n}</textarea>"),
              std::string::npos);
    EXPECT_NE(syntax.body.find("name=\"csrf\" value=\"csrf-dpo\""), std::string::npos);

    Doc doc;
    doc.retention = -5;
    const Reply field =
        m_web->dpoDraft(as(m_dpo, {}, "csrf=csrf-dpo&document=" + formEncode(doc.text())));
    EXPECT_EQ(field.status, 400);
    EXPECT_NE(field.body.find("draft: $.retention_days:"), std::string::npos) << field.body;

    const Reply empty = m_web->dpoDraft(as(m_dpo, {}, "csrf=csrf-dpo&document=+"));
    EXPECT_EQ(empty.status, 400);
    EXPECT_NE(empty.body.find("the field is empty"), std::string::npos);

    // A good document without the form's token is refused too.
    const Reply forged =
        m_web->dpoDraft(as(m_dpo, {}, "csrf=wrong&document=" + formEncode(Doc{}.text())));
    EXPECT_EQ(forged.status, 403);
    EXPECT_TRUE(versions().empty());

    const Reply good =
        m_web->dpoDraft(as(m_dpo, {}, "csrf=csrf-dpo&document=" + formEncode(Doc{}.text())));
    EXPECT_EQ(good.status, 303);
    ASSERT_EQ(good.headers.size(), 1u);
    EXPECT_EQ(good.headers[0].second, "/dpo/policies/acme-edr/1?lang=en");
    ASSERT_EQ(versions().size(), 1u);
    EXPECT_EQ(versions()[0].phase, "draft");
    EXPECT_EQ(versions()[0].createdBy, "Mette DPO");

    // "Edit the draft" starts from its document.
    const Reply edit = m_web->dpoDraftForm(as(m_dpo, {{"from", "acme-edr"}, {"version", "1"}}));
    EXPECT_EQ(edit.status, 200);
    EXPECT_NE(edit.body.find("&quot;id&quot;: &quot;acme-edr&quot;"), std::string::npos);
    EXPECT_EQ(m_web->dpoDraftForm(as(m_dpo, {{"from", "nope"}, {"version", "1"}})).status, 404);
}

TEST_F(PolicyWebTest, AnnouncingBeforeTheNoticeEndsNeedsAReasonEmployeesWillSee) {
    drafted(Doc{});
    const Reply page = m_web->dpoVersion(as(m_dpo, {{"id", "acme-edr"}, {"version", "1"}}));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Earliest date without a reason: 2026-04-13"), std::string::npos);
    EXPECT_NE(page.body.find("it is a new policy"), std::string::npos);
    EXPECT_NE(page.body.find("value=\"2026-04-13\""), std::string::npos) << "the default date";
    EXPECT_NE(page.body.find("Employees will see the reason"), std::string::npos);
    EXPECT_NE(page.body.find("<label for=\"reason\">"), std::string::npos);
    EXPECT_NE(page.body.find("<label for=\"effective\">"), std::string::npos);

    const Reply early = m_web->dpoAnnounce(
        as(m_dpo, {{"id", "acme-edr"}}, "csrf=csrf-dpo&effective=2026-03-12&reason=+"));
    EXPECT_EQ(early.status, 409);
    EXPECT_NE(early.body.find("Not announced: the date is before the notice period ends "
                              "(2026-04-13)"),
              std::string::npos)
        << early.body;
    EXPECT_NE(early.body.find("earliest date is 2026-04-13"), std::string::npos);
    EXPECT_NE(early.body.find("value=\"2026-03-12\""), std::string::npos) << "refilled";
    EXPECT_EQ(versions()[0].phase, "draft");

    const Reply past =
        m_web->dpoAnnounce(as(m_dpo, {{"id", "acme-edr"}}, "csrf=csrf-dpo&effective=2026-03-01"));
    EXPECT_EQ(past.status, 400);
    EXPECT_NE(past.body.find("effective: today (2026-03-02) or later"), std::string::npos);

    const Reply noToken =
        m_web->dpoAnnounce(as(m_dpo, {{"id", "acme-edr"}}, "effective=2026-04-13"));
    EXPECT_EQ(noToken.status, 403);
    EXPECT_EQ(versions()[0].phase, "draft");

    const Reply ok =
        m_web->dpoAnnounce(as(m_dpo, {{"id", "acme-edr"}},
                              "csrf=csrf-dpo&effective=2026-03-12&reason=" +
                                  formEncode("The insurer requires it from 12 March & <soon>.")));
    EXPECT_EQ(ok.status, 303) << ok.body;
    EXPECT_EQ(ok.headers.at(0).second, "/dpo/policies/acme-edr/1?lang=en");
    const auto v = versions().at(0);
    EXPECT_EQ(v.phase, "announced");
    EXPECT_EQ(v.shortNoticeReason, "The insurer requires it from 12 March & <soon>.");
    const Reply after = m_web->dpoVersion(as(m_dpo, {{"id", "acme-edr"}, {"version", "1"}}));
    EXPECT_NE(after.body.find("Reason: The insurer requires it from 12 March &amp; &lt;soon&gt;."),
              std::string::npos);
    EXPECT_EQ(after.body.find("id=\"announce\""), std::string::npos) << "nothing to announce";
    // Nothing left to announce.
    EXPECT_EQ(
        m_web->dpoAnnounce(as(m_dpo, {{"id", "acme-edr"}}, "csrf=csrf-dpo&effective=2026-05-01"))
            .status,
        404);
}

TEST_F(PolicyWebTest, TheCouncilSeesNoDraftsAndTheRolesPagesAreKeptApart) {
    Doc announcedDoc;
    announced(announcedDoc, "2026-04-13");
    Doc draftOnly;
    draftOnly.id = "secret-draft";
    draftOnly.system = "Secret draft system";
    drafted(draftOnly);
    Doc wider = announcedDoc;
    wider.categories.push_back("keystrokes");
    drafted(wider); // acme-edr version 2, a draft

    const Reply list = m_web->councilList(as(m_council));
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("/council/policies/acme-edr/1?"), std::string::npos);
    EXPECT_EQ(list.body.find("acme-edr/2"), std::string::npos);
    EXPECT_EQ(list.body.find("secret-draft"), std::string::npos);
    EXPECT_EQ(list.body.find("Secret draft system"), std::string::npos);
    EXPECT_EQ(list.body.find("Draft"), std::string::npos);
    EXPECT_EQ(m_web->councilVersion(as(m_council, {{"id", "acme-edr"}, {"version", "2"}})).status,
              404);
    EXPECT_EQ(
        m_web->councilVersion(as(m_council, {{"id", "secret-draft"}, {"version", "1"}})).status,
        404);

    // The council on the DPO's pages, the DPO and an employee on the council's: 403, no change.
    for (const Caller* caller : {&m_council, &m_employee}) {
        EXPECT_EQ(m_web->dpoList(as(*caller)).status, 403);
        EXPECT_EQ(m_web->dpoVersion(as(*caller, {{"id", "acme-edr"}, {"version", "2"}})).status,
                  403);
        EXPECT_EQ(m_web->dpoDraftForm(as(*caller)).status, 403);
        EXPECT_EQ(m_web->dpoRetireForm(as(*caller, {{"id", "acme-edr"}})).status, 403);
        const std::string token = "csrf=" + caller->csrfToken;
        EXPECT_EQ(m_web->dpoDraft(as(*caller, {}, token + "&document=" + formEncode(Doc{}.text())))
                      .status,
                  403);
        EXPECT_EQ(m_web
                      ->dpoAnnounce(as(*caller, {{"id", "acme-edr"}},
                                       token + "&effective=2026-05-01&reason=x"))
                      .status,
                  403);
        EXPECT_EQ(m_web->dpoRetire(as(*caller, {{"id", "acme-edr"}}, token)).status, 403);
    }
    for (const Caller* caller : {&m_dpo, &m_employee}) {
        EXPECT_EQ(m_web->councilList(as(*caller)).status, 403);
        EXPECT_EQ(m_web->councilVersion(as(*caller, {{"id", "acme-edr"}, {"version", "1"}})).status,
                  403);
        EXPECT_EQ(
            m_web
                ->councilPosition(as(*caller, {{"id", "acme-edr"}, {"version", "1"}},
                                     "csrf=" + caller->csrfToken + "&position=acknowledged&note="))
                .status,
            403);
    }
    const auto all = versions();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[1].phase, "draft"); // acme-edr 2: not announced
    EXPECT_TRUE(m_lifecycle->positions().value().empty());

    // The routes say the same: every DPO page for the DPO only, every council page for the
    // council only.
    Router router;
    addPolicyWebRoutes(router, *m_web);
    int dpo = 0, council = 0;
    for (const auto& r : router.routes()) {
        EXPECT_EQ(r.access, Access::Session) << r.pattern;
        EXPECT_EQ(r.listener, Listener::Public) << r.pattern;
        if (r.pattern.rfind("/dpo/policies", 0) == 0) {
            EXPECT_EQ(r.roles, std::vector<Role>{Role::Dpo}) << r.pattern;
            ++dpo;
        } else {
            EXPECT_EQ(r.pattern.rfind("/council/policies", 0), 0u) << r.pattern;
            EXPECT_EQ(r.roles, std::vector<Role>{Role::Council}) << r.pattern;
            ++council;
        }
    }
    EXPECT_EQ(dpo, 7);
    EXPECT_EQ(council, 3);
    // "retire" is not taken for a version number.
    const auto retire = router.match(Listener::Public, "GET", "/dpo/policies/acme-edr/retire");
    ASSERT_NE(retire.route, nullptr);
    EXPECT_NE(retire.route->summary.find("confirm"), std::string::npos);
}

TEST_F(PolicyWebTest, ACouncilMembersPositionShowsOnTheDpoPage) {
    announced(Doc{}, "2026-04-13");
    const std::map<std::string, std::string> v1 = {{"id", "acme-edr"}, {"version", "1"}};
    const Reply page = m_web->councilVersion(as(m_council, v1));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<label for=\"position-objection\">Objection</label>"),
              std::string::npos);
    EXPECT_NE(page.body.find("<label for=\"note\">"), std::string::npos);
    EXPECT_NE(page.body.find("action=\"/council/policies/acme-edr/1/position?lang=en\""),
              std::string::npos);
    EXPECT_NE(page.body.find("name=\"csrf\" value=\"csrf-council\""), std::string::npos);
    EXPECT_NE(page.body.find("Yes (42 days&#39; notice, 42 agreed)"), std::string::npos);

    // An objection must say what to.
    const Reply bare =
        m_web->councilPosition(as(m_council, v1, "csrf=csrf-council&position=objection&note=+"));
    EXPECT_EQ(bare.status, 400);
    EXPECT_NE(bare.body.find("write in the note what the council objects to"), std::string::npos);
    EXPECT_NE(bare.body.find("value=\"objection\" required checked"), std::string::npos);
    EXPECT_TRUE(m_lifecycle->positions().value().empty());
    EXPECT_EQ(m_web
                  ->councilPosition(
                      as(m_council, v1, "position=objection&note=" + formEncode("no token")))
                  .status,
              403);
    EXPECT_TRUE(m_lifecycle->positions().value().empty());

    const Reply objected = m_web->councilPosition(as(
        m_council, v1,
        "csrf=csrf-council&position=objection&note=" + formEncode("Retention <90 days> is long")));
    EXPECT_EQ(objected.status, 303) << objected.body;
    EXPECT_EQ(objected.headers.at(0).second, "/council/policies/acme-edr/1?lang=en");

    const Reply dpoList = m_web->dpoList(as(m_dpo));
    const std::string row = rowOf(dpoList.body, "/dpo/policies/acme-edr/1");
    EXPECT_NE(row.find("position-objection\">Objection</strong> – Carla &lt;Council&gt;, "
                       "2026-03-02"),
              std::string::npos)
        << row;
    EXPECT_NE(row.find("Retention &lt;90 days&gt; is long"), std::string::npos) << row;
    const Reply dpoPage = m_web->dpoVersion(as(m_dpo, v1));
    EXPECT_NE(dpoPage.body.find("Retention &lt;90 days&gt; is long"), std::string::npos);

    // Given again, it replaces the member's position; the form shows the current one.
    EXPECT_EQ(m_web
                  ->councilPosition(
                      as(m_council, v1, "csrf=csrf-council&position=acknowledged&note=Fine+now"))
                  .status,
              303);
    const Reply again = m_web->councilVersion(as(m_council, v1));
    EXPECT_NE(again.body.find("value=\"acknowledged\" required checked"), std::string::npos);
    EXPECT_NE(again.body.find(">Fine now</textarea>"), std::string::npos);
    const Reply dpoAgain = m_web->dpoList(as(m_dpo));
    EXPECT_NE(dpoAgain.body.find("Acknowledged</strong> – Carla &lt;Council&gt;"),
              std::string::npos);
    EXPECT_EQ(dpoAgain.body.find("Retention &lt;90"), std::string::npos);
}

TEST_F(PolicyWebTest, HtmlInAPolicysNameIsEscapedEverywhere) {
    Doc doc;
    doc.system = "<script>alert(1)</script> & <b>Co</b>";
    announced(doc, "2026-04-13");
    ASSERT_TRUE(
        m_lifecycle
            ->recordPosition("acme-edr", 1, m_council, "objection", "<img src=x onerror=alert(2)>")
            .ok());
    const std::map<std::string, std::string> v1 = {{"id", "acme-edr"}, {"version", "1"}};
    for (const Reply& r :
         {m_web->dpoList(as(m_dpo)), m_web->dpoVersion(as(m_dpo, v1)),
          m_web->dpoRetireForm(as(m_dpo, {{"id", "acme-edr"}})), m_web->councilList(as(m_council)),
          m_web->councilVersion(as(m_council, v1))}) {
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.body.find("<script>"), std::string::npos) << r.body;
        EXPECT_EQ(r.body.find("<b>Co"), std::string::npos);
        EXPECT_EQ(r.body.find("<img"), std::string::npos);
        EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Co"),
                  std::string::npos)
            << r.body;
    }
    // In the <title> too.
    const Reply page = m_web->dpoVersion(as(m_dpo, v1));
    EXPECT_NE(page.body.find("<title>&lt;script&gt;"), std::string::npos);
    // An id or version from the address is escaped in the refusal.
    const Reply odd = m_web->dpoVersion(as(m_dpo, {{"id", "<i>x"}, {"version", "1"}}));
    EXPECT_EQ(odd.status, 404);
    EXPECT_EQ(odd.body.find("<i>x"), std::string::npos);
    EXPECT_EQ(m_web->councilVersion(as(m_council, {{"id", "acme-edr"}, {"version", "1'"}})).status,
              404);
}

TEST_F(PolicyWebTest, RetiringAsksForConfirmationAndThenRetiresEveryVersion) {
    announced(Doc{}, "2026-04-13");
    const Reply confirm = m_web->dpoRetireForm(as(m_dpo, {{"id", "acme-edr"}}));
    ASSERT_EQ(confirm.status, 200);
    EXPECT_NE(confirm.body.find("Yes, retire Acme EDR now"), std::string::npos);
    EXPECT_NE(confirm.body.find("action=\"/dpo/policies/acme-edr/retire?lang=en\""),
              std::string::npos);
    EXPECT_EQ(versions()[0].phase, "announced") << "showing the question changes nothing";

    EXPECT_EQ(m_web->dpoRetire(as(m_dpo, {{"id", "acme-edr"}}, "csrf=nope")).status, 403);
    const Reply done = m_web->dpoRetire(as(m_dpo, {{"id", "acme-edr"}}, "csrf=csrf-dpo"));
    EXPECT_EQ(done.status, 303);
    EXPECT_EQ(done.headers.at(0).second, "/dpo/policies?lang=en");
    EXPECT_EQ(versions()[0].phase, "retired");
    const Reply again = m_web->dpoRetire(as(m_dpo, {{"id", "acme-edr"}}, "csrf=csrf-dpo"));
    EXPECT_EQ(again.status, 409);
    EXPECT_NE(again.body.find("already retired"), std::string::npos);
    EXPECT_EQ(m_web->dpoRetireForm(as(m_dpo, {{"id", "acme-edr"}})).status, 409);
    EXPECT_EQ(m_web->dpoRetireForm(as(m_dpo, {{"id", "nope"}})).status, 404);
    // The council can no longer record a position on it.
    const Reply council =
        m_web->councilVersion(as(m_council, {{"id", "acme-edr"}, {"version", "1"}}));
    EXPECT_NE(council.body.find("The policy is retired"), std::string::npos);
    EXPECT_EQ(council.body.find("name=\"position\""), std::string::npos);
}

} // namespace
} // namespace indblik::server

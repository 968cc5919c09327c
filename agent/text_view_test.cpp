#include <gtest/gtest.h>

#include "text_view.h"

namespace indblik::agent {
namespace {

const std::string kOverview = R"({"ok": true,
  "user": {"uid": 1000, "name": "alice"},
  "device": {"enrolled": true, "device_id": "d1", "server": "https://srv:8443"},
  "discovered_at": "2026-11-23T09:00:00.000Z",
  "sync": {"last_success": "2026-11-23T09:00:01.000Z", "last_error": null, "pending": 0},
  "ledger": {"entries": 2, "intact": true, "first_broken": null},
  "observations": [
    {"detector": "preload", "product": "snoopy", "name": "Snoopy Command Logger",
     "categories": ["commands"], "evidence": ["/etc/ld.so.preload: /lib/libsnoopy.so"],
     "why": {"en": "Loaded into every program.", "da": "Indlæses i alle programmer."},
     "declared": true, "policy": "p1"},
    {"detector": "audit", "product": null, "name": "Linux audit rules",
     "title": {"en": "Audit rules", "da": "Audit-regler"},
     "categories": ["file_activity"], "evidence": ["/etc/audit/audit.rules:1: -w /srv"],
     "why": {"en": "A watch rule.", "da": "En overvågningsregel."},
     "declared": false, "policy": null}],
  "policies": [{"format": "indblik.policy/1", "id": "p1", "system": "Snoopy",
     "covers": {"catalog": ["snoopy"]}, "categories": ["commands"],
     "purposes": {"en": "Find misuse.", "da": "Finde misbrug."},
     "legal_basis": {"en": "Legitimate interest.", "da": "Legitim interesse."},
     "retention_days": 30,
     "access": [{"role": {"en": "IT security", "da": "IT-sikkerhed"}, "level": "individual"}],
     "announced": "2026-01-01", "effective": "2026-03-01",
     "contact": {"name": "Jane", "email": "dpo@example.com"}}]})";

TEST(TextView, ShowsDeclaredAndUndeclaredInDanish) {
    auto text = renderOverview(kOverview, Language::Danish);
    ASSERT_TRUE(text) << text.error();
    const auto& t = text.value();
    EXPECT_NE(t.find("Vist for brugeren: alice"), std::string::npos) << t;
    EXPECT_NE(t.find("1 af dem er IKKE oplyst"), std::string::npos) << t;
    EXPECT_NE(t.find("[OPLYST] Snoopy Command Logger"), std::string::npos) << t;
    EXPECT_NE(t.find("[IKKE OPLYST] Audit-regler"), std::string::npos) << t;
    EXPECT_NE(t.find("Kommandoer, du kører"), std::string::npos) << t;
    EXPECT_NE(t.find("Formål: Finde misbrug."), std::string::npos) << t;
    EXPECT_NE(t.find("IT-sikkerhed (for den enkelte)"), std::string::npos) << t;
    EXPECT_NE(t.find("Gemmes i: 30 dage"), std::string::npos) << t;
    EXPECT_EQ(t.find("Find misuse"), std::string::npos) << "English left in the Danish view";
}

TEST(TextView, ShowsEnglishAndStaleness) {
    std::string neverSynced = kOverview;
    neverSynced.replace(neverSynced.find(R"("2026-11-23T09:00:01.000Z")"), 26, "null");
    auto text = renderOverview(neverSynced, Language::English);
    ASSERT_TRUE(text) << text.error();
    EXPECT_NE(text.value().find("Not yet sent to the Indblik server"), std::string::npos)
        << text.value();
    EXPECT_NE(text.value().find("Which files are opened"), std::string::npos) << text.value();
}

TEST(TextView, SaysWhySyncingStoppedWhenRevoked) {
    auto plain = renderOverview(kOverview, Language::English);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain.value().find("no longer sends"), std::string::npos);
    std::string revoked = kOverview;
    revoked.replace(
        revoked.find(R"("pending": 0})"), 13,
        R"("pending": 0, "stopped": {"reason": "revoked", "since": "2026-12-06T10:00:00.000Z"}})");
    auto en = renderOverview(revoked, Language::English);
    ASSERT_TRUE(en) << en.error();
    EXPECT_NE(en.value().find("This computer no longer sends its record to the server: its "
                              "certificate was withdrawn by IT (revoked). What is collected here "
                              "is still recorded on this computer. Contact IT. (Since "
                              "2026-12-06T10:00:00.000Z)"),
              std::string::npos)
        << en.value();
    auto da = renderOverview(revoked, Language::Danish);
    ASSERT_TRUE(da) << da.error();
    EXPECT_NE(da.value().find("dens certifikat er trukket tilbage af IT (spærret). Det, der "
                              "indsamles her, registreres stadig på denne computer. Kontakt IT."),
              std::string::npos)
        << da.value();
}

TEST(TextView, ReportsTheAgentsRefusalAndBadAnswers) {
    auto refused = renderOverview(R"({"ok": false, "error": "unknown op"})", Language::English);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("unknown op"), std::string::npos);
    EXPECT_FALSE(renderOverview("not json", Language::English));
}

} // namespace
} // namespace indblik::agent

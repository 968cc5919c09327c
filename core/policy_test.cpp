#include <filesystem>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <gtest/gtest.h>

#include "file_util.h"
#include "policy.h"

namespace indblik {
namespace {

const std::string kGood = R"({
  "format": "indblik.policy/1",
  "id": "acme-edr",
  "system": "CrowdStrike Falcon",
  "covers": {"catalog": ["crowdstrike-falcon"], "rules": [{"detector": "audit", "evidence_contains": "execve"}]},
  "categories": ["security_telemetry", "commands"],
  "purposes": {"en": "Find attacks.", "da": "Finde angreb."},
  "legal_basis": {"en": "Legitimate interest.", "da": "Legitim interesse."},
  "retention_days": 90,
  "access": [{"role": {"en": "IT security", "da": "IT-sikkerhed"}, "level": "individual"}],
  "agreement": {"name": "Local agreement", "date": "2026-01-05"},
  "announced": "2026-01-05",
  "effective": "2026-02-16",
  "contact": {"name": "DPO Jane Doe", "email": "dpo@example.com"}
})";

// Changes one field of the good policy (or removes it, with a null value).
std::string with(const std::string& key, const std::string& jsonValue) {
    Poco::JSON::Parser parser;
    auto o = parser.parse(kGood).extract<Poco::JSON::Object::Ptr>();
    if (jsonValue == "REMOVE") {
        o->remove(key);
    } else {
        // Poco's parser wants an object or array at the top, so parse the value inside one.
        Poco::JSON::Parser valueParser;
        const auto holder =
            valueParser.parse("{\"v\": " + jsonValue + "}").extract<Poco::JSON::Object::Ptr>();
        o->set(key, holder->get("v"));
    }
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(o, out);
    return out.str();
}

TEST(PolicyParser, ReadsAGoodPolicy) {
    auto p = parsePolicy(kGood, "good.json");
    ASSERT_TRUE(p) << p.error();
    EXPECT_EQ(p->id, "acme-edr");
    EXPECT_EQ(p->coversCatalog, std::vector<std::string>{"crowdstrike-falcon"});
    ASSERT_EQ(p->coversRules.size(), 1u);
    EXPECT_EQ(p->coversRules[0].evidenceContains, "execve");
    EXPECT_EQ(p->retentionDays, 90);
    ASSERT_EQ(p->access.size(), 1u);
    EXPECT_EQ(p->access[0].level, AccessLevel::Individual);
    EXPECT_EQ(p->access[0].role.da, "IT-sikkerhed");
    EXPECT_EQ(p->agreementDate, "2026-01-05");
    EXPECT_EQ(p->effectiveDay - p->announcedDay, 42);
    EXPECT_EQ(p->json, kGood);
}

TEST(PolicyParser, IsInEffectOnlyFromItsEffectiveDate) {
    auto p = parsePolicy(kGood, "good.json");
    ASSERT_TRUE(p);
    EXPECT_FALSE(p->inEffect(p->effectiveDay - 1));
    EXPECT_TRUE(p->inEffect(p->effectiveDay));
}

struct BadCase {
    std::string key;
    std::string value;
    std::string expectedInError;
};

class PolicyParserRejects : public testing::TestWithParam<BadCase> {};

TEST_P(PolicyParserRejects, NamingFileFieldAndExpectation) {
    const auto& c = GetParam();
    auto p = parsePolicy(with(c.key, c.value), "policies/bad.json");
    ASSERT_FALSE(p) << "accepted " << c.key << " = " << c.value;
    EXPECT_NE(p.error().find("policies/bad.json: "), std::string::npos) << p.error();
    EXPECT_NE(p.error().find(c.expectedInError), std::string::npos) << p.error();
}

INSTANTIATE_TEST_SUITE_P(
    BadFields, PolicyParserRejects,
    testing::Values(
        BadCase{"format", R"("indblik.policy/2")", "$.format: \"indblik.policy/1\""},
        BadCase{"id", R"("Has Spaces")", "$.id: lowercase"},
        BadCase{"id", "REMOVE", "$.id: a value (the field is missing)"},
        BadCase{"retention_days", "0", "$.retention_days: an integer from 1 to 3650"},
        BadCase{"retention_days", R"("90")", "$.retention_days: an integer"},
        BadCase{"categories", R"(["keystrokes", "vibes"])",
                "$.categories[1]: a data category from the vocabulary"},
        BadCase{"categories", "[]", "$.categories: at least one data category"},
        BadCase{"access", R"([{"role": {"en": "a", "da": "b"}, "level": "everyone"}])",
                "$.access[0].level: \"individual\" or \"aggregate\""},
        BadCase{"access", "[]", "$.access: at least one entry"},
        BadCase{"purposes", R"({"en": "only English"})", "$.purposes.da: a value"},
        BadCase{"covers", R"({"catalog": []})", "$.covers: at least one catalog id or rule"},
        BadCase{"announced", R"("2026-02-30")", "$.announced: a real calendar date"},
        BadCase{"effective", R"("2026-01-20")", "$.effective: a date at least 42 days after"},
        BadCase{"effective", R"("2025-12-01")", "$.effective: a date on or after $.announced"},
        BadCase{"contact", R"({"name": "x", "email": "not-an-address"})",
                "$.contact.email: an email address"},
        BadCase{"surprise", "1", "$.surprise: no such field"}));

TEST(PolicyParser, AcceptsShortNoticeOnlyWithAReason) {
    auto text = with("effective", R"("2026-01-20")");
    Poco::JSON::Parser parser;
    auto o = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Object::Ptr reason = new Poco::JSON::Object;
    reason->set("en", "A security incident.");
    reason->set("da", "En sikkerhedshændelse.");
    o->set("short_notice_reason", reason);
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(o, out);
    auto p = parsePolicy(out.str(), "short.json");
    ASSERT_TRUE(p) << p.error();
    ASSERT_TRUE(p->shortNoticeReason);
    EXPECT_EQ(p->shortNoticeReason->da, "En sikkerhedshændelse.");
}

TEST(PolicyParser, RejectsMalformedAndOversizedDocuments) {
    auto p = parsePolicy("{\"format\": ", "cut.json");
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().find("cut.json: $: valid JSON"), std::string::npos) << p.error();
    auto big = parsePolicy(std::string(2 << 20, ' '), "big.json");
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().find("at most"), std::string::npos) << big.error();
    auto array = parsePolicy("[]", "array.json");
    ASSERT_FALSE(array);
    EXPECT_NE(array.error().find("$: an object"), std::string::npos) << array.error();
}

TEST(PolicyDirectory, OneBadFileFailsTheWholeSet) {
    const auto dir = std::filesystem::temp_directory_path() / "indblik-policy-dir-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ASSERT_TRUE(writeFileAtomically((dir / "a.json").string(), kGood));
    auto good = loadPolicyDirectory(dir.string());
    ASSERT_TRUE(good) << good.error();
    EXPECT_EQ(good->size(), 1u);
    ASSERT_TRUE(writeFileAtomically((dir / "b.json").string(), with("retention_days", "-1")));
    auto bad = loadPolicyDirectory(dir.string());
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("b.json: $.retention_days"), std::string::npos) << bad.error();
    std::filesystem::remove_all(dir);
}

TEST(PolicyDirectory, TheExamplePoliciesParse) {
    auto policies = loadPolicyDirectory(INDBLIK_SOURCE_DIR "/policies/examples");
    ASSERT_TRUE(policies) << policies.error();
    EXPECT_GE(policies->size(), 3u);
}

} // namespace
} // namespace indblik

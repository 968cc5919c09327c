#include <algorithm>

#include <gtest/gtest.h>

#include "discovery.h"

namespace indblik::agent {
namespace {

Observation found(std::string detector, std::optional<std::string> product, std::string name,
                  std::vector<std::string> evidence) {
    Observation o;
    o.detector = std::move(detector);
    o.product = std::move(product);
    o.name = std::move(name);
    o.categories = {"commands"};
    o.evidence = std::move(evidence);
    return o;
}

Policy policy(std::string id, std::vector<std::string> catalog, std::vector<CoverRule> rules,
              std::int64_t effectiveDay) {
    Policy p;
    p.id = std::move(id);
    p.coversCatalog = std::move(catalog);
    p.coversRules = std::move(rules);
    p.effectiveDay = effectiveDay;
    return p;
}

TEST(Discovery, OneProductFoundByTwoDetectorsIsOneSystem) {
    const Catalog catalog;
    const std::vector<Detector> detectors{
        {"process",
         [](const DetectorContext&) {
             return std::vector{found("process", "osquery", "osquery", {"running process: x"})};
         }},
        {"package", [](const DetectorContext&) {
             return std::vector{found("package", "osquery", "osquery", {"installed package: y"}),
                                found("audit", std::nullopt, "Linux audit rules", {"r:1: -w /"})};
         }}};
    const auto all = discover("/", catalog, detectors).observations;
    ASSERT_EQ(all.size(), 2u);
    const auto os = std::find_if(all.begin(), all.end(), [](auto& o) { return o.product; });
    ASSERT_NE(os, all.end());
    EXPECT_EQ(os->detector, "package,process");
    EXPECT_EQ(os->evidence,
              (std::vector<std::string>{"installed package: y", "running process: x"}));
}

TEST(Matching, ByCatalogIdOrRuleAndOnlyOncePolicyIsInEffect) {
    std::vector<Observation> obs{
        found("preload", "snoopy", "Snoopy", {"/etc/ld.so.preload: /lib/libsnoopy.so"}),
        found("audit", std::nullopt, "Linux audit rules", {"a.rules:1: -a always,exit -S execve"}),
        found("preload", std::nullopt, "Unknown", {"/etc/ld.so.preload: /x.so"})};
    const std::vector<Policy> policies{
        policy("snoopy-policy", {"snoopy"}, {}, 100),
        policy("audit-policy", {}, {{"audit", "execve"}}, 200),
        // A rule for another detector with matching text covers nothing.
        policy("wrong-detector", {}, {{"process", "x.so"}}, 0)};
    matchPolicies(obs, policies, 150);
    EXPECT_TRUE(obs[0].declared);
    EXPECT_EQ(obs[0].policy, "snoopy-policy");
    EXPECT_FALSE(obs[1].declared) << "the audit policy is still in its notice period";
    EXPECT_FALSE(obs[1].policy);
    EXPECT_FALSE(obs[2].declared);
    matchPolicies(obs, policies, 200);
    EXPECT_TRUE(obs[1].declared);
    EXPECT_EQ(obs[1].policy, "audit-policy");
}

TEST(Discovery, TheSampleComputerShowsItsMonitoringAndNoContent) {
    auto catalog = Catalog::loadDirectory(INDBLIK_CATALOG_DIR);
    ASSERT_TRUE(catalog) << catalog.error();
    const auto all =
        discover(INDBLIK_FIXTURES_DIR "/sample-root", catalog.value(), platformDetectors())
            .observations;
    std::vector<std::string> names;
    for (const auto& o : all) {
        names.push_back(o.name);
        for (const auto& e : o.evidence) {
            EXPECT_EQ(e.find("private words"), std::string::npos);
            EXPECT_EQ(e.find("customer-secret"), std::string::npos);
        }
    }
    EXPECT_NE(std::find(names.begin(), names.end(), "Snoopy Command Logger"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "Linux audit rules"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "CrowdStrike Falcon sensor"), names.end())
        << testing::PrintToString(names);
}

} // namespace
} // namespace indblik::agent

#include <filesystem>
#include <unistd.h>

#include <gtest/gtest.h>

#include "local_api.h"

namespace indblik::agent {
namespace {

TEST(LocalApi, IdentifiesTheCallerFromPeerCredentialsNotTheRequest) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("indblik-api-" + std::to_string(::getpid()) + ".sock");
    LocalApiServer server(path.string(), [](const PeerCredentials& peer, const std::string& req) {
        return "{\"uid\":" + std::to_string(peer.uid) + ",\"pid\":" + std::to_string(peer.pid) +
               ",\"echo\":" + std::to_string(req.size()) + "}";
    });
    ASSERT_TRUE(server.start());
    const std::string request = R"({"op":"overview","uid":0})";
    auto answer = localRequest(path.string(), request);
    ASSERT_TRUE(answer) << answer.error();
    EXPECT_EQ(answer.value(), "{\"uid\":" + std::to_string(::getuid()) +
                                  ",\"pid\":" + std::to_string(::getpid()) +
                                  ",\"echo\":" + std::to_string(request.size()) + "}");
    server.stop();
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_FALSE(localRequest(path.string(), "{}"));
}

TEST(LocalApi, RefusesOversizedRequests) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("indblik-api-big-" + std::to_string(::getpid()) + ".sock");
    bool called = false;
    LocalApiServer server(path.string(), [&](const PeerCredentials&, const std::string&) {
        called = true;
        return std::string("{}");
    });
    ASSERT_TRUE(server.start());
    auto answer = localRequest(path.string(), std::string(kMaxLocalRequestBytes + 10, 'x'));
    ASSERT_TRUE(answer) << answer.error();
    EXPECT_NE(answer.value().find("larger than 64 KiB"), std::string::npos) << answer.value();
    EXPECT_FALSE(called);
}

} // namespace
} // namespace indblik::agent

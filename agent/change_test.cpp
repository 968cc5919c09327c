// Rediscovery on change: inotify on the detectors' paths, the change generation and the
// long-polling "wait" op of the local API, end to end with a real agent, a real SQLite file, the
// real unix socket and real inotify.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include "agent_service.h"
#include "config_watcher.h"
#include "file_util.h"

namespace indblik::agent {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

Poco::JSON::Object::Ptr parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

class ChangeTest : public testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("indblik-change-" + std::to_string(::getpid()) + "-" +
                 testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "root/etc");
    }
    void TearDown() override { fs::remove_all(m_dir); }
    void write(const std::string& path, const std::string& content) {
        fs::create_directories((m_dir / "root" / path.substr(1)).parent_path());
        ASSERT_TRUE(writeFileAtomically((m_dir / "root" / path.substr(1)).string(), content, 0644));
    }
    // Waits (bounded) until `count` reaches `n`.
    static bool eventually(const std::atomic<int>& count, int n, std::chrono::milliseconds limit) {
        const auto until = Clock::now() + limit;
        while (count.load() < n && Clock::now() < until) {
            std::this_thread::sleep_for(10ms);
        }
        return count.load() >= n;
    }
    fs::path m_dir;
};

TEST_F(ChangeTest, AWatchedFileThatDoesNotExistYetIsSeenWhenCreated) {
    std::atomic<int> changes{0};
    ConfigWatcher watcher((m_dir / "root").string(), {"/etc/ld.so.preload", "/etc/audit/rules.d"},
                          [&] { ++changes; }, 100ms);
    ASSERT_TRUE(watcher.start());
    EXPECT_EQ(watcher.watchCount(), 1u) << "both are watched through /etc, which exists";
    write("/etc/hostname", "unrelated\n");
    std::this_thread::sleep_for(400ms);
    EXPECT_EQ(changes.load(), 0) << "another file in a watched directory is not a change";
    write("/etc/ld.so.preload", "/usr/lib/x86_64-linux-gnu/libsnoopy.so\n");
    EXPECT_TRUE(eventually(changes, 1, 3s));
    // Re-armed after the change: a later edit of the now existing file is seen too, and a
    // directory created two levels down is found through its ancestors.
    {
        std::ofstream append(m_dir / "root/etc/ld.so.preload", std::ios::app);
        append << "# a comment\n";
    }
    EXPECT_TRUE(eventually(changes, 2, 3s));
    fs::create_directories(m_dir / "root/etc/audit/rules.d");
    EXPECT_TRUE(eventually(changes, 3, 3s));
    write("/etc/audit/rules.d/x.rules", "-w /etc/shadow -p r\n");
    EXPECT_TRUE(eventually(changes, 4, 3s));
    watcher.stop();
}

TEST_F(ChangeTest, ABurstOfChangesIsOneRediscoveryAndWatchesAreBounded) {
    std::atomic<int> changes{0};
    std::vector<std::string> paths;
    for (int i = 0; i < 200; ++i) {
        fs::create_directories(m_dir / ("root/d" + std::to_string(i)));
        paths.push_back("/d" + std::to_string(i));
    }
    ConfigWatcher watcher((m_dir / "root").string(), paths, [&] { ++changes; }, 300ms);
    ASSERT_TRUE(watcher.start());
    EXPECT_LE(watcher.watchCount(), kMaxWatches);
    for (int i = 0; i < 20; ++i) {
        write("/d0/file" + std::to_string(i), "x");
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(eventually(changes, 1, 3s));
    std::this_thread::sleep_for(700ms);
    EXPECT_EQ(changes.load(), 1);
}

class AgentChangeTest : public ChangeTest {
protected:
    void SetUp() override {
        ChangeTest::SetUp();
        fs::copy(INDBLIK_CATALOG_DIR, m_dir / "catalog");
        m_config.stateDir = (m_dir / "state").string();
        m_config.socketPath = (m_dir / "agent.sock").string();
        m_config.root = (m_dir / "root").string();
        m_config.catalogDir = (m_dir / "catalog").string();
        m_config.discoveryIntervalSeconds = 300;
    }
    Poco::JSON::Object::Ptr request(const std::string& line) {
        auto answer = localRequest(m_config.socketPath, line);
        EXPECT_TRUE(answer) << answer.error();
        return answer ? parse(answer.value()) : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
    }
    AgentConfig m_config;
};

TEST_F(AgentChangeTest, ANewUndeclaredObservationReachesAWaitingClientAtOnce) {
    auto service = AgentService::create(m_config);
    ASSERT_TRUE(service) << service.error();
    ASSERT_TRUE(service.value()->start());
    const auto before = request(R"({"op":"overview"})");
    ASSERT_TRUE(before->getValue<bool>("ok"));
    EXPECT_EQ(before->getArray("observations")->size(), 0u);
    const auto generation = before->getValue<Poco::Int64>("generation");

    // Nothing changes: the wait times out and says so.
    auto quiet =
        request(R"({"op":"wait","after":)" + std::to_string(generation) + R"(,"timeout_ms":200})");
    EXPECT_FALSE(quiet->getValue<bool>("changed"));
    EXPECT_EQ(quiet->getValue<Poco::Int64>("generation"), generation);

    const auto started = Clock::now();
    auto waiting = std::async(std::launch::async, [&] {
        return request(R"({"op":"wait","after":)" + std::to_string(generation) +
                       R"(,"timeout_ms":20000})");
    });
    std::this_thread::sleep_for(100ms);
    write("/etc/ld.so.preload", "/usr/lib/x86_64-linux-gnu/libsnoopy.so\n");
    const auto woke = waiting.get();
    const auto took = Clock::now() - started;
    EXPECT_TRUE(woke->getValue<bool>("changed"));
    EXPECT_GT(woke->getValue<Poco::Int64>("generation"), generation);
    EXPECT_LT(took, 5s) << "well before the 5-minute schedule";

    const auto after = request(R"({"op":"overview"})");
    const auto observations = after->getArray("observations");
    ASSERT_EQ(observations->size(), 1u);
    EXPECT_EQ(observations->getObject(0)->getValue<std::string>("product"), "snoopy");
    EXPECT_FALSE(observations->getObject(0)->getValue<bool>("declared"));
    EXPECT_TRUE(observations->getObject(0)->isNull("activity"));
    service.value()->stop();
}

TEST_F(AgentChangeTest, APlaceThatBecomesUnreadableReachesAWaitingClientToo) {
    auto service = AgentService::create(m_config);
    ASSERT_TRUE(service) << service.error();
    ASSERT_TRUE(service.value()->start());
    const auto before = request(R"({"op":"overview"})");
    EXPECT_EQ(before->getArray("could_not_read")->size(), 0u);
    const auto generation = before->getValue<Poco::Int64>("generation");

    auto waiting = std::async(std::launch::async, [&] {
        return request(R"({"op":"wait","after":)" + std::to_string(generation) +
                       R"(,"timeout_ms":20000})");
    });
    std::this_thread::sleep_for(100ms);
    // A binary file where a configuration file is watched: no observation changes, but the
    // employee must learn that the list may be incomplete.
    write("/etc/ld.so.preload", std::string("\x7f"
                                            "ELF\0\0binary",
                                            12));
    const auto woke = waiting.get();
    EXPECT_TRUE(woke->getValue<bool>("changed"));

    const auto after = request(R"({"op":"overview"})");
    EXPECT_EQ(after->getArray("observations")->size(), 0u);
    const auto problems = after->getArray("could_not_read");
    ASSERT_EQ(problems->size(), 1u);
    EXPECT_EQ(problems->getObject(0)->getValue<std::string>("path"), "/etc/ld.so.preload");
    service.value()->stop();
}

TEST_F(AgentChangeTest, WaitingClientsDoNotBlockOthersAndAreBounded) {
    auto service = AgentService::create(m_config);
    ASSERT_TRUE(service) << service.error();
    ASSERT_TRUE(service.value()->start());
    const auto generation = std::to_string(service.value()->generation());
    std::vector<std::future<Poco::JSON::Object::Ptr>> waiters;
    for (int i = 0; i < AgentService::kMaxWaiters + 2; ++i) {
        waiters.push_back(std::async(std::launch::async, [&] {
            return request(R"({"op":"wait","after":)" + generation + R"(,"timeout_ms":3000})");
        }));
    }
    std::this_thread::sleep_for(300ms);
    const auto started = Clock::now();
    const auto overview = request(R"({"op":"overview"})");
    EXPECT_TRUE(overview->getValue<bool>("ok"));
    EXPECT_LT(Clock::now() - started, 1s) << "an overview is answered while clients wait";
    int refused = 0;
    for (auto& w : waiters) {
        const auto answer = w.get();
        if (!answer->getValue<bool>("ok")) {
            ++refused;
            EXPECT_NE(answer->getValue<std::string>("error").find("too many"), std::string::npos);
        }
    }
    EXPECT_EQ(refused, 2);
    // Bad arguments and a stopping agent: no hang.
    EXPECT_FALSE(request(R"({"op":"wait","after":"x"})")->getValue<bool>("ok"));
    auto last = std::async(std::launch::async, [&] {
        return request(R"({"op":"wait","after":)" + generation + R"(,"timeout_ms":60000})");
    });
    std::this_thread::sleep_for(200ms);
    const auto stopping = Clock::now();
    service.value()->stop();
    EXPECT_LT(Clock::now() - stopping, 5s) << "stop() wakes waiting clients";
    last.get();
}

} // namespace
} // namespace indblik::agent

#pragma once

// Helpers for tests that run the real programs: run a command and capture its output, and
// start/stop an indblik-server process on free ports and read the ports it announced.

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>

#include <gtest/gtest.h>

namespace indblik::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

// A new, empty folder for the running test: /tmp/<prefix>-<pid>-<test name>.
inline fs::path freshTestDir(const std::string& prefix) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const fs::path dir = fs::temp_directory_path() /
                         (prefix + "-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A TLS client that trusts only caFile and, given a certificate and key, presents them (as an
// enrolled agent does from its identity folder).
inline Poco::Net::Context::Ptr clientContext(const fs::path& caFile, const fs::path& certFile = {},
                                             const fs::path& keyFile = {}) {
    Poco::Net::initializeSSL();
    Poco::Net::Context::Params params;
    params.caLocation = caFile.string();
    params.certificateFile = certFile.string();
    params.privateKeyFile = keyFile.string();
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = false;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
    return context;
}

// The context of the agent enrolled into identity (its ca.crt, agent.crt and agent.key).
inline Poco::Net::Context::Ptr agentClientContext(const fs::path& identity) {
    return clientContext(identity / "ca.crt", identity / "agent.crt", identity / "agent.key");
}

// One JSON request to 127.0.0.1:port over TLS with context; the status and the body.
inline std::pair<int, std::string> httpsCall(int port, const Poco::Net::Context::Ptr& context,
                                             const std::string& method, const std::string& path,
                                             const std::string& body = {}) {
    Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port), context);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::ostringstream text;
    text << in.rdbuf();
    return {static_cast<int>(response.getStatus()), text.str()};
}

struct Outcome {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs a program (no shell) with stdin from a file (or /dev/null), stdout and stderr captured
// through files in scratch; kills it after the timeout.
inline Outcome runProgram(const std::vector<std::string>& args, const fs::path& scratch,
                          std::chrono::seconds timeout = 30s, const std::string& input = {}) {
    static int counter = 0;
    const auto tag = std::to_string(::getpid()) + "-" + std::to_string(++counter);
    const fs::path inPath = scratch / ("cmd-" + tag + ".in");
    const fs::path outPath = scratch / ("cmd-" + tag + ".out");
    const fs::path errPath = scratch / ("cmd-" + tag + ".err");
    {
        std::ofstream in(inPath, std::ios::binary);
        in << input;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int in = ::open(inPath.c_str(), O_RDONLY);
        const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        std::vector<char*> argv;
        for (const auto& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    Outcome result;
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            result.err = "timed out\n";
            break;
        }
        std::this_thread::sleep_for(10ms);
    }
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readText(outPath);
    result.err += readText(errPath);
    fs::remove(inPath);
    return result;
}

// One indblik-server process: `run` on 127.0.0.1 with ports chosen by the system, its output
// in scratch/<name>.out and .err.
class ServerProcess {
public:
    ServerProcess(std::string binary, fs::path dataDir, fs::path scratch, std::string name)
        : m_binary(std::move(binary)), m_data(std::move(dataDir)), m_scratch(std::move(scratch)),
          m_name(std::move(name)) {}
    ~ServerProcess() { stop(false); }

    // Starts it and waits until it announced its ports (gtest assertions on failure).
    void start(const std::vector<std::string>& extraArgs = {}) {
        std::vector<std::string> args = {
            m_binary,    "run",          "--data-dir", m_data.string(), "--listen",
            "127.0.0.1", "--agent-port", "0",          "--enroll-port", "0"};
        args.insert(args.end(), extraArgs.begin(), extraArgs.end());
        const fs::path listening = m_data / "listening.json";
        fs::remove(listening);
        m_pid = ::fork();
        if (m_pid == 0) {
            const int out = ::open(outPath().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err = ::open(errPath().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(out, 1);
            ::dup2(err, 2);
            std::vector<char*> argv;
            for (const auto& a : args) {
                argv.push_back(const_cast<char*>(a.c_str()));
            }
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ASSERT_GT(m_pid, 0);
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (!fs::exists(listening)) {
            int status = 0;
            ASSERT_EQ(::waitpid(m_pid, &status, WNOHANG), 0) << m_name << " exited early:\n"
                                                             << readText(errPath());
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << m_name << " did not start";
            std::this_thread::sleep_for(20ms);
        }
        Poco::JSON::Parser parser;
        const auto ports = parser.parse(readText(listening)).extract<Poco::JSON::Object::Ptr>();
        m_agentPort = ports->getValue<int>("agent_port");
        m_enrollPort = ports->getValue<int>("enroll_port");
        EXPECT_EQ(ports->getValue<int>("pid"), m_pid);
        ASSERT_GT(m_agentPort, 0);
        ASSERT_GT(m_enrollPort, 0);
        EXPECT_NE(readText(outPath()).find("indblik-server: listening: agents https://"),
                  std::string::npos);
    }

    // SIGTERM, then SIGKILL after 10 s (a test failure when mustStopCleanly).
    void stop(bool mustStopCleanly = true) {
        if (m_pid <= 0) {
            return;
        }
        ::kill(m_pid, SIGTERM);
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (::waitpid(m_pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, &status, 0);
                if (mustStopCleanly) {
                    ADD_FAILURE() << m_name << " ignored SIGTERM";
                }
                break;
            }
            std::this_thread::sleep_for(10ms);
        }
        m_pid = -1;
    }

    // SIGKILL: no clean shutdown, whatever it was doing is cut off.
    void kill9() {
        if (m_pid <= 0) {
            return;
        }
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }

    // `indblik-server admin --data-dir DATA [extra...] COMMAND...`
    Outcome admin(const std::vector<std::string>& command, const std::string& input = {},
                  const std::vector<std::string>& globalOptions = {}) const {
        std::vector<std::string> args = {m_binary, "admin", "--data-dir", m_data.string()};
        args.insert(args.end(), globalOptions.begin(), globalOptions.end());
        args.insert(args.end(), command.begin(), command.end());
        return runProgram(args, m_scratch, 30s, input);
    }

    pid_t pid() const { return m_pid; }
    int agentPort() const { return m_agentPort; }
    int enrollPort() const { return m_enrollPort; }
    const fs::path& dataDir() const { return m_data; }
    fs::path outPath() const { return m_scratch / (m_name + ".out"); }
    fs::path errPath() const { return m_scratch / (m_name + ".err"); }

private:
    std::string m_binary;
    fs::path m_data;
    fs::path m_scratch;
    std::string m_name;
    pid_t m_pid = -1;
    int m_agentPort = 0;
    int m_enrollPort = 0;
};

} // namespace indblik::testing

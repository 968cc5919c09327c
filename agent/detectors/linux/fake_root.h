#pragma once

// Test support for detectors: a real fake tree per test below a temp dir, passed as --root, and
// the shipped catalog. Shared by every detector test file.

#include <algorithm>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "detectors/detector.h"
#include "file_util.h"

namespace indblik::agent::testing_support {

namespace fs = std::filesystem;

inline const Catalog& catalog() {
    static const Catalog c = [] {
        auto loaded = Catalog::loadDirectory(INDBLIK_CATALOG_DIR);
        EXPECT_TRUE(loaded) << loaded.error();
        return loaded ? std::move(loaded).value() : Catalog{};
    }();
    return c;
}

// A fresh fake tree per test, so each detector reads real files below --root.
class FakeRoot : public testing::Test {
protected:
    void SetUp() override {
        m_root = fs::temp_directory_path() /
                 ("indblik-detector-" + std::to_string(::getpid()) + "-" +
                  testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_root);
        fs::create_directories(m_root);
    }
    void TearDown() override { fs::remove_all(m_root); }
    void write(const std::string& path, const std::string& content) {
        fs::create_directories((m_root / path.substr(1)).parent_path());
        ASSERT_TRUE(writeFileAtomically((m_root / path.substr(1)).string(), content, 0644));
    }
    void process(int pid, const std::string& comm, const std::string& exe,
                 const std::string& cmdline) {
        write("/proc/" + std::to_string(pid) + "/comm", comm + "\n");
        write("/proc/" + std::to_string(pid) + "/cmdline", cmdline);
        if (!exe.empty()) {
            fs::create_symlink(exe, m_root / ("proc/" + std::to_string(pid) + "/exe"));
        }
    }
    // Problems reported through ctx() land in m_problems.
    DetectorContext ctx() { return {m_root.string(), catalog(), &m_problems, "test"}; }
    bool reported(const std::string& pathContains) const {
        return std::any_of(m_problems.begin(), m_problems.end(), [&](const DetectorProblem& p) {
            return p.path.find(pathContains) != std::string::npos;
        });
    }
    fs::path m_root;
    std::vector<DetectorProblem> m_problems;
};

inline bool anyContains(const std::vector<std::string>& lines, const std::string& text) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

} // namespace indblik::agent::testing_support

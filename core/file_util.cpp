#include "file_util.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace indblik {

Result<std::string> readFile(const std::string& path, std::size_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{path + ": cannot open (" + std::strerror(errno) + ")"};
    }
    // Read in chunks: sizing a buffer to the limit would zero-fill up to maxBytes (256 MiB for
    // the dpkg status file) on every call.
    auto content = readBounded(in, maxBytes);
    if (!content) {
        return Error{path + ": larger than the limit of " + std::to_string(maxBytes) + " bytes"};
    }
    return std::move(content).value();
}

std::optional<std::string> readBounded(std::istream& in, std::size_t maxBytes) {
    std::string content;
    char buffer[16 * 1024];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) {
            break;
        }
        if (content.size() + n > maxBytes) {
            return std::nullopt;
        }
        content.append(buffer, n);
    }
    return content;
}

Status writeFileSynced(const std::string& path, const std::string& content, unsigned mode) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        return Error{path + ": cannot create (" + std::strerror(errno) + ")"};
    }
    ::fchmod(fd, mode);
    std::size_t written = 0;
    while (written < content.size()) {
        const auto n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const std::string why = std::strerror(errno);
            ::close(fd);
            return Error{path + ": cannot write (" + why + ")"};
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        return Error{path + ": cannot flush to disk (" + std::strerror(errno) + ")"};
    }
    return Status::success();
}

Status syncDirectory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return Error{dir + ": cannot open (" + std::strerror(errno) + ")"};
    }
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) {
        return Error{dir + ": cannot flush to disk (" + std::strerror(err) + ")"};
    }
    return Status::success();
}

Status writeFileAtomically(const std::string& path, const std::string& content, unsigned mode) {
    const std::string tmp = path + ".tmp";
    if (auto written = writeFileSynced(tmp, content, mode); !written) {
        ::unlink(tmp.c_str());
        return written;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return Error{path + ": cannot replace (" + std::strerror(errno) + ")"};
    }
    return Status::success();
}

Result<std::vector<std::string>> listFiles(const std::string& dir, const std::string& suffix) {
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        const auto name = e.path().filename().string();
        if (e.is_regular_file(ec) && name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            files.push_back(e.path().string());
        }
    }
    if (ec) {
        return Error{dir + ": cannot list (" + ec.message() + ")"};
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string underRoot(const std::string& root, const std::string& absolutePath) {
    if (root.empty() || root == "/") {
        return absolutePath;
    }
    std::string r = root;
    while (r.size() > 1 && r.back() == '/') {
        r.pop_back();
    }
    return r + absolutePath;
}

} // namespace indblik

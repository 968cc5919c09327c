#include "router.h"

#include <sstream>

#include <Poco/JSON/Object.h>

namespace indblik::server {
namespace {

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    if (path.empty() || path.front() != '/') {
        return out;
    }
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto end = slash == std::string::npos ? path.size() : slash;
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool matches(const std::string& pattern, const std::string& path,
             std::map<std::string, std::string>& captures) {
    const auto want = segments(pattern);
    const auto have = segments(path);
    if (want.size() != have.size()) {
        return false;
    }
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto& w = want[i];
        if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
            if (have[i].empty()) {
                return false;
            }
            found[w.substr(1, w.size() - 2)] = have[i];
        } else if (w != have[i]) {
            return false;
        }
    }
    captures = std::move(found);
    return true;
}

} // namespace

Reply errorReply(int status, const std::string& message) {
    Poco::JSON::Object object;
    object.set("error", message);
    std::ostringstream out;
    object.stringify(out);
    return {status, out.str()};
}

Reply errorReply(int status, const std::string& message, const std::string& reason) {
    Poco::JSON::Object object;
    object.set("error", message);
    object.set("reason", reason);
    std::ostringstream out;
    object.stringify(out);
    return {status, out.str()};
}

std::string Request::param(const std::string& name) const {
    const auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

void Router::add(Route route) {
    m_routes.push_back(std::move(route));
}

Router::Match Router::match(Listener listener, const std::string& method,
                            const std::string& path) const {
    Match result;
    for (const auto& route : m_routes) {
        std::map<std::string, std::string> captures;
        if (route.listener != listener || !matches(route.pattern, path, captures)) {
            continue;
        }
        if (route.method != method) {
            result.status = 405;
            continue;
        }
        result.route = &route;
        result.status = 200;
        result.captures = std::move(captures);
        return result;
    }
    return result;
}

} // namespace indblik::server

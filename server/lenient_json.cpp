#include "lenient_json.h"

#include <exception>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

namespace indblik::server::lenient {

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
    try {
        Poco::JSON::Parser parser;
        return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        return nullptr;
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::string text(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key) || o->isNull(key)) {
        return {};
    }
    try {
        const auto v = o->get(key);
        return v.isString() ? v.extract<std::string>() : v.toString();
    } catch (const Poco::Exception&) {
        return {};
    }
}

} // namespace indblik::server::lenient

#include "local_request.h"

#include <limits>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace indblik::agent {

namespace {

// A string field, or empty when it is missing. A field of another type is an error: converting
// an object or array to a string throws, and a request must never end without an answer.
std::optional<std::string> stringField(const Poco::JSON::Object& object, const std::string& key) {
    if (!object.has(key) || object.isNull(key)) {
        return std::string();
    }
    const auto value = object.get(key);
    if (!value.isString()) {
        return std::nullopt;
    }
    return value.extract<std::string>();
}

Result<LocalRequest> parseServer(const Poco::JSON::Object& object, LocalRequest request) {
    request.op = LocalRequest::Op::Server;
    const auto what = stringField(object, "what");
    request.what = what.value_or("");
    if (request.what == "my_data") {
        if (object.has("before")) {
            const auto before = object.get("before");
            if (!before.isString() || before.extract<std::string>().empty() ||
                before.extract<std::string>().size() > 200) {
                return Error{"my_data: \"before\" must be the events' \"next\" of an earlier "
                             "answer"};
            }
            request.before = before.extract<std::string>();
        }
    } else if (request.what == "export") {
        request.format = stringField(object, "format").value_or("");
        if (request.format != "ndjson" && request.format != "csv" && request.format != "html") {
            return Error{"export: format must be ndjson, csv or html"};
        }
    } else if (request.what == "requests") {
    } else if (request.what == "submit_request") {
        const auto submitted = object.getObject("request");
        if (!submitted) {
            return Error{"submit_request: missing \"request\" object"};
        }
        std::ostringstream text;
        submitted->stringify(text);
        request.submittedJson = text.str();
    } else {
        return Error{"server: unknown \"what\" (known: my_data, export, requests, "
                     "submit_request)"};
    }
    return request;
}

Result<LocalRequest> parseWait(const Poco::JSON::Object& object, LocalRequest request) {
    request.op = LocalRequest::Op::Wait;
    for (const auto& [name, target] :
         {std::pair<const char*, std::int64_t*>{"after", &request.after},
          {"timeout_ms", &request.timeoutMs}}) {
        if (!object.has(name)) {
            continue;
        }
        const auto value = object.get(name);
        // A whole number beyond 64 bits would throw on conversion.
        if (!value.isInteger() ||
            (!value.isSigned() &&
             value.convert<Poco::UInt64>() >
                 static_cast<Poco::UInt64>(std::numeric_limits<std::int64_t>::max()))) {
            return Error{"\"after\" and \"timeout_ms\" must be whole numbers"};
        }
        *target = value.convert<Poco::Int64>();
    }
    return request;
}

} // namespace

Result<LocalRequest> parseLocalRequest(const std::string& line) {
    Poco::JSON::Object::Ptr object;
    std::optional<std::string> op;
    try {
        Poco::JSON::Parser parser;
        const auto parsed = parser.parse(line);
        if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
            object = parsed.extract<Poco::JSON::Object::Ptr>();
        }
        if (object) {
            op = stringField(*object, "op");
        }
    } catch (const Poco::Exception&) {
    } catch (const std::exception&) {
    }
    if (!object || !op) {
        return Error{"request is not a JSON object with an \"op\""};
    }
    try {
        LocalRequest request;
        if (*op == "overview") {
            return request;
        }
        if (*op == "wait") {
            return parseWait(*object, request);
        }
        if (*op == "server") {
            return parseServer(*object, request);
        }
    } catch (const Poco::Exception& e) {
        return Error{"malformed request: " + e.message()};
    }
    return Error{"unknown op (known: overview, wait, server)"};
}

} // namespace indblik::agent

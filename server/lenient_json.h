#pragma once

// Reading the agents' payloads leniently: a payload that is not a JSON object, or a field that is
// missing, null or of another type, reads as absent rather than as an error, so entries of an
// older or newer agent still show. For data the server must refuse when malformed, use
// core/json_reader.h instead.

#include <string>

#include <Poco/JSON/Object.h>

namespace indblik::server::lenient {

// The payload as an object; null when it is not JSON or not an object.
Poco::JSON::Object::Ptr parseObject(const std::string& text);

// A field as text (a number or a boolean as JSON writes it); "" when missing or null.
std::string text(const Poco::JSON::Object::Ptr& o, const std::string& key);

} // namespace indblik::server::lenient

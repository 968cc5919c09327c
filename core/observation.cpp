#include "observation.h"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include "json_reader.h"

namespace indblik {

std::string Observation::key() const {
    return product ? "product:" + *product : detector + ":" + name;
}

Poco::JSON::Object::Ptr toJson(const Observation& o) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("detector", o.detector);
    j->set("product", o.product ? Poco::Dynamic::Var(*o.product) : Poco::Dynamic::Var());
    j->set("name", o.name);
    if (o.title) {
        Poco::JSON::Object::Ptr title = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        title->set("en", o.title->en);
        title->set("da", o.title->da);
        j->set("title", title);
    } else {
        j->set("title", Poco::Dynamic::Var());
    }
    Poco::JSON::Array::Ptr categories = new Poco::JSON::Array;
    for (const auto& c : o.categories) {
        categories->add(c);
    }
    j->set("categories", categories);
    Poco::JSON::Array::Ptr evidence = new Poco::JSON::Array;
    for (const auto& e : o.evidence) {
        evidence->add(e);
    }
    j->set("evidence", evidence);
    Poco::JSON::Object::Ptr why = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    why->set("en", o.why.en);
    why->set("da", o.why.da);
    j->set("why", why);
    j->set("declared", o.declared);
    j->set("policy", o.policy ? Poco::Dynamic::Var(*o.policy) : Poco::Dynamic::Var());
    return j;
}

std::string toJsonText(const Observation& o) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(toJson(o), out);
    return out.str();
}

Result<Observation> observationFromJson(std::string_view text, std::string_view origin) {
    try {
        json::ObjectReader r(json::parse(text), "$");
        Observation o;
        o.detector = r.string("detector", 64);
        o.product = r.optionalString("product", 64);
        o.name = r.string("name", 500);
        if (r.has("title")) {
            o.title = r.localized("title");
        } else {
            (void)r.optionalObject("title");
        }
        o.categories = r.optionalStringArray("categories", 100);
        for (const auto& c : o.categories) {
            if (!isDataCategory(c)) {
                throw json::ParseError("$.categories", "data categories from the vocabulary");
            }
        }
        o.evidence = r.stringArray("evidence", 1000);
        o.why = r.localized("why");
        o.declared = r.boolean("declared");
        o.policy = r.optionalString("policy", 64);
        r.finish();
        return o;
    } catch (const json::ParseError& e) {
        return Error{std::string(origin) + ": " + e.what()};
    }
}

} // namespace indblik

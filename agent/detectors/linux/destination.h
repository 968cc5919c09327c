#pragma once

// Where monitoring sends data, as configuration names it: a host, host:port or URL. Only the
// address is kept, never credentials or tokens that configuration may carry with it.

#include <string>
#include <string_view>
#include <vector>

namespace indblik::agent {

// "http://user:secret@proxy.example:3128/x?token=y" → "http://proxy.example:3128/x": drops
// surrounding quotes and blanks, any user:password@ part, and the query and fragment of a URL
// (they often carry access tokens). Works with and without a scheme.
std::string withoutCredentials(std::string_view address);

// A list value ("a:1, b:2;c") split on commas, semicolons and blanks, each part cleaned with
// withoutCredentials; empty parts dropped; at most maxItems parts.
std::vector<std::string> splitDestinations(std::string_view list, std::size_t maxItems);

} // namespace indblik::agent

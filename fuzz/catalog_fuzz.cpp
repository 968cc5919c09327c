// Catalog entries are data files (policies/catalog/): parseCatalogEntry must refuse a malformed
// one with an error, including a destination pattern that is not a valid regular expression.

#include "catalog.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)indblik::parseCatalogEntry(indblik::fuzz::text(data, size), "fuzz.json");
    return 0;
}

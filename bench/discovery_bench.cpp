// In-process cost of one discovery on this machine (Google Benchmark). Not part of ctest: build
// with -DINDBLIK_BUILD_BENCH=ON and run bench/run-all.sh or the binary itself. The process table
// is whatever runs at the time; bench/run-all.sh starts 300 idle processes first.

#include <cstdlib>
#include <string>

#include <benchmark/benchmark.h>

#include "catalog.h"
#include "detectors/detector.h"
#include "discovery.h"

namespace {

std::string catalogDir() {
    const char* dir = std::getenv("INDBLIK_BENCH_CATALOG");
    return dir ? dir : INDBLIK_BENCH_CATALOG_DIR;
}

// What the service does every cycle: load the catalog, run every detector on "/".
void BM_DiscoveryWithCatalogLoad(benchmark::State& state) {
    const auto dir = catalogDir();
    for (auto _ : state) {
        auto catalog = indblik::Catalog::loadDirectory(dir);
        if (!catalog) {
            state.SkipWithError(catalog.error().c_str());
            return;
        }
        auto found =
            indblik::agent::discover("/", catalog.value(), indblik::agent::platformDetectors());
        benchmark::DoNotOptimize(found);
    }
}

// The detectors alone, with the catalog already loaded.
void BM_DiscoveryOnly(benchmark::State& state) {
    auto catalog = indblik::Catalog::loadDirectory(catalogDir());
    if (!catalog) {
        state.SkipWithError(catalog.error().c_str());
        return;
    }
    const auto detectors = indblik::agent::platformDetectors();
    for (auto _ : state) {
        auto found = indblik::agent::discover("/", catalog.value(), detectors);
        benchmark::DoNotOptimize(found);
    }
}

} // namespace

BENCHMARK(BM_DiscoveryWithCatalogLoad)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_DiscoveryOnly)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

BENCHMARK_MAIN();

// Proof that the sanitize build's checks are on: each mode makes one error the suite relies on
// the sanitizers to catch, and tests/sanitizer/CMakeLists.txt expects the report and a failing
// exit. Built only with INDBLIK_SANITIZE. If a flag ever falls out of the build (or UBSan goes
// back to printing and carrying on), these tests fail rather than the suite passing unguarded.

#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

// Out of the optimizer's sight, so -O1 cannot fold the errors away.
[[gnu::noinline]] int* freshArray() {
    return new int[4]{1, 2, 3, 4};
}
[[gnu::noinline]] int add(int a, int b) {
    return a + b;
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "use-after-free") {
        int* p = freshArray();
        delete[] p;
        std::printf("%d\n", p[1]);
    } else if (mode == "overflow") {
        int* p = freshArray();
        const volatile int index = 4;
        std::printf("%d\n", p[index]);
        delete[] p;
    } else if (mode == "leak") {
        int* volatile p = freshArray();
        p = nullptr;
    } else if (mode == "signed-overflow") {
        const volatile int big = INT_MAX;
        std::printf("%d\n", add(big, 1));
    } else {
        std::fprintf(
            stderr,
            "usage: indblik_sanitizer_canary use-after-free|overflow|leak|signed-overflow\n");
        return 2;
    }
    std::printf("not caught\n");
    return 0;
}

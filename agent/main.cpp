#include "cli.h"

int main(int argc, char** argv) {
    return indblik::agent::runCli(argc, argv);
}

// indblik-server: the central service agents sync to, and its admin command line.

#include <iostream>

#include "admin.h"
#include "cli.h"
#include "server_app.h"

int main(int argc, char** argv) {
    using namespace indblik::server;
    // Before any thread exists, so all of them inherit it (see blockTerminationSignals).
    blockTerminationSignals();

    const std::vector<std::string> args(argv + 1, argv + argc);
    auto cl = parseCommandLine(args);
    if (!cl) {
        std::cerr << "indblik-server: " << cl.error() << "\n";
        return 2;
    }
    switch (cl->action) {
    case Action::Help:
        std::cout << usage();
        return 0;
    case Action::Version:
        std::cout << "indblik-server " << INDBLIK_VERSION << "\n";
        return 0;
    case Action::Admin:
        return runAdmin(cl->admin, std::cout, std::cerr, std::cin);
    case Action::Run:
        break;
    }
    ServerApp app(cl->run);
    // Options were parsed above; Poco gets only the program name.
    return app.run(1, argv);
}

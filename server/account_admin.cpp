// Admin commands for web accounts: the first administrator and every council, DPO and admin
// account are made here (there is no sign-up and no default account), and employees without an
// agent get a one-time link to set up their own sign-in.

#include <charconv>
#include <fstream>
#include <iostream>
#include <istream>
#include <ostream>
#include <pwd.h>
#include <sstream>
#include <termios.h>
#include <unistd.h>

#include <Poco/Environment.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "accounts.h"
#include "admin.h"
#include "data_dir.h"
#include "file_util.h"

namespace indblik::server {
namespace {

std::string operatorName() {
    const passwd* pw = ::getpwuid(::geteuid());
    return std::string("admin-cli:") + (pw != nullptr ? pw->pw_name : std::to_string(::geteuid()));
}

// One line from in, without its line end; on a terminal, asked twice without echo.
Result<std::string> readPassword(AdminContext& x) {
    const bool terminal = &x.in == &std::cin && ::isatty(STDIN_FILENO) == 1;
    const auto line = [&x](const char* prompt, bool quiet) -> Result<std::string> {
        termios old{};
        if (quiet) {
            x.err << prompt << std::flush;
            ::tcgetattr(STDIN_FILENO, &old);
            termios silent = old;
            silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        }
        std::string text;
        const bool got = static_cast<bool>(std::getline(x.in, text));
        if (quiet) {
            ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
            x.err << "\n";
        }
        if (!got) {
            return Error{"no password on standard input (give it as one line)"};
        }
        if (!text.empty() && text.back() == '\r') {
            text.pop_back();
        }
        return text;
    };
    auto first = line("Password: ", terminal);
    if (!first || !terminal) {
        return first;
    }
    auto second = line("Password again: ", true);
    if (!second) {
        return second;
    }
    if (first.value() != second.value()) {
        return Error{"the two passwords differ"};
    }
    return first;
}

bool parseInt(const std::string& text, int& value) {
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return !text.empty() && ec == std::errc() && ptr == end;
}

// https://host:port of the public listener: --base-url, else this machine's name and the port
// in listening.json of a running server, else the default port.
Result<std::string> publicBaseUrl(AdminContext& x) {
    std::string base = x.options.option("--base-url");
    if (!base.empty()) {
        if (base.rfind("https://", 0) != 0 || base.size() <= 8 ||
            base.find_first_of(" \t\r\n\"<>?#") != std::string::npos) {
            return Error{"--base-url: expected https://host[:port], got \"" + base + "\""};
        }
        while (base.back() == '/') {
            base.pop_back();
        }
        return base;
    }
    int port = 8444;
    auto listening = readFile(x.dir.listening(), 4096);
    if (listening) {
        try {
            Poco::JSON::Parser parser;
            auto object = parser.parse(listening.value()).extract<Poco::JSON::Object::Ptr>();
            port = object->getValue<int>("enroll_port");
        } catch (const Poco::Exception& e) {
            return Error{x.dir.listening() + ": " + e.displayText()};
        }
    } else {
        x.err << "indblik-server admin: the server is not running here; assuming port " << port
              << " (give --base-url to be sure)\n";
    }
    return "https://" + Poco::Environment::nodeName() + ":" + std::to_string(port);
}

std::string status(const Account& a) {
    if (!a.disabledAt.empty()) {
        return "disabled " + a.disabledAt;
    }
    if (a.lockedUntil > systemSeconds()) {
        return "locked for " + std::to_string(a.lockedUntil - systemSeconds()) + " s";
    }
    return "active";
}

int createUser(AdminContext& x) {
    const auto role = parseRole(x.options.option("--role"));
    if (!role || *role == Role::Employee) {
        return adminFail(x.err, "--role: expected council, dpo or admin (employees set up their "
                                "own sign-in with create-setup-link)");
    }
    if (!x.options.has("--name")) {
        return adminFail(x.err, "--name: the person's full name is required");
    }
    auto pass = readPassword(x);
    if (!pass) {
        return adminFail(x.err, pass.error());
    }
    AccountStore accounts(x.db);
    auto account = accounts.create(
        {x.options.args[0], x.options.option("--name"), *role, {}, pass.value(), operatorName()});
    if (!account) {
        return adminFail(x.err, account.error());
    }
    x.out << "created " << roleName(account->role) << " account " << account->login << " ("
          << account->displayName << ")\n";
    return 0;
}

} // namespace

std::vector<AdminCommand> accountAdminCommands() {
    std::vector<AdminCommand> c;
    c.push_back({"create-user",
                 "create-user LOGIN --role council|dpo|admin --name \"FULL NAME\"",
                 "create a web account; the password is one line on standard input",
                 1,
                 1,
                 {"--role", "--name"},
                 {},
                 createUser});
    c.push_back(
        {"list-users", "list-users", "list web accounts", 0, 0, {}, {}, [](AdminContext& x) {
             AccountStore accounts(x.db);
             auto all = accounts.list();
             if (!all) {
                 return adminFail(x.err, all.error());
             }
             x.out << "login\trole\tname\tperson\tcreated_at\tcreated_by\tstatus\n";
             for (const auto& a : all.value()) {
                 x.out << a.login << "\t" << roleName(a.role) << "\t" << a.displayName << "\t"
                       << (a.personId.empty() ? "-" : a.personId) << "\t" << a.createdAt << "\t"
                       << a.createdBy << "\t" << status(a) << "\n";
             }
             return 0;
         }});
    c.push_back({"disable-user",
                 "disable-user LOGIN",
                 "refuse the account's sign-in from now on and end its sessions",
                 1,
                 1,
                 {},
                 {},
                 [](AdminContext& x) {
                     AccountStore accounts(x.db);
                     auto a = accounts.disable(x.options.args[0]);
                     if (!a) {
                         return adminFail(x.err, a.error());
                     }
                     x.out << "account " << a->login << " disabled " << a->disabledAt
                           << "; its sessions are ended\n";
                     return 0;
                 }});
    c.push_back({"reset-password",
                 "reset-password LOGIN",
                 "set a new password (one line on standard input), unlock, end the sessions",
                 1,
                 1,
                 {},
                 {},
                 [](AdminContext& x) {
                     auto pass = readPassword(x);
                     if (!pass) {
                         return adminFail(x.err, pass.error());
                     }
                     AccountStore accounts(x.db);
                     if (auto s = accounts.resetPassword(x.options.args[0], pass.value()); !s) {
                         return adminFail(x.err, s.error());
                     }
                     x.out << "password of " << normalizeLogin(x.options.args[0])
                           << " set; its sessions are ended\n";
                     return 0;
                 }});
    c.push_back({"create-setup-link",
                 "create-setup-link --person PERSON_ID [--ttl-hours N] [--base-url URL]",
                 "print a one-time link (default 72 h) with which the employee sets up a web "
                 "sign-in of their own",
                 0,
                 0,
                 {"--person", "--ttl-hours", "--base-url"},
                 {},
                 [](AdminContext& x) {
                     const std::string person = x.options.option("--person");
                     if (person.empty()) {
                         return adminFail(x.err, "--person: the person's id is required");
                     }
                     int hours = 72;
                     if (!parseInt(x.options.option("--ttl-hours", "72"), hours)) {
                         return adminFail(x.err, "--ttl-hours: expected a number, got \"" +
                                                     x.options.option("--ttl-hours") + "\"");
                     }
                     auto base = publicBaseUrl(x);
                     if (!base) {
                         return adminFail(x.err, base.error());
                     }
                     AccountStore accounts(x.db);
                     auto token = accounts.createSetupLink(person, hours, operatorName());
                     if (!token) {
                         return adminFail(x.err, token.error());
                     }
                     x.out << base.value() << "/setup?token=" << token.value() << "\n";
                     return 0;
                 }});
    return c;
}

} // namespace indblik::server

// Admin commands for people and their computers: add-person, import-directory, assign-device,
// list-people.

#include <ostream>

#include "admin.h"
#include "file_util.h"
#include "people.h"

namespace indblik::server {
namespace {

int addPerson(AdminContext& x) {
    NewPerson p;
    p.name = x.options.option("--name");
    p.email = x.options.option("--email");
    p.orgUnit = x.options.option("--org-unit");
    p.username = x.options.option("--username");
    p.employeeNumber = x.options.option("--employee-number");
    if (p.name.empty()) {
        return adminFail(x.err, "add-person: --name is required");
    }
    PeopleStore people(x.db);
    auto added = people.add(p);
    if (!added) {
        return adminFail(x.err, "add-person: " + added.error());
    }
    x.out << added->id << "\n";
    return 0;
}

int importDirectory(AdminContext& x) {
    const std::string& file = x.options.args[0];
    auto text = readFile(file, kMaxDirectoryBytes);
    if (!text) {
        return adminFail(x.err, text.error());
    }
    PeopleStore people(x.db);
    const auto outcome =
        people.importDirectory(text.value(), file, x.options.has("--mark-missing-left"));
    for (const auto& w : outcome.warnings) {
        x.err << "warning: " << w << "\n";
    }
    if (!outcome.errors.empty()) {
        for (const auto& e : outcome.errors) {
            x.err << e << "\n";
        }
        return adminFail(x.err, "import-directory: nothing was imported; correct the file and "
                                "run the command again");
    }
    x.out << "imported " << file << ": " << outcome.added << " added, " << outcome.updated
          << " updated, " << outcome.rejoined << " back from having left, " << outcome.unchanged
          << " unchanged, " << outcome.markedLeft << " marked as left, " << outcome.devicesTied
          << " computers tied\n";
    return 0;
}

int assignDevice(AdminContext& x) {
    const std::string person = x.options.option("--person");
    if (person.empty()) {
        return adminFail(x.err, "assign-device: --person ID is required");
    }
    PeopleStore people(x.db);
    const std::string osUser = x.options.option("--os-user", "*");
    if (auto s = people.assignDevice(x.options.args[0], person, osUser); !s) {
        return adminFail(x.err, "assign-device: " + s.error());
    }
    x.out << "device " << x.options.args[0] << " ("
          << (osUser == "*" ? std::string("every user") : "user " + osUser) << ") is now person "
          << person << "'s\n";
    return 0;
}

int listPeople(AdminContext& x) {
    PeopleStore people(x.db);
    auto all = people.list();
    if (!all) {
        return adminFail(x.err, all.error());
    }
    x.out << "person_id\temployee_number\tname\temail\torg_unit\tusername\tcomputers\tstatus\n";
    for (const auto& p : all.value()) {
        auto devices = people.devicesOf(p.id);
        if (!devices) {
            return adminFail(x.err, devices.error());
        }
        std::string computers;
        for (const auto& d : devices.value()) {
            computers += (computers.empty() ? "" : ",") + d.hostname +
                         (d.osUser == "*" ? std::string() : "/" + d.osUser);
        }
        x.out << p.id << "\t" << (p.employeeNumber.empty() ? "-" : p.employeeNumber) << "\t"
              << p.name << "\t" << p.email << "\t" << p.orgUnit << "\t" << p.username << "\t"
              << (computers.empty() ? "-" : computers) << "\t"
              << (p.leftAt.empty() ? std::string("active") : "left " + p.leftAt) << "\n";
    }
    return 0;
}

} // namespace

std::vector<AdminCommand> peopleAdminCommands() {
    std::vector<AdminCommand> c;
    c.push_back({"add-person",
                 "add-person --name NAME [--email E] [--org-unit U] [--username U] "
                 "[--employee-number N]",
                 "add an employee by hand; prints the person id",
                 0,
                 0,
                 {"--name", "--email", "--org-unit", "--username", "--employee-number"},
                 {},
                 addPerson});
    c.push_back({"import-directory",
                 "import-directory FILE.csv [--mark-missing-left]",
                 "add or update employees from a CSV (employee_number,name,email,org_unit,"
                 "username[,hostname]); the whole file or nothing",
                 1,
                 1,
                 {},
                 {"--mark-missing-left"},
                 importDirectory});
    c.push_back({"assign-device",
                 "assign-device DEVICE_ID --person ID [--os-user NAME]",
                 "tie a computer (or one OS user on it; default every user) to a person",
                 1,
                 1,
                 {"--person", "--os-user"},
                 {},
                 assignDevice});
    c.push_back({"list-people",
                 "list-people",
                 "list people, their computers and whether they have left",
                 0,
                 0,
                 {},
                 {},
                 listPeople});
    return c;
}

} // namespace indblik::server

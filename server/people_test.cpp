#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include "access_log.h"
#include "api.h"
#include "json_reader.h"
#include "people.h"
#include "server_store.h"
#include "test_database.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

class PeopleTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_db = m_testDb.open();
        m_store = std::make_unique<ServerStore>(*m_db);
        m_people = std::make_unique<PeopleStore>(*m_db);
    }
    void TearDown() override {
        m_people.reset();
        m_store.reset();
        m_db.reset();
    }

    std::string enroll(const std::string& hostname, const std::string& person = {}) {
        auto token = m_store->createEnrollmentToken(60, person);
        EXPECT_TRUE(token.ok()) << token.error();
        auto outcome = m_store->enrollDevice(
            token.value(), hostname, [](const std::string& id) -> Result<pki::IssuedCertificate> {
                return pki::IssuedCertificate{"PEM " + id, "serial-" + id, "fp-" + id,
                                              "2027-01-01T00:00:00Z"};
            });
        EXPECT_EQ(outcome.refusal, Refusal::None) << outcome.error;
        return outcome.device.id;
    }

    std::int64_t count(const std::string& table) {
        Poco::Int64 n = -1;
        auto s = m_db->read("count", [&](Poco::Data::Session& session) {
            session << ("SELECT COUNT(*) FROM " + table), into(n), now;
        });
        EXPECT_TRUE(s.ok()) << s.error();
        return n;
    }

    Person byNumber(const std::string& number) {
        auto all = m_people->list();
        EXPECT_TRUE(all.ok());
        for (const auto& p : all.value()) {
            if (p.employeeNumber == number) {
                return p;
            }
        }
        ADD_FAILURE() << "no person " << number;
        return {};
    }

    testing::TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServerStore> m_store;
    std::unique_ptr<PeopleStore> m_people;
};

const std::string kDirectory =
    "employee_number,name,email,org_unit,username,hostname\r\n"
    "1001,\"Hansen, Mette\",mette@example.com,Udvikling,mette,laptop-1\r\n"
    "1002,\"Robert'); DROP TABLE people;--\",bobby@example.com,\"R&D <script>alert(1)</script>\","
    "bobby,\r\n"
    "1003,\"Søren \"\"Sø\"\" Ærø\",,Salg,soeren,SHARED\r\n"
    "1004,Ida,ida@example.com,Salg,ida,shared\r\n";

TEST_F(PeopleTest, ImportsTheDirectoryAndTiesComputersByHostname) {
    const auto laptop = enroll("laptop-1");
    const auto shared = enroll("shared");
    const auto outcome = m_people->importDirectory(kDirectory, "people.csv", false);
    ASSERT_TRUE(outcome.errors.empty()) << outcome.errors.front();
    EXPECT_EQ(outcome.added, 4u);
    EXPECT_EQ(outcome.devicesTied, 2u);
    EXPECT_TRUE(outcome.warnings.empty());
    EXPECT_EQ(count("people"), 4) << "the SQL in a name is only a name";

    const auto mette = byNumber("1001");
    EXPECT_EQ(mette.name, "Hansen, Mette");
    const auto bobby = byNumber("1002");
    EXPECT_EQ(bobby.name, "Robert'); DROP TABLE people;--");
    EXPECT_EQ(bobby.orgUnit, "R&D <script>alert(1)</script>");
    EXPECT_EQ(byNumber("1003").name, "Søren \"Sø\" Ærø");

    // A computer listed once is its person's for every user; a shared one per OS user.
    auto atLaptop = m_people->personAt(laptop, "anyone");
    ASSERT_TRUE(atLaptop.ok());
    ASSERT_TRUE(atLaptop.value().has_value());
    EXPECT_EQ(atLaptop.value()->id, mette.id);
    auto soeren = m_people->personAt(shared, "soeren");
    ASSERT_TRUE(soeren.ok() && soeren.value());
    EXPECT_EQ(soeren.value()->employeeNumber, "1003");
    auto ida = m_people->personAt(shared, "ida");
    ASSERT_TRUE(ida.ok() && ida.value());
    EXPECT_EQ(ida.value()->employeeNumber, "1004");
    auto stranger = m_people->personAt(shared, "guest");
    ASSERT_TRUE(stranger.ok());
    EXPECT_FALSE(stranger.value().has_value());

    // The same file again changes nothing.
    const auto again = m_people->importDirectory(kDirectory, "people.csv", false);
    ASSERT_TRUE(again.errors.empty());
    EXPECT_EQ(again.unchanged, 4u);
    EXPECT_EQ(again.added + again.updated + again.devicesTied, 0u);
}

TEST_F(PeopleTest, ReimportUpdatesByEmployeeNumberAndMarksMissingPeopleLeftOnlyWhenAsked) {
    ASSERT_TRUE(m_people->importDirectory(kDirectory, "a.csv", false).errors.empty());
    const std::string id = byNumber("1001").id;
    const std::string changed = "employee_number,name,email,org_unit,username\n"
                                "1001,Mette Hansen,mette@example.com,Ledelse,mette\n"
                                "1005,Ny,ny@example.com,Salg,ny\n";
    const auto without = m_people->importDirectory(changed, "b.csv", false);
    ASSERT_TRUE(without.errors.empty()) << without.errors.front();
    EXPECT_EQ(without.updated, 1u);
    EXPECT_EQ(without.added, 1u);
    EXPECT_EQ(without.markedLeft, 0u);
    EXPECT_TRUE(byNumber("1002").leftAt.empty());
    const auto mette = byNumber("1001");
    EXPECT_EQ(mette.id, id) << "updated in place, same person";
    EXPECT_EQ(mette.orgUnit, "Ledelse");

    const auto with = m_people->importDirectory(changed, "b.csv", true);
    ASSERT_TRUE(with.errors.empty());
    EXPECT_EQ(with.markedLeft, 3u);
    EXPECT_FALSE(byNumber("1002").leftAt.empty());
    EXPECT_TRUE(byNumber("1001").leftAt.empty());

    // Back in the file: no longer left.
    const auto back = m_people->importDirectory(kDirectory, "a.csv", false);
    ASSERT_TRUE(back.errors.empty());
    EXPECT_EQ(back.rejoined, 3u);
    EXPECT_TRUE(byNumber("1002").leftAt.empty());
}

TEST_F(PeopleTest, RefusesABadFileWholeWithLineAndColumn) {
    ASSERT_TRUE(m_people->importDirectory(kDirectory, "good.csv", false).errors.empty());
    const std::string header = "employee_number,name,email,org_unit,username\n";
    const std::string good = "2001,Good Row,g@example.com,Salg,good\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "f.csv:1:1: the file is empty"},
        {"employee_number,name,email,org_unit\n", "f.csv:1:1: the header lacks the column "
                                                  "\"username\""},
        {"employee_number,name,email,org_unit,username,shoe_size\n",
         "f.csv:1:46: unknown column \"shoe_size\""},
        {"employee_number,name,name,email,org_unit,username\n",
         "f.csv:1:22: column \"name\" appears twice"},
        {header + good + "2002,Short,s@example.com,Salg\n",
         "f.csv:3:1: expected 5 fields as in the header, found 4"},
        {header + good + "2002,Long,l@example.com,Salg,long,extra\n",
         "f.csv:3:35: expected 5 fields as in the header, found 6"},
        {header + good + ",No Number,n@example.com,Salg,nn\n",
         "f.csv:3:1: employee_number is empty"},
        {header + good + "2002,,e@example.com,Salg,e\n", "f.csv:3:6: name is empty"},
        {header + good + "2002,Bad Mail,not-an-address,Salg,bm\n",
         "f.csv:3:15: email \"not-an-address\" is not an e-mail address"},
        {header + good + "2001,Twice,t@example.com,Salg,t\n",
         "f.csv:3:1: employee_number \"2001\" is also on line 2"},
        {header + good + "2002,\"Tab\there\",t@example.com,Salg,t\n",
         "f.csv:3:6: name contains a control character"},
        {header + good + "2002,\"Unclosed,t@example.com,Salg,t\n",
         "f.csv:3:6: the quoted field is not closed"},
        {header + good + "2002,Bad \xFF byte,t@example.com,Salg,t\n",
         "f.csv:3:10: not valid UTF-8"},
        {header + good + "2002,Star,s@example.com,Salg,*\n",
         "f.csv:3:30: username \"*\" is reserved"},
        {"employee_number,name,email,org_unit,username,hostname\n"
         "3001,A,a@example.com,Salg,,pc-1\n3002,B,b@example.com,Salg,b,pc-1\n",
         "f.csv:2:1: hostname \"pc-1\" is listed for several people"},
        {"employee_number,name,email,org_unit,username,hostname\n"
         "3001,A,a@example.com,Salg,a,bad/host\n",
         "f.csv:2:29: hostname \"bad/host\" may hold only"},
    };
    for (const auto& [text, message] : cases) {
        const auto outcome = m_people->importDirectory(text, "f.csv", true);
        ASSERT_FALSE(outcome.errors.empty()) << text;
        EXPECT_EQ(outcome.errors.front().rfind(message, 0), 0u)
            << "expected: " << message << "\ngot: " << outcome.errors.front();
        EXPECT_EQ(outcome.added + outcome.updated + outcome.markedLeft, 0u);
    }
    // Nothing changed: no one added, no one marked as left despite --mark-missing-left.
    EXPECT_EQ(count("people"), 4);
    EXPECT_EQ(count("people WHERE left_at IS NOT NULL"), 0);

    // Every error in one go, not just the first.
    const auto many = m_people->importDirectory(
        header + ",A,a@example.com,S,a\n,B,b@example.com,S,b\n", "f.csv", false);
    EXPECT_EQ(many.errors.size(), 2u);
}

TEST_F(PeopleTest, AHostnameNotYetEnrolledIsAWarningAndTheRestImports) {
    const auto outcome = m_people->importDirectory(
        "employee_number,name,email,org_unit,username,hostname\n4001,A,a@example.com,S,a,later\n",
        "w.csv", false);
    ASSERT_TRUE(outcome.errors.empty());
    ASSERT_EQ(outcome.warnings.size(), 1u);
    EXPECT_NE(outcome.warnings[0].find("no enrolled computer is named \"later\""),
              std::string::npos);
    EXPECT_EQ(outcome.added, 1u);
}

TEST_F(PeopleTest, AddPersonAndAssignDeviceWithOsUsers) {
    auto anna = m_people->add({"Anna", "anna@example.com", "IT", "anna", "5001"});
    ASSERT_TRUE(anna.ok()) << anna.error();
    auto bo = m_people->add({"Bo", "", "", "bo", ""});
    ASSERT_TRUE(bo.ok()) << bo.error();
    auto dup = m_people->add({"Anna 2", "", "", "", "5001"});
    ASSERT_FALSE(dup.ok());
    EXPECT_NE(dup.error().find("already belongs"), std::string::npos);
    EXPECT_FALSE(m_people->add({"", "", "", "", ""}).ok());
    EXPECT_FALSE(m_people->add({"Bad", "no-at", "", "", ""}).ok());

    // Enrolled with a token made for Anna: every user of it is Anna.
    const auto device = enroll("pc", anna->id);
    auto who = m_people->personAt(device, "bo");
    ASSERT_TRUE(who.ok() && who.value());
    EXPECT_EQ(who.value()->id, anna->id);

    // Bo's own login on that computer is Bo's; the rest stays Anna's.
    ASSERT_TRUE(m_people->assignDevice(device, bo->id, "bo").ok());
    who = m_people->personAt(device, "bo");
    ASSERT_TRUE(who.ok() && who.value());
    EXPECT_EQ(who.value()->id, bo->id);
    who = m_people->personAt(device, "anna");
    ASSERT_TRUE(who.ok() && who.value());
    EXPECT_EQ(who.value()->id, anna->id);

    auto unknownDevice = m_people->assignDevice("nope", bo->id);
    ASSERT_FALSE(unknownDevice.ok());
    EXPECT_NE(unknownDevice.error().find("no device \"nope\""), std::string::npos);
    auto unknownPerson = m_people->assignDevice(device, "nobody");
    ASSERT_FALSE(unknownPerson.ok());
    EXPECT_NE(unknownPerson.error().find("no person \"nobody\""), std::string::npos);
    EXPECT_FALSE(m_people->assignDevice(device, bo->id, "bad\nuser").ok());

    auto devices = m_people->devicesOf(anna->id);
    ASSERT_TRUE(devices.ok());
    ASSERT_EQ(devices.value().size(), 1u);
    EXPECT_EQ(devices.value()[0].osUser, "*");
    EXPECT_EQ(devices.value()[0].source, "enrollment");
    EXPECT_EQ(devices.value()[0].hostname, "pc");
}

TEST_F(PeopleTest, SomeoneWhoLeftIsNobodysPersonAnyMore) {
    ASSERT_TRUE(
        m_people
            ->importDirectory("employee_number,name,email,org_unit,username,hostname\n"
                              "6001,Gone,g@example.com,S,gone,old-pc\n6002,Stay,s@example.com,S,"
                              "stay,\n",
                              "a.csv", false)
            .errors.empty());
    const auto device = enroll("old-pc");
    ASSERT_TRUE(
        m_people
            ->importDirectory("employee_number,name,email,org_unit,username,hostname\n"
                              "6001,Gone,g@example.com,S,gone,old-pc\n6002,Stay,s@example.com,S,"
                              "stay,\n",
                              "a.csv", false)
            .errors.empty());
    auto before = m_people->personAt(device, "x");
    ASSERT_TRUE(before.ok() && before.value());
    ASSERT_TRUE(m_people
                    ->importDirectory("employee_number,name,email,org_unit,username\n"
                                      "6002,Stay,s@example.com,S,stay\n",
                                      "b.csv", true)
                    .errors.empty());
    auto after = m_people->personAt(device, "x");
    ASSERT_TRUE(after.ok());
    EXPECT_FALSE(after.value().has_value());
}

TEST_F(PeopleTest, SyncAnswerCountsOthersAccessEventsPerLinkedPerson) {
    auto anna = m_people->add({"Anna", "", "", "anna", ""});
    ASSERT_TRUE(anna.ok());
    const auto device = enroll("pc", anna->id);
    SyncApi sync(*m_store);
    Request request;
    request.caller = Caller{};
    request.caller->deviceId = device;
    request.body = "{\"entries\": []}";
    auto reply = sync.sync(request);
    ASSERT_EQ(reply.status, 200) << reply.body;
    {
        json::ObjectReader answer(json::parse(reply.body), "$");
        auto people = answer.array("people");
        ASSERT_EQ(people.size(), 1u);
        json::ObjectReader p(people[0], "$.people[0]");
        EXPECT_EQ(p.string("person"), anna->id);
        EXPECT_EQ(p.string("os_user"), "*");
        EXPECT_EQ(p.integer("access_events", 0, 100), 0);
    }

    AccessLog log(*m_db);
    Caller dpo{Role::Dpo, "acct-dpo", "Dina DPO", "", "", ""};
    ASSERT_TRUE(log.record(anna->id, dpo, "data", "request 1").ok());
    Caller council{Role::Council, "acct-c", "Carl", "", "", ""};
    ASSERT_TRUE(log.record(anna->id, council, "data", "", kAccessRefused).ok());
    Caller self{Role::Employee, "device:x/anna", "Anna", anna->id, "", device};
    ASSERT_TRUE(log.record(anna->id, self, "export:csv", "self").ok());
    auto events = log.events(anna->id);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events.value().size(), 3u);

    reply = sync.sync(request);
    ASSERT_EQ(reply.status, 200) << reply.body;
    json::ObjectReader answer(json::parse(reply.body), "$");
    auto people = answer.array("people");
    ASSERT_EQ(people.size(), 1u);
    json::ObjectReader p(people[0], "$.people[0]");
    EXPECT_EQ(p.integer("access_events", 0, 100), 2) << "her own export is not news to her";
    EXPECT_EQ(p.string("newest_access"), events.value()[1].time);
}

} // namespace
} // namespace indblik::server

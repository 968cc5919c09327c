#pragma once

// Works-council alerts that arrive (docs/council-reports.md, "Alerts"): a periodic task in the
// server evaluates councilAlerts() (council_report.h) and keeps a history of them in
// council_alerts — raised when an alert is first seen, cleared when it no longer holds, never
// raised twice while it holds — and mails each newly raised alert once to every council member
// whose account has an e-mail address, through the SMTP server of the alert settings. Mail
// owed is kept in council_alert_mail until it is sent, so an SMTP server that is down loses
// nothing: the next run sends it. The mail carries the alert's text only, which
// councilAlerts() has already put through disclosure control.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "result.h"
#include "vocabulary.h"

namespace Poco::Util {
class Timer;
}

namespace indblik::server {

inline constexpr long kDefaultAlertIntervalSeconds = 15 * 60;
inline constexpr int kResolvedAlertDays = 90;

struct SmtpSettings {
    std::string host; // empty: no mail, alerts are only recorded
    int port = 25;
    std::string from;
    bool starttls = false;
    std::string user;         // empty: no login
    std::string passwordFile; // the password's file (mode 0600); the password is never logged
    std::string password;
    std::string caFile; // for STARTTLS: trusted CAs; empty: the system's
};

// The alert settings of `run --alerts-config FILE`: one "name = value" a line, # comments.
//   interval = 15m          how often the alerts are evaluated (1s to 1d; also at start)
//   public_url = https://indblik.example.com:8444    links in the mail go here
//   smtp.host, smtp.port (default 25), smtp.from, smtp.starttls (yes|no),
//   smtp.user, smtp.password_file, smtp.ca_file
struct AlertSettings {
    long intervalSeconds = kDefaultAlertIntervalSeconds;
    std::string publicUrl; // without a trailing slash; empty: none
    SmtpSettings smtp;
    bool mail() const { return !smtp.host.empty(); }
};

// Parses the text of the settings file (where names it in messages); every error names the line
// and the setting. Does not read the password file.
Result<AlertSettings> parseAlertSettings(const std::string& text, const std::string& where);
// Reads and parses the file, then the password file (which must not be readable by group or
// others).
Result<AlertSettings> readAlertSettings(const std::string& path);

// An address fit for a mail header: one @, no spaces, quotes, angle brackets or line breaks.
bool plausibleMailAddress(const std::string& address);

// iso (ISO-8601 UTC) shifted by whole days, in the same form.
std::string isoDaysBefore(const std::string& iso, int days);

// One spell of an alert in the history.
struct AlertRecord {
    std::string id;
    std::string kind;
    std::string key;
    std::string since;
    LocalizedText text; // as last seen
    std::string raisedAt;
    std::string lastSeenAt;
    std::string clearedAt; // empty while it holds
    std::int64_t mailsOwed = 0;
    std::int64_t mailsSent = 0;
};

struct AlertRound {
    std::vector<AlertRecord> raised;
    std::vector<AlertRecord> cleared;
    std::size_t holding = 0; // alerts that hold now
};

// Evaluates the alerts as of now and records them in one transaction: a new alert is raised
// (and mail is owed to each enabled council account with an address), one still holding gets
// its last_seen_at, text and since updated, one no longer holding is cleared.
Result<AlertRound> recordCouncilAlerts(Database& db, const std::string& now);

// The history, newest first: the alerts that hold, and with all also the cleared ones (else
// only those cleared at or after clearedSince, when given).
Result<std::vector<AlertRecord>> councilAlertHistory(Database& db, bool all,
                                                     const std::string& clearedSince = {});

// The mail for one alert to one member: subject and plain-text body, in the member's language,
// or in Danish and English both when none is set.
struct AlertMail {
    std::string subject;
    std::string body;
};
AlertMail alertMail(const AlertRecord& alert, const std::string& displayName,
                    std::optional<Language> language, const std::string& publicUrl);

struct MailRound {
    std::size_t sent = 0;
    std::size_t failed = 0;
    std::vector<std::string> errors; // "<login>: <what went wrong>"
};

// Sends the mail owed (oldest first) through settings.smtp. A mail is claimed before it is sent
// (claimed_at), so another server process leaves it alone for leaseSeconds; one that fails is
// tried again at a later run. After a failure to connect the rest wait for the next run.
MailRound deliverAlertMail(Database& db, const AlertSettings& settings, const std::string& now,
                           long leaseSeconds);

// The e-mail address (and language: "da", "en" or empty for both) of an account; an empty
// address removes it.
Status setAccountEmail(Database& db, const std::string& login, const std::string& address,
                       const std::string& language);

// Marks the member's visit to the council's page and returns the previous one (empty if none).
Result<std::string> recordCouncilVisit(Database& db, const std::string& accountId,
                                       const std::string& now);

// Runs recordCouncilAlerts and, with SMTP set, deliverAlertMail in the server process: at
// start and then every settings.intervalSeconds.
class CouncilAlertScheduler {
public:
    CouncilAlertScheduler(Database& db, AlertSettings settings);
    ~CouncilAlertScheduler();
    CouncilAlertScheduler(const CouncilAlertScheduler&) = delete;
    CouncilAlertScheduler& operator=(const CouncilAlertScheduler&) = delete;
    void start();
    void stop();

private:
    Database& m_db;
    AlertSettings m_settings;
    std::unique_ptr<Poco::Util::Timer> m_timer;
};

// One run of the task (what the scheduler does each time), for tests and the admin command.
void runCouncilAlertTask(Database& db, const AlertSettings& settings);

} // namespace indblik::server

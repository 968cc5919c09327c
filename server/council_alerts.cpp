#include "council_alerts.h"

#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>
#include <Poco/Tuple.h>
#include <Poco/Util/Timer.h>
#include <Poco/Util/TimerTask.h>

#include "cli.h"
#include "council_report.h"
#include "ledger.h"
#include "pki.h"

using namespace Poco::Data::Keywords;

namespace indblik::server {
namespace {

constexpr std::size_t kMaxSettingsBytes = 64 * 1024;
constexpr std::size_t kMaxAddressLength = 254;
constexpr int kSmtpTimeoutSeconds = 20;

Poco::Logger& log() {
    return Poco::Logger::get("indblik.server.alerts");
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) {
        return {};
    }
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

// "90s", "15m", "1h", "1d" or plain seconds; 1 s to 1 day.
std::optional<long> parseInterval(const std::string& text) {
    const auto seconds = parseDurationSeconds(text);
    if (!seconds || *seconds > 86400) {
        return std::nullopt;
    }
    return static_cast<long>(*seconds);
}

// now shifted by seconds, in the same ISO-8601 UTC form as nowIso8601().
std::string shiftedIso(const std::string& iso, long seconds) {
    int tzd = 0;
    Poco::DateTime t;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, iso, t, tzd)) {
        return iso;
    }
    t += Poco::Timespan(seconds, 0);
    return Poco::DateTimeFormatter::format(t, "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::string day(const std::string& iso) {
    return iso.substr(0, 10);
}

// "2026-02-01 08:00 UTC"
std::string minute(const std::string& iso) {
    return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC" : iso;
}

} // namespace

std::string isoDaysBefore(const std::string& iso, int days) {
    return shiftedIso(iso, -static_cast<long>(days) * 86400);
}

bool plausibleMailAddress(const std::string& a) {
    if (a.empty() || a.size() > kMaxAddressLength) {
        return false;
    }
    const auto at = a.find('@');
    if (at == 0 || at == std::string::npos || at + 1 == a.size() ||
        a.find('@', at + 1) != std::string::npos) {
        return false;
    }
    for (const unsigned char c : a) {
        if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' ||
            c == '(' || c == ')' || c == '\\') {
            return false;
        }
    }
    return true;
}

Result<AlertSettings> parseAlertSettings(const std::string& text, const std::string& where) {
    AlertSettings s;
    std::set<std::string> seen;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::string l = trimmed(line);
        if (l.empty() || l[0] == '#') {
            continue;
        }
        const std::string at = where + " line " + std::to_string(number) + ": ";
        const auto eq = l.find('=');
        if (eq == std::string::npos) {
            return Error{at + "expected \"name = value\""};
        }
        const std::string name = trimmed(l.substr(0, eq));
        const std::string value = trimmed(l.substr(eq + 1));
        if (!seen.insert(name).second) {
            return Error{at + name + ": given twice"};
        }
        const auto bad = [&](const std::string& what) {
            return Error{at + name + ": " + what + ", got \"" + value + "\""};
        };
        if (name == "interval") {
            auto v = parseInterval(value);
            if (!v) {
                return bad("expected a duration from 1s to 1d such as 90s, 15m or 1h");
            }
            s.intervalSeconds = *v;
        } else if (name == "public_url") {
            if ((value.rfind("https://", 0) != 0 && value.rfind("http://", 0) != 0) ||
                value.find_first_of(" \t\"<>") != std::string::npos) {
                return bad("expected an https:// address");
            }
            s.publicUrl = value;
            while (!s.publicUrl.empty() && s.publicUrl.back() == '/') {
                s.publicUrl.pop_back();
            }
        } else if (name == "smtp.host") {
            if (value.empty() || value.find_first_of(" \t/") != std::string::npos) {
                return bad("expected a host name or address");
            }
            s.smtp.host = value;
        } else if (name == "smtp.port") {
            int port = 0;
            const auto* end = value.data() + value.size();
            const auto [ptr, ec] = std::from_chars(value.data(), end, port);
            if (ec != std::errc() || ptr != end || port < 1 || port > 65535) {
                return bad("expected a port from 1 to 65535");
            }
            s.smtp.port = port;
        } else if (name == "smtp.from") {
            if (!plausibleMailAddress(value)) {
                return bad("expected an e-mail address");
            }
            s.smtp.from = value;
        } else if (name == "smtp.starttls") {
            if (value != "yes" && value != "no") {
                return bad("expected yes or no");
            }
            s.smtp.starttls = value == "yes";
        } else if (name == "smtp.user") {
            if (value.empty() || value.find_first_of("\r\n") != std::string::npos) {
                return bad("expected a user name");
            }
            s.smtp.user = value;
        } else if (name == "smtp.password_file") {
            if (value.empty() || value[0] != '/') {
                return bad("expected an absolute path");
            }
            s.smtp.passwordFile = value;
        } else if (name == "smtp.ca_file") {
            if (value.empty() || value[0] != '/') {
                return bad("expected an absolute path");
            }
            s.smtp.caFile = value;
        } else if (name == "smtp.password") {
            return Error{at + "smtp.password: the password is not kept in this file; put it in "
                              "a file of its own (mode 0600) named by smtp.password_file"};
        } else {
            return Error{at + "unknown setting \"" + name + "\""};
        }
    }
    const bool anySmtp = seen.count("smtp.port") || seen.count("smtp.from") ||
                         seen.count("smtp.starttls") || seen.count("smtp.user") ||
                         seen.count("smtp.password_file") || seen.count("smtp.ca_file");
    if (s.smtp.host.empty() && anySmtp) {
        return Error{where + ": smtp.host is required when other smtp settings are given"};
    }
    if (s.mail() && s.smtp.from.empty()) {
        return Error{where + ": smtp.from is required when smtp.host is set"};
    }
    if (!s.smtp.user.empty() != !s.smtp.passwordFile.empty()) {
        return Error{where + ": smtp.user and smtp.password_file go together"};
    }
    if (!s.smtp.user.empty() && !s.smtp.starttls) {
        return Error{where + ": smtp.user needs smtp.starttls = yes (the password is not sent "
                             "unencrypted)"};
    }
    return s;
}

Result<AlertSettings> readAlertSettings(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{path + ": cannot read the alert settings"};
    }
    std::string text(kMaxSettingsBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSettingsBytes) {
        return Error{path + ": the alert settings are too long"};
    }
    auto settings = parseAlertSettings(text, path);
    if (!settings || settings->smtp.passwordFile.empty()) {
        return settings;
    }
    const std::string& file = settings->smtp.passwordFile;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        return Error{path + ": smtp.password_file: cannot read " + file};
    }
    if ((st.st_mode & 077) != 0) {
        return Error{path + ": smtp.password_file: " + file +
                     " may be read by others; make it mode 0600"};
    }
    std::ifstream p(file, std::ios::binary);
    std::string password;
    if (!p || !std::getline(p, password)) {
        return Error{path + ": smtp.password_file: cannot read " + file};
    }
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    if (password.empty()) {
        return Error{path + ": smtp.password_file: " + file + " is empty"};
    }
    settings->smtp.password = std::move(password);
    return settings;
}

// ---- the history ----------------------------------------------------------------------------

namespace {

using Row = Poco::Tuple<std::string, std::string, std::string, std::string, std::string,
                        std::string, std::string, std::string, std::string>;

const char* const kHistoryColumns =
    "alert_id, kind, alert_key, since, text_en, text_da, raised_at, last_seen_at, "
    "COALESCE(cleared_at, '')";

AlertRecord fromRow(const Row& r) {
    AlertRecord a;
    a.id = r.get<0>();
    a.kind = r.get<1>();
    a.key = r.get<2>();
    a.since = r.get<3>();
    a.text.en = r.get<4>();
    a.text.da = r.get<5>();
    a.raisedAt = r.get<6>();
    a.lastSeenAt = r.get<7>();
    a.clearedAt = r.get<8>();
    return a;
}

} // namespace

Result<AlertRound> recordCouncilAlerts(Database& db, const std::string& nowIso) {
    auto current = councilAlerts(db, nowIso);
    if (!current) {
        return Error{current.error()};
    }
    AlertRound round;
    round.holding = current.value().size();
    std::vector<AlertRecord> raised;
    for (const auto& c : current.value()) {
        auto id = pki::randomHex(16);
        if (!id) {
            return Error{id.error()};
        }
        AlertRecord a;
        a.id = id.value();
        a.kind = c.kind;
        a.key = c.key;
        a.since = c.since;
        a.text = c.text;
        a.raisedAt = nowIso;
        a.lastSeenAt = nowIso;
        raised.push_back(std::move(a));
    }
    auto status = db.write("record the council's alerts", [&](Poco::Data::Session& s) {
        round.raised.clear();
        round.cleared.clear();
        std::vector<Row> rows;
        s << std::string("SELECT ") + kHistoryColumns +
                 " FROM council_alerts WHERE cleared_at IS NULL",
            into(rows), now;
        std::map<std::string, AlertRecord> open;
        for (const auto& r : rows) {
            auto a = fromRow(r);
            open.emplace(a.key, std::move(a));
        }
        std::set<std::string> holding;
        for (auto& a : raised) {
            holding.insert(a.key);
            const auto it = open.find(a.key);
            if (it != open.end()) {
                s << "UPDATE council_alerts SET last_seen_at = $1, since = $2, text_en = $3, "
                     "text_da = $4 WHERE alert_id = $5",
                    useRef(nowIso), useRef(a.since), useRef(a.text.en), useRef(a.text.da),
                    useRef(it->second.id), now;
                continue;
            }
            // Another server process may have raised it since the read above (PostgreSQL):
            // then it is that one's, and so is the mail.
            Poco::Data::Statement insert(s);
            insert << "INSERT INTO council_alerts (alert_id, kind, alert_key, since, text_en, "
                      "text_da, raised_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
                      "ON CONFLICT (alert_key) WHERE cleared_at IS NULL DO NOTHING",
                useRef(a.id), useRef(a.kind), useRef(a.key), useRef(a.since), useRef(a.text.en),
                useRef(a.text.da), useRef(nowIso);
            if (insert.execute() != 1) {
                continue;
            }
            // Owed to the members with an address now; one who gets an address later is
            // told of the alerts raised after that.
            s << "INSERT INTO council_alert_mail (alert_id, account_id, created_at) SELECT $1, "
                 "account_id, $2 FROM accounts WHERE role = 'council' AND disabled_at IS NULL "
                 "AND COALESCE(email, '') <> ''",
                useRef(a.id), useRef(nowIso), now;
            round.raised.push_back(a);
        }
        for (auto& [key, a] : open) {
            if (holding.count(key) != 0) {
                continue;
            }
            Poco::Data::Statement clear(s);
            clear << "UPDATE council_alerts SET cleared_at = $1 WHERE alert_id = $2 AND "
                     "cleared_at IS NULL",
                useRef(nowIso), useRef(a.id);
            if (clear.execute() == 1) {
                a.clearedAt = nowIso;
                round.cleared.push_back(a);
            }
        }
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    return round;
}

Result<std::vector<AlertRecord>> councilAlertHistory(Database& db, bool all,
                                                     const std::string& clearedSince) {
    std::vector<Row> rows;
    std::vector<std::string> ids;
    std::vector<Poco::Int64> owed, sent;
    auto status = db.read("read the council's alert history", [&](Poco::Data::Session& s) {
        const std::string cut = all ? std::string() : clearedSince;
        s << std::string("SELECT ") + kHistoryColumns +
                 " FROM council_alerts WHERE cleared_at IS NULL OR $1 = 'all' OR ($1 <> '' AND "
                 "cleared_at >= $1) ORDER BY raised_at DESC, alert_key",
            into(rows), bind(all ? std::string("all") : cut), now;
        s << "SELECT alert_id, COUNT(*), COUNT(sent_at) FROM council_alert_mail GROUP BY "
             "alert_id",
            into(ids), into(owed), into(sent), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> mails;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        mails[ids[i]] = {owed[i], sent[i]};
    }
    std::vector<AlertRecord> out;
    for (const auto& r : rows) {
        auto a = fromRow(r);
        if (const auto it = mails.find(a.id); it != mails.end()) {
            a.mailsOwed = it->second.first;
            a.mailsSent = it->second.second;
        }
        out.push_back(std::move(a));
    }
    return out;
}

// ---- mail -----------------------------------------------------------------------------------

namespace {

std::string mailPart(const AlertRecord& a, const std::string& name, Language l,
                     const std::string& publicUrl) {
    const bool da = l == Language::Danish;
    std::string out = (da ? "Kære " : "Dear ") + name + ",\n\n";
    out += da ? "Indblik har rejst en alarm til samarbejdsudvalget:\n\n"
              : "Indblik has raised an alert for the works council:\n\n";
    out += "  " + a.text.in(l) + "\n\n";
    if (!a.since.empty()) {
        out += (da ? "Siden: " : "Since: ") + day(a.since) + "\n";
    }
    out += (da ? "Rejst: " : "Raised: ") + minute(a.raisedAt) + "\n";
    if (!a.clearedAt.empty()) {
        // Mail owed while SMTP was down or not set, sent after the alert stopped holding.
        out += (da ? "Gælder ikke længere siden: " : "No longer holds since: ") +
               minute(a.clearedAt) + "\n";
    }
    out += "\n";
    const std::string page = "/council/reports?lang=" + std::string(da ? "da" : "en");
    if (!publicUrl.empty()) {
        out += (da ? "Se samarbejdsudvalgets side: " : "See the works council's page: ") +
               publicUrl + page + "\n\n";
    } else {
        out += da ? "Log ind i Indblik og åbn samarbejdsudvalgets side (/council/reports).\n\n"
                  : "Sign in to Indblik and open the works council's page (/council/reports).\n\n";
    }
    out += da ? "Mailen indeholder kun alarmen; tal fra færre personer end mindste "
                "gruppestørrelse vises ikke. Du får den, fordi din konto i Indblik er "
                "samarbejdsudvalgets og har denne adresse.\n"
              : "This mail carries the alert only; figures from fewer people than the minimum "
                "group size are not shown. You receive it because your Indblik account is the "
                "works council's and has this address.\n";
    return out;
}

const char* subjectIn(Language l) {
    return l == Language::Danish ? "Indblik: alarm til samarbejdsudvalget"
                                 : "Indblik: alert for the works council";
}

} // namespace

AlertMail alertMail(const AlertRecord& alert, const std::string& displayName,
                    std::optional<Language> language, const std::string& publicUrl) {
    AlertMail m;
    if (language) {
        m.subject = subjectIn(*language);
        m.body = mailPart(alert, displayName, *language, publicUrl);
        return m;
    }
    m.subject = std::string(subjectIn(Language::Danish)) + " / " + "alert for the works council";
    m.body = mailPart(alert, displayName, Language::Danish, publicUrl) + "\n-- English --\n\n" +
             mailPart(alert, displayName, Language::English, publicUrl);
    return m;
}

namespace {

struct Owed {
    std::string alertId;
    std::string accountId;
    std::string login;
    std::string name;
    std::string address;
    std::string language;
    AlertRecord alert;
};

std::unique_ptr<Poco::Net::SMTPClientSession> connect(const SmtpSettings& smtp) {
    const auto port = static_cast<Poco::UInt16>(smtp.port);
    if (!smtp.starttls) {
        auto session = std::make_unique<Poco::Net::SMTPClientSession>(smtp.host, port);
        session->setTimeout(Poco::Timespan(kSmtpTimeoutSeconds, 0));
        session->login();
        return session;
    }
    auto session = std::make_unique<Poco::Net::SecureSMTPClientSession>(smtp.host, port);
    session->setTimeout(Poco::Timespan(kSmtpTimeoutSeconds, 0));
    session->login();
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = smtp.caFile.empty();
    params.caLocation = smtp.caFile;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    if (!session->startTLS(context)) {
        throw Poco::Net::SMTPException("the SMTP server refused STARTTLS");
    }
    if (smtp.user.empty()) {
        session->login();
    } else {
        session->login(Poco::Net::SMTPClientSession::AUTH_PLAIN, smtp.user, smtp.password);
    }
    return session;
}

// One alert's mail to one member, in their language (both when none is set).
void send(Poco::Net::SMTPClientSession& session, const Owed& o, const AlertSettings& settings) {
    std::optional<Language> language;
    if (o.language == "da") {
        language = Language::Danish;
    } else if (o.language == "en") {
        language = Language::English;
    }
    const AlertMail mail = alertMail(o.alert, o.name, language, settings.publicUrl);
    Poco::Net::MailMessage message;
    message.setSender(settings.smtp.from);
    message.addRecipient(
        Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, o.address));
    message.setSubject(Poco::Net::MailMessage::encodeWord(mail.subject, "UTF-8"));
    message.set("Auto-Submitted", "auto-generated");
    message.setContentType("text/plain; charset=UTF-8");
    message.setContent(mail.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    session.sendMessage(message);
}

} // namespace

MailRound deliverAlertMail(Database& db, const AlertSettings& settings, const std::string& nowIso,
                           long leaseSeconds) {
    MailRound round;
    if (!settings.mail()) {
        return round;
    }
    std::vector<Owed> owed;
    const std::string cutoff = shiftedIso(nowIso, -leaseSeconds);
    auto read = db.read("read the mail owed to the council", [&](Poco::Data::Session& s) {
        std::vector<std::string> alertIds, accountIds, logins, names, addresses, languages;
        s << "SELECT m.alert_id, m.account_id, a.login, a.display_name, a.email, "
             "COALESCE(a.language, '') FROM council_alert_mail m JOIN accounts a ON a.account_id "
             "= m.account_id WHERE m.sent_at IS NULL AND a.disabled_at IS NULL AND "
             "COALESCE(a.email, '') <> '' AND (m.claimed_at IS NULL OR m.claimed_at < $1) "
             "ORDER BY m.created_at, a.login",
            into(alertIds), into(accountIds), into(logins), into(names), into(addresses),
            into(languages), useRef(cutoff), now;
        for (std::size_t i = 0; i < alertIds.size(); ++i) {
            std::vector<Row> rows;
            s << std::string("SELECT ") + kHistoryColumns +
                     " FROM council_alerts WHERE alert_id = $1",
                into(rows), useRef(alertIds[i]), now;
            if (rows.empty()) {
                continue;
            }
            Owed o;
            o.alertId = alertIds[i];
            o.accountId = accountIds[i];
            o.login = logins[i];
            o.name = names[i];
            o.address = addresses[i];
            o.language = languages[i];
            o.alert = fromRow(rows.front());
            owed.push_back(std::move(o));
        }
    });
    if (!read) {
        round.errors.push_back(read.error());
        return round;
    }
    std::unique_ptr<Poco::Net::SMTPClientSession> session;
    for (const auto& o : owed) {
        // Claimed first: a second server process leaves it alone for the lease.
        bool claimed = false;
        auto claim = db.write("claim a council alert mail", [&](Poco::Data::Session& s) {
            Poco::Data::Statement st(s);
            st << "UPDATE council_alert_mail SET claimed_at = $1, attempts = attempts + 1 WHERE "
                  "alert_id = $2 AND account_id = $3 AND sent_at IS NULL AND (claimed_at IS "
                  "NULL OR claimed_at < $4)",
                useRef(nowIso), useRef(o.alertId), useRef(o.accountId), useRef(cutoff);
            claimed = st.execute() == 1;
            return claimed;
        });
        if (!claim || !claimed) {
            if (!claim) {
                round.errors.push_back(claim.error());
            }
            continue;
        }
        std::string error;
        bool connectFailed = false;
        if (!session) {
            try {
                session = connect(settings.smtp);
            } catch (const Poco::Exception& e) {
                error = e.displayText();
                connectFailed = true;
            }
        }
        if (!connectFailed) {
            try {
                send(*session, o, settings);
            } catch (const Poco::Exception& e) {
                error = e.displayText();
            }
        }
        if (error.empty()) {
            auto done = db.write("record a council alert mail sent", [&](Poco::Data::Session& s) {
                s << "UPDATE council_alert_mail SET sent_at = $1, last_error = '' WHERE alert_id "
                     "= $2 AND account_id = $3",
                    useRef(nowIso), useRef(o.alertId), useRef(o.accountId), now;
                return true;
            });
            if (!done) {
                round.errors.push_back(done.error());
            }
            ++round.sent;
            log().information("mailed council alert %s (%s) to %s", o.alert.key, o.alertId,
                              o.login);
            continue;
        }
        ++round.failed;
        round.errors.push_back(o.login + ": " + error);
        // The claim ends now, so the next run tries again.
        auto kept = db.write("record a council alert mail not sent", [&](Poco::Data::Session& s) {
            s << "UPDATE council_alert_mail SET claimed_at = NULL, last_error = $1 WHERE "
                 "alert_id = $2 AND account_id = $3",
                useRef(error), useRef(o.alertId), useRef(o.accountId), now;
            return true;
        });
        if (!kept) {
            round.errors.push_back(kept.error());
        }
        session.reset();
        if (connectFailed) {
            break; // the rest wait for the next run
        }
    }
    if (session) {
        try {
            session->close();
        } catch (const Poco::Exception&) {
            // Sent is sent; a QUIT that fails changes nothing.
        }
    }
    return round;
}

Status setAccountEmail(Database& db, const std::string& login, const std::string& address,
                       const std::string& language) {
    if (!address.empty() && !plausibleMailAddress(address)) {
        return Error{"not an e-mail address: \"" + address + "\""};
    }
    if (!language.empty() && language != "da" && language != "en") {
        return Error{"--lang: da or en (got \"" + language + "\")"};
    }
    bool found = false;
    auto status = db.write("set an account's e-mail address", [&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "UPDATE accounts SET email = NULLIF($1, ''), language = NULLIF($2, '') WHERE "
              "login = $3",
            useRef(address), useRef(language), useRef(login);
        found = st.execute() == 1;
        return found;
    });
    if (!status) {
        return status;
    }
    if (!found) {
        return Error{"no account \"" + login + "\""};
    }
    return {};
}

Result<std::string> recordCouncilVisit(Database& db, const std::string& accountId,
                                       const std::string& nowIso) {
    std::vector<std::string> before;
    auto status = db.write("record a visit to the council's page", [&](Poco::Data::Session& s) {
        s << "SELECT seen_at FROM council_alert_visits WHERE account_id = $1", into(before),
            useRef(accountId), now;
        s << "INSERT INTO council_alert_visits (account_id, seen_at) VALUES ($1, $2) ON "
             "CONFLICT (account_id) DO UPDATE SET seen_at = excluded.seen_at",
            useRef(accountId), useRef(nowIso), now;
        return true;
    });
    if (!status) {
        return Error{status.error()};
    }
    return before.empty() ? std::string() : before.front();
}

// ---- the task -------------------------------------------------------------------------------

void runCouncilAlertTask(Database& db, const AlertSettings& settings) {
    const std::string at = nowIso8601();
    auto round = recordCouncilAlerts(db, at);
    if (!round) {
        log().error("council alerts could not be recorded, will try again next run: %s",
                    round.error());
    } else {
        for (const auto& a : round.value().raised) {
            log().information("council alert raised: %s (%s)", a.key, a.id);
        }
        for (const auto& a : round.value().cleared) {
            log().information("council alert cleared: %s (%s)", a.key, a.id);
        }
    }
    if (!settings.mail()) {
        return;
    }
    const auto mail = deliverAlertMail(db, settings, at, settings.intervalSeconds);
    for (const auto& e : mail.errors) {
        log().error("council alert mail not sent, will try again next run: %s", e);
    }
}

namespace {

class CouncilAlertTask : public Poco::Util::TimerTask {
public:
    CouncilAlertTask(Database& db, const AlertSettings& settings)
        : m_db(db), m_settings(settings) {}
    void run() override { runCouncilAlertTask(m_db, m_settings); }

private:
    Database& m_db;
    const AlertSettings& m_settings;
};

} // namespace

CouncilAlertScheduler::CouncilAlertScheduler(Database& db, AlertSettings settings)
    : m_db(db), m_settings(std::move(settings)) {}

CouncilAlertScheduler::~CouncilAlertScheduler() {
    stop();
}

void CouncilAlertScheduler::start() {
    if (m_timer) {
        return;
    }
    m_timer = std::make_unique<Poco::Util::Timer>();
    // With a fixed delay: a run held up by a slow SMTP server is not followed by a burst.
    m_timer->schedule(new CouncilAlertTask(m_db, m_settings), 0, m_settings.intervalSeconds * 1000);
}

void CouncilAlertScheduler::stop() {
    if (m_timer) {
        m_timer->cancel(true);
        m_timer.reset();
    }
}

} // namespace indblik::server

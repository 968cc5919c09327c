#include "schema.h"

namespace indblik::server {

const std::vector<Migration>& serverMigrations() {
    static const std::vector<Migration> migrations = {
        {1,
         "devices, enrollment tokens, ledger entries, refused batches, published policies",
         {
             "CREATE TABLE IF NOT EXISTS enrollment_tokens (token_hash TEXT PRIMARY KEY, "
             "created_at TEXT NOT NULL, expires_at BIGINT NOT NULL, used_at TEXT, used_by TEXT)",
             "CREATE TABLE IF NOT EXISTS devices (device_id TEXT PRIMARY KEY, hostname TEXT NOT "
             "NULL, cert_serial TEXT NOT NULL UNIQUE, cert_fingerprint TEXT NOT NULL, enrolled_at "
             "TEXT NOT NULL, last_seen TEXT, revoked_at TEXT)",
             "CREATE TABLE IF NOT EXISTS ledger_entries (device_id TEXT NOT NULL, seq BIGINT NOT "
             "NULL, time TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT "
             "NOT NULL, hash TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (device_id, "
             "seq))",
             "CREATE TABLE IF NOT EXISTS rejected_batches (device_id TEXT NOT NULL, received_at "
             "TEXT NOT NULL, first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL, entry_count "
             "BIGINT NOT NULL, reason TEXT NOT NULL)",
             "CREATE TABLE IF NOT EXISTS policies (id TEXT PRIMARY KEY, json TEXT NOT NULL, "
             "published_at TEXT NOT NULL)",
         }},
        {2,
         "people, accounts and sign-in, access log, requests, policy lifecycle, retention",
         {
             // The device's chain head, so retention may delete old entries without the next
             // batch looking like a fork.
             "ALTER TABLE devices ADD COLUMN chain_seq BIGINT NOT NULL DEFAULT 0",
             "ALTER TABLE devices ADD COLUMN chain_hash TEXT NOT NULL DEFAULT "
             "'0000000000000000000000000000000000000000000000000000000000000000'",
             "UPDATE devices SET chain_seq = (SELECT MAX(seq) FROM ledger_entries e WHERE "
             "e.device_id = devices.device_id), chain_hash = (SELECT hash FROM ledger_entries e "
             "WHERE e.device_id = devices.device_id ORDER BY seq DESC LIMIT 1) WHERE EXISTS "
             "(SELECT 1 FROM ledger_entries e WHERE e.device_id = devices.device_id)",
             // The declared policy an entry falls under (NULL: undeclared or not about one),
             // set at ingest; retention deletes by it.
             "ALTER TABLE ledger_entries ADD COLUMN policy_id TEXT",
             "CREATE INDEX IF NOT EXISTS ledger_entries_received ON ledger_entries (received_at)",
             "CREATE INDEX IF NOT EXISTS ledger_entries_device_time ON ledger_entries "
             "(device_id, time)",

             // People: employees (from a directory import or by hand); org_unit for reports.
             "CREATE TABLE people (person_id TEXT PRIMARY KEY, employee_number TEXT UNIQUE, "
             "name TEXT NOT NULL, email TEXT NOT NULL DEFAULT '', org_unit TEXT NOT NULL DEFAULT "
             "'', username TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT "
             "NOT NULL, left_at TEXT)",
             "CREATE INDEX people_username ON people (username)",
             "CREATE INDEX people_org_unit ON people (org_unit)",
             // Which person an OS user on a device is; os_user '*' means every user of it.
             "CREATE TABLE person_devices (device_id TEXT NOT NULL, os_user TEXT NOT NULL, "
             "person_id TEXT NOT NULL, assigned_at TEXT NOT NULL, source TEXT NOT NULL, PRIMARY "
             "KEY (device_id, os_user))",
             "CREATE INDEX person_devices_person ON person_devices (person_id)",
             "ALTER TABLE enrollment_tokens ADD COLUMN person_id TEXT",

             // Web accounts: role is employee, council, dpo or admin; an employee account is
             // tied to its person. password_hash is scrypt in a self-describing string.
             "CREATE TABLE accounts (account_id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, "
             "display_name TEXT NOT NULL, role TEXT NOT NULL, person_id TEXT, password_hash TEXT, "
             "created_at TEXT NOT NULL, created_by TEXT NOT NULL, disabled_at TEXT, "
             "failed_logins BIGINT NOT NULL DEFAULT 0, locked_until BIGINT NOT NULL DEFAULT 0)",
             "CREATE UNIQUE INDEX accounts_person ON accounts (person_id)",
             // Only hashes of session and link tokens are stored.
             "CREATE TABLE web_sessions (token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL, "
             "csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, "
             "last_used BIGINT NOT NULL)",
             "CREATE INDEX web_sessions_account ON web_sessions (account_id)",
             "CREATE TABLE setup_links (token_hash TEXT PRIMARY KEY, person_id TEXT NOT NULL, "
             "created_at TEXT NOT NULL, created_by TEXT NOT NULL, expires_at BIGINT NOT NULL, "
             "used_at TEXT)",

             // Every read of a person's data by someone else, one hash chain per person.
             "CREATE TABLE access_events (person_id TEXT NOT NULL, seq BIGINT NOT NULL, time "
             "TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, actor_role TEXT "
             "NOT NULL, what TEXT NOT NULL, why TEXT NOT NULL, outcome TEXT NOT NULL, prev_hash "
             "TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (person_id, seq))",
             "CREATE INDEX access_events_time ON access_events (time)",
             // Heads of hash chains kept on the server ("access:<person>"), updated in the same
             // transaction as the append; the UPDATE locks the row across processes.
             "CREATE TABLE chain_heads (chain TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT "
             "NOT NULL)",

             // Requests to a human: type question, copy, correction, objection, deletion.
             "CREATE TABLE requests (request_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, type "
             "TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, "
             "received_at TEXT NOT NULL, due_at TEXT NOT NULL, extended_at TEXT, "
             "extension_reason TEXT, assigned_to TEXT, answer TEXT, answered_at TEXT, "
             "answered_by TEXT, updated_at TEXT NOT NULL)",
             "CREATE INDEX requests_person ON requests (person_id)",
             "CREATE INDEX requests_status_due ON requests (status, due_at)",

             // Policy lifecycle: draft -> announced -> in effect (from effective_at) -> retired.
             "CREATE TABLE policy_versions (policy_id TEXT NOT NULL, version BIGINT NOT NULL, "
             "json TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT "
             "NOT NULL, announced_at TEXT, effective_at TEXT, notice_days BIGINT, "
             "short_notice_reason TEXT, retired_at TEXT, PRIMARY KEY (policy_id, version))",
             "INSERT INTO policy_versions (policy_id, version, json, state, created_at, "
             "created_by, announced_at, effective_at) SELECT id, 1, json, 'in_effect', "
             "published_at, 'admin', published_at, published_at FROM policies",
             "CREATE TABLE council_positions (policy_id TEXT NOT NULL, version BIGINT NOT NULL, "
             "account_id TEXT NOT NULL, position TEXT NOT NULL, note TEXT NOT NULL, recorded_at "
             "TEXT NOT NULL, PRIMARY KEY (policy_id, version, account_id))",

             // What the server did by itself (retention deletions, ...).
             "CREATE TABLE system_actions (action_id TEXT PRIMARY KEY, time TEXT NOT NULL, "
             "action TEXT NOT NULL, detail TEXT NOT NULL, count BIGINT NOT NULL)",
             "CREATE INDEX system_actions_time ON system_actions (time)",
         }},
        {4,
         "index of the observation entries each device sent",
         {
             // An employee's current observations are folded from a device's observation
             // entries, few among many activity entries; a partial index holds just those, so
             // ingest pays for it only on them. Queries repeat the WHERE to use it.
             "CREATE INDEX ledger_entries_observations ON ledger_entries (device_id, seq) WHERE "
             "kind IN ('observation.added', 'observation.changed', 'observation.removed')",
         }},
        {5,
         "observations' policies per device for retention, settings shared by all processes",
         {
             // Which declared policy each observation of a device falls under, so a collection
             // event (which names only its observation) gets its policy at ingest.
             "CREATE TABLE observation_policies (device_id TEXT NOT NULL, obs_key TEXT NOT NULL, "
             "policy_id TEXT, PRIMARY KEY (device_id, obs_key))",
             "CREATE INDEX ledger_entries_policy ON ledger_entries (policy_id, kind)",
             // Settings every server process and the admin command line read (notice_days,
             // undeclared_max_days); absent means the default.
             "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT "
             "NOT NULL, updated_by TEXT NOT NULL)",
         }},
        {8,
         "enrollment tokens can be revoked before use",
         {
             "ALTER TABLE enrollment_tokens ADD COLUMN revoked_at TEXT",
         }},
        {9,
         "SQLite: the observations index carries the entries, so a person's current "
         "observations are read from it alone",
         {
             // Folding a device's observations read ~20 rows scattered over its year of
             // entries: one table page each, from disk when the page is not cached. The covering
             // index keeps those few rows together. SQLite only: PostgreSQL limits an index
             // entry to about 2.7 KB, and an observation's payload may be longer.
             "DROP INDEX ledger_entries_observations",
             "CREATE INDEX ledger_entries_observations ON ledger_entries (device_id, seq, time, "
             "kind, payload) WHERE kind IN ('observation.added', 'observation.changed', "
             "'observation.removed')",
         },
         true},
        {10,
         "each device's clock offset at its last sync",
         {
             // Device time minus the server's time when the device last synced, in seconds.
             // Entries keep the device's own time; this tells how far to trust it.
             "ALTER TABLE devices ADD COLUMN clock_skew_seconds BIGINT",
             "ALTER TABLE devices ADD COLUMN clock_checked_at TEXT",
         }},
        {11,
         "signed checkpoints of devices' ledgers, and the outcome of each device's last full "
         "check",
         {
             // The public keys that verified checkpoints, once each: a renewed certificate may
             // carry a new key, and old checkpoints must still verify with theirs.
             "CREATE TABLE checkpoint_keys (key_id TEXT PRIMARY KEY, public_key TEXT NOT NULL)",
             "CREATE TABLE device_checkpoints (device_id TEXT NOT NULL, seq BIGINT NOT NULL, head "
             "TEXT NOT NULL, time TEXT NOT NULL, signature TEXT NOT NULL, key_id TEXT NOT NULL "
             "REFERENCES checkpoint_keys (key_id), received_at TEXT NOT NULL, PRIMARY KEY "
             "(device_id, seq))",
             "CREATE TABLE device_integrity (device_id TEXT PRIMARY KEY, checked_at TEXT NOT NULL, "
             "intact BIGINT NOT NULL, problem TEXT NOT NULL, first_broken BIGINT)",
         }},
        {12,
         "client certificate renewal: each device's certificate expiry, and the certificate it "
         "renewed from until the new one is first used",
         {
             // NULL for devices enrolled before: their certificate's expiry was not kept.
             "ALTER TABLE devices ADD COLUMN cert_expires_at TEXT",
             // The serial of the certificate the device renewed from; still accepted (the
             // answer to the renewal may have been lost) until the new one is first used.
             "ALTER TABLE devices ADD COLUMN previous_serial TEXT",
             "ALTER TABLE devices ADD COLUMN renewed_at TEXT",
         }},
        {13,
         "works-council reports: the log of every report asked for, and the people behind each "
         "released one for the differencing guard",
         {
             // outcome: released or refused (reason says why). group_digest is the SHA-256 of
             // the sorted person ids, one per line, so two reports of one group are seen to be.
             "CREATE TABLE released_reports (report_id TEXT PRIMARY KEY, generated_at TEXT NOT "
             "NULL, asked_by TEXT NOT NULL, asked_role TEXT NOT NULL, scope TEXT NOT NULL, "
             "period_from TEXT NOT NULL, period_to TEXT NOT NULL, min_group_size BIGINT NOT NULL, "
             "group_size BIGINT NOT NULL, group_digest TEXT NOT NULL, outcome TEXT NOT NULL, "
             "reason TEXT NOT NULL)",
             "CREATE INDEX released_reports_period ON released_reports (period_from, period_to)",
             // group_no 0: the report's group; 1, 2, ...: the groups of the unit rows it shows.
             "CREATE TABLE released_report_people (report_id TEXT NOT NULL, group_no BIGINT NOT "
             "NULL, person_id TEXT NOT NULL, PRIMARY KEY (report_id, group_no, person_id))",
         }},
        {14,
         "works-council alerts that arrive: their history, the mail owed to council members, "
         "each member's last visit, and an e-mail address and language on accounts",
         {
             // Accounts of the council have no person, so the address is the account's own
             // (admin set-account-email); language is 'da' or 'en', NULL for both.
             "ALTER TABLE accounts ADD COLUMN email TEXT",
             "ALTER TABLE accounts ADD COLUMN language TEXT",
             // One row per spell of an alert: raised when first seen, cleared when it no longer
             // holds. alert_key names what it is about ("short_notice:<policy>:v<version>"); at
             // most one open row per key, so two server processes cannot raise it twice.
             "CREATE TABLE council_alerts (alert_id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
             "alert_key TEXT NOT NULL, since TEXT NOT NULL, text_en TEXT NOT NULL, text_da TEXT "
             "NOT NULL, raised_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, cleared_at TEXT)",
             "CREATE UNIQUE INDEX council_alerts_open ON council_alerts (alert_key) WHERE "
             "cleared_at IS NULL",
             "CREATE INDEX council_alerts_cleared ON council_alerts (cleared_at)",
             // The mail each raised alert owes each council member with an address; kept until
             // sent. claimed_at: the last attempt (a lease against a second server process).
             "CREATE TABLE council_alert_mail (alert_id TEXT NOT NULL, account_id TEXT NOT NULL, "
             "created_at TEXT NOT NULL, claimed_at TEXT, attempts BIGINT NOT NULL DEFAULT 0, "
             "last_error TEXT NOT NULL DEFAULT '', sent_at TEXT, PRIMARY KEY (alert_id, "
             "account_id))",
             "CREATE INDEX council_alert_mail_unsent ON council_alert_mail (sent_at)",
             // When each member last opened the council's page, for "new since your last visit".
             "CREATE TABLE council_alert_visits (account_id TEXT PRIMARY KEY, seen_at TEXT NOT "
             "NULL)",
         }},
    };
    return migrations;
}

} // namespace indblik::server

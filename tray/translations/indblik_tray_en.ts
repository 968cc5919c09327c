<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ViewParts</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::AccessLogModel</name>
    <message>
        <source>employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data protection officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IT administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>works council</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An export of your data (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your request %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A report on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You did this yourself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – refused, nothing was shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::AccessLogView</name>
    <message>
        <source>Who looked at my data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone who looked at your data on the Indblik server, and why. Every access is recorded; nobody can read your data unseen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the access log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether the access log is intact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access log status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accesses to your data, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 The list below is from the last time the server answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody has looked at your data yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the newest %1 of %2 accesses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access log is intact: no entry has been changed or removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: the access log does not verify. Entries may have been changed or removed; tell the data protection officer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::AgentConnector</name>
    <message>
        <source>The Indblik agent sent an answer larger than %1 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent closed the connection without answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent is not running (nothing is listening at %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent refused the connection at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not allowed to connect to the Indblik agent at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not talk to the Indblik agent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The Indblik agent did not answer within %n second(s).</source>
        <translation>
            <numerusform>The Indblik agent did not answer within %n second.</numerusform>
            <numerusform>The Indblik agent did not answer within %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>indblik::tray::ComingChanges</name>
    <message>
        <source>New monitoring: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It will collect: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>It will be kept for %n day(s).</source>
        <translation>
            <numerusform>It will be kept for %n day.</numerusform>
            <numerusform>It will be kept for %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 will be able to see data about you personally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 will see only totals for groups, not you personally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system changes from %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It will also collect: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It will no longer collect: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It will be kept longer: %1 days instead of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It will be kept for a shorter time: %1 days instead of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New: %1 will be able to see data about you personally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New: %1 will see totals for groups, not you personally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 will see data about you personally, not only totals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 will see only totals for groups, no longer you personally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 will no longer see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The purpose becomes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The legal basis becomes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No change in what is collected, how long it is kept or who can see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your employer has announced no changes to the monitoring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Takes effect on %1 (in %n day(s)).</source>
        <translation>
            <numerusform>Takes effect on %1 (in %n day).</numerusform>
            <numerusform>Takes effect on %1 (in %n days).</numerusform>
        </translation>
    </message>
    <message>
        <source>Announced on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced at short notice because: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Questions: %1 &lt;%2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It concerns nothing Indblik found on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this computer it concerns: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::ComingChangesView</name>
    <message>
        <source>Coming changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes your employer has announced to the monitoring, before they take effect, compared with what applies now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many changes are announced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The announced changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the Indblik agent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is announced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) announced.</source>
        <translation>
            <numerusform>%n change announced.</numerusform>
            <numerusform>%n changes announced.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>indblik::tray::ExportView</name>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save your data as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a copy of everything the Indblik server holds about you: your computers, what was found and recorded there, the declarations, who looked at your data, and your requests. The export itself is noted in your access log as done by you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Readable report (HTML)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a readable report (HTML)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Spreadsheet (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as a spreadsheet (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data for programs (NDJSON)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as data for programs (NDJSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spreadsheet (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NDJSON (*.ndjson)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server for your data as %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your data was not saved: %1 cannot be written (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your data was not saved: writing %1 failed (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your data was saved as %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your data was not saved. %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::IntegrityView</name>
    <message>
        <source>Integrity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every record of the monitoring is chained and signed, so a change or a removal shows. Here is whether your record verifies, and up to when.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the integrity again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether your record verifies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your record, computer by computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do: tell your data protection officer, and do not reinstall or reset the computer, so the record can be examined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record kept on this computer does not verify: an entry was changed or removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record kept on this computer is intact, verified by the server up to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record kept on this computer is intact. The server has not confirmed a signed checkpoint of it yet; that happens with the next syncs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your record from %1 does not verify: it was changed after the computer signed it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your record from %1 is intact, verified up to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your record from %1 has not been checked yet: the computer has not sent a signed checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of your record does not verify. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the Indblik agent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in your record has been changed or removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent has not answered yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the Indblik server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has no computer of yours on record yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (The server&apos;s technical note: %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::MainWindow</name>
    <message>
        <source>Indblik: monitoring on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the Indblik agent again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitoring found on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details of the selected monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refreshed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who looked at my data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coming changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of this window. Indblik remembers your choice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::Notifier</name>
    <message>
        <source>Undeclared monitoring found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found on this computer and not declared by your employer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your employer announced a change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced changes to the monitoring: %1. See Coming changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone looked at your data</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new access(es) to your data by: %1. See Who looked at my data.</source>
        <translation>
            <numerusform>%n new access to your data by: %1. See Who looked at my data.</numerusform>
            <numerusform>%n new accesses to your data by: %1. See Who looked at my data.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your request was answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered: %1. See My requests.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::ObservationDetails</name>
    <message>
        <source>Select a monitoring system in the list to see what it collects and why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declared by your employer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not declared by your employer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of your employer&apos;s declarations covers this monitoring. You can ask your employer&apos;s data protection officer or your employee representatives about it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it collects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indblik does not know what this system collects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why Indblik thinks so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was found on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What your employer has declared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent says the declaration &quot;%1&quot; covers this, but it has no copy of that declaration yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal basis:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data it may collect:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Who may see it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>can see data about you personally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sees only totals for groups, not you personally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreement with employee representatives:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In effect from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was announced at short notice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it did lately</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active from %1 to %2, and still active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active from %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used %1 seconds of processor time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1 (files and network together).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New or changed files in its storage folders: %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log grew by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your employer declares this monitoring, but Indblik did not find it on this computer. It may run on your employer&apos;s servers (for example for e-mail or the network) or on your other computers. What your employer has declared about it is below.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::ObservationModel</name>
    <message>
        <source>Declared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not declared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your employer has declared this monitoring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your employer has not declared this monitoring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it collects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declared by your employer?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declared; not on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your employer has declared this monitoring. Indblik did not find it on this computer: it may run on your employer&apos;s servers or on your other computers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::Overview</name>
    <message>
        <source>The agent&apos;s answer is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s answer is not valid JSON (at byte %1: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s answer is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s answer has no list of observations.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::RequestModel</name>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy of my data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deletion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Being handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OVERDUE: was due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (done)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (extended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data protection officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::RequestsView</name>
    <message>
        <source>My requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask a question, ask for a copy of your data, a correction or a deletion, or object. A named person answers, by the deadline the law sets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh my requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your requests, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type of request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text of the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the new request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send &amp;request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a subject: a few words about what you ask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subject is too long: at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is too long: at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the type of request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your request was sent. It is to be answered by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your request was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your request was not sent. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 The list below is from the last time the server answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have not sent any requests yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::ServerClient</name>
    <message>
        <source>The server cannot be reached; showing what this computer knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer is not enrolled with an Indblik server yet, so there is nothing about you on a server to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent could not tell which user you are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent could not ask the server for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your user on this computer is not linked to a person on the Indblik server; ask IT to link it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server no longer accepts this computer; ask IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server had a problem answering; try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not accept the request (status %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent sent an answer that is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent sent an answer larger than %1 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The Indblik agent did not answer within %n second(s).</source>
        <translation>
            <numerusform>The Indblik agent did not answer within %n second.</numerusform>
            <numerusform>The Indblik agent did not answer within %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>The Indblik agent closed the connection without answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent is not running (nothing is listening at %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Indblik agent refused the connection at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not allowed to connect to the Indblik agent at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not talk to the Indblik agent: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::StatusPresenter</name>
    <message>
        <source>Asking the Indblik agent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to the Indblik agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No monitoring found on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All monitoring found on this computer is declared by your employer</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n monitoring system(s) on this computer are not declared by your employer</source>
        <translation>
            <numerusform>%n monitoring system on this computer is not declared by your employer</numerusform>
            <numerusform>%n monitoring systems on this computer are not declared by your employer</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected to the Indblik server: waiting for enrollment with %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the enrollment token (used, expired or unknown). IT must give this computer a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not show the expected CA fingerprint, so this computer does not enroll (wrong server, or someone in between). Contact IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not answer yet; the agent keeps trying by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The enrollment settings are incomplete. Contact IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrollment failed; the agent tries again. Contact IT if it goes on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list below is what the agent reported last time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer no longer sends its record to the server: its certificate was withdrawn by IT (revoked). What is collected here is still recorded on this computer. Contact IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer no longer sends its record to the server: the server refuses it (%1). What is collected here is still recorded on this computer. Contact IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s record of monitoring on this computer has been damaged or changed. Please tell your data protection officer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording is paused because this computer&apos;s disk is full or cannot be written to. What cannot be recorded is counted and noted once there is room again (%1 so far).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording is paused because the storage for Indblik on this computer is full: the server has been out of reach for a long time. What cannot be recorded is counted and noted once the server is reached again (%1 so far).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One of your employer&apos;s declarations could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Indblik could not check %n place(s) on this computer, so the list may be incomplete: %1</source>
        <translation>
            <numerusform>Indblik could not check %n place on this computer, so the list may be incomplete: %1</numerusform>
            <numerusform>Indblik could not check %n places on this computer, so the list may be incomplete: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Not refreshed from the agent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refreshed from the agent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not syncing with the Indblik server since %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never synced with the Indblik server, so your employer&apos;s declarations shown here may be out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Last synced with the Indblik server: %1. That is %n day(s) ago, so your employer&apos;s declarations shown here may be out of date.</source>
        <translation>
            <numerusform>Last synced with the Indblik server: %1. That is %n day ago, so your employer&apos;s declarations shown here may be out of date.</numerusform>
            <numerusform>Last synced with the Indblik server: %1. That is %n days ago, so your employer&apos;s declarations shown here may be out of date.</numerusform>
        </translation>
    </message>
    <message>
        <source>Last synced with the Indblik server: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last attempt failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record of monitoring on this computer does not verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Your employer has announced %n change(s) to the monitoring</source>
        <translation>
            <numerusform>Your employer has announced %n change to the monitoring</numerusform>
            <numerusform>Your employer has announced %n changes to the monitoring</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This computer&apos;s clock is %n minute(s) ahead of the server&apos;s, so the times recorded here are off by as much. The server uses its own time for deadlines. Ask IT to set the clock.</source>
        <translation>
            <numerusform>This computer&apos;s clock is %n minute ahead of the server&apos;s, so the times recorded here are off by as much. The server uses its own time for deadlines. Ask IT to set the clock.</numerusform>
            <numerusform>This computer&apos;s clock is %n minutes ahead of the server&apos;s, so the times recorded here are off by as much. The server uses its own time for deadlines. Ask IT to set the clock.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This computer&apos;s clock is %n minute(s) behind the server&apos;s, so the times recorded here are off by as much. The server uses its own time for deadlines. Ask IT to set the clock.</source>
        <translation>
            <numerusform>This computer&apos;s clock is %n minute behind the server&apos;s, so the times recorded here are off by as much. The server uses its own time for deadlines. Ask IT to set the clock.</numerusform>
            <numerusform>This computer&apos;s clock is %n minutes behind the server&apos;s, so the times recorded here are off by as much. The server uses its own time for deadlines. Ask IT to set the clock.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>indblik::tray::TimelineModel</name>
    <message>
        <source>Indblik itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data collected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>indblik::tray::TimelineView</name>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the monitoring on your computers recorded about you in the last 30 days, newest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only this monitoring system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only this kind of data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was collected, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All systems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All kinds of data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 The list below is from the last time the server answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was recorded about you in the last 30 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in the last 30 days matches the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Showing the newest %n event(s); there are more in the last 30 days. Export your data to see them all.</source>
        <translation>
            <numerusform>Showing the newest %n event; there are more in the last 30 days. Export your data to see them all.</numerusform>
            <numerusform>Showing the newest %n events; there are more in the last 30 days. Export your data to see them all.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) in the last 30 days.</source>
        <translation>
            <numerusform>%n event in the last 30 days.</numerusform>
            <numerusform>%n events in the last 30 days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>indblik::tray::TrayIcon</name>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indblik: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Shows what monitoring runs on this computer, as found by the Indblik agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s socket (default: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the window, without a system-tray icon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>indblik-tray is already running but does not answer (lock: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language: da or en (default: the one chosen in the window, else the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

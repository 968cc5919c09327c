<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
    <message>
        <source>Undeclared monitoring found</source>
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
        <source>Language: da or en (default: the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

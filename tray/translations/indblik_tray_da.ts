<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK">
<context>
    <name>indblik::tray::AgentConnector</name>
    <message>
        <source>The Indblik agent sent an answer larger than %1 MiB.</source>
        <translation>Indblik-agenten sendte et svar, der er større end %1 MiB.</translation>
    </message>
    <message>
        <source>The Indblik agent closed the connection without answering.</source>
        <translation>Indblik-agenten lukkede forbindelsen uden at svare.</translation>
    </message>
    <message>
        <source>The Indblik agent is not running (nothing is listening at %1).</source>
        <translation>Indblik-agenten kører ikke (der er intet, der lytter på %1).</translation>
    </message>
    <message>
        <source>The Indblik agent refused the connection at %1.</source>
        <translation>Indblik-agenten afviste forbindelsen på %1.</translation>
    </message>
    <message>
        <source>You are not allowed to connect to the Indblik agent at %1.</source>
        <translation>Du har ikke tilladelse til at oprette forbindelse til Indblik-agenten på %1.</translation>
    </message>
    <message>
        <source>Could not talk to the Indblik agent: %1</source>
        <translation>Kunne ikke kommunikere med Indblik-agenten: %1</translation>
    </message>
    <message numerus="yes">
        <source>The Indblik agent did not answer within %n second(s).</source>
        <translation>
            <numerusform>Indblik-agenten svarede ikke inden for %n sekund.</numerusform>
            <numerusform>Indblik-agenten svarede ikke inden for %n sekunder.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>indblik::tray::MainWindow</name>
    <message>
        <source>Indblik: monitoring on this computer</source>
        <translation>Indblik: overvågning på denne computer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Opdater</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Opdater</translation>
    </message>
    <message>
        <source>Ask the Indblik agent again (F5)</source>
        <translation>Spørg Indblik-agenten igen (F5)</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemer</translation>
    </message>
    <message>
        <source>Monitoring found on this computer</source>
        <translation>Overvågning fundet på denne computer</translation>
    </message>
    <message>
        <source>Details of the selected monitoring</source>
        <translation>Detaljer om den valgte overvågning</translation>
    </message>
    <message>
        <source>Last refreshed</source>
        <translation>Senest opdateret</translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation>Senest synkroniseret</translation>
    </message>
</context>
<context>
    <name>indblik::tray::ObservationDetails</name>
    <message>
        <source>Select a monitoring system in the list to see what it collects and why.</source>
        <translation>Vælg et overvågningssystem på listen for at se, hvad det indsamler, og hvorfor.</translation>
    </message>
    <message>
        <source>Declared by your employer.</source>
        <translation>Oplyst af din arbejdsgiver.</translation>
    </message>
    <message>
        <source>Not declared by your employer.</source>
        <translation>Ikke oplyst af din arbejdsgiver.</translation>
    </message>
    <message>
        <source>None of your employer&apos;s declarations covers this monitoring. You can ask your employer&apos;s data protection officer or your employee representatives about it.</source>
        <translation>Din arbejdsgiver har ikke oplyst om denne overvågning. Du kan spørge din arbejdsgivers databeskyttelsesrådgiver eller dine medarbejderrepræsentanter om den.</translation>
    </message>
    <message>
        <source>What it collects</source>
        <translation>Hvad den indsamler</translation>
    </message>
    <message>
        <source>Indblik does not know what this system collects.</source>
        <translation>Indblik ved ikke, hvad dette system indsamler.</translation>
    </message>
    <message>
        <source>Why Indblik thinks so</source>
        <translation>Hvorfor Indblik mener det</translation>
    </message>
    <message>
        <source>What was found on this computer</source>
        <translation>Hvad der blev fundet på denne computer</translation>
    </message>
    <message>
        <source>What your employer has declared</source>
        <translation>Hvad din arbejdsgiver har oplyst</translation>
    </message>
    <message>
        <source>The agent says the declaration &quot;%1&quot; covers this, but it has no copy of that declaration yet.</source>
        <translation>Agenten siger, at din arbejdsgivers oplysning »%1« dækker denne overvågning, men den har endnu ikke fået en kopi af oplysningen.</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>System:</translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation>Formål:</translation>
    </message>
    <message>
        <source>Legal basis:</source>
        <translation>Retsgrundlag:</translation>
    </message>
    <message>
        <source>Data it may collect:</source>
        <translation>Data, den må indsamle:</translation>
    </message>
    <message>
        <source>Kept for:</source>
        <translation>Opbevares i:</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n dag</numerusform>
            <numerusform>%n dage</numerusform>
        </translation>
    </message>
    <message>
        <source>Who may see it:</source>
        <translation>Hvem må se det:</translation>
    </message>
    <message>
        <source>can see data about you personally</source>
        <translation>kan se data om dig personligt</translation>
    </message>
    <message>
        <source>sees only totals for groups, not you personally</source>
        <translation>ser kun samlede tal for grupper, ikke dig personligt</translation>
    </message>
    <message>
        <source>Agreement with employee representatives:</source>
        <translation>Aftale med medarbejderrepræsentanterne:</translation>
    </message>
    <message>
        <source>none given</source>
        <translation>ingen angivet</translation>
    </message>
    <message>
        <source>Announced:</source>
        <translation>Varslet:</translation>
    </message>
    <message>
        <source>In effect from:</source>
        <translation>Gælder fra:</translation>
    </message>
    <message>
        <source>Why it was announced at short notice:</source>
        <translation>Hvorfor den blev varslet med kort varsel:</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>Kontakt:</translation>
    </message>
    <message>
        <source>What it did lately</source>
        <translation>Hvad den har lavet for nylig</translation>
    </message>
    <message>
        <source>Active from %1 to %2, and still active.</source>
        <translation>Aktiv fra %1 til %2, og stadig aktiv.</translation>
    </message>
    <message>
        <source>Active from %1 to %2.</source>
        <translation>Aktiv fra %1 til %2.</translation>
    </message>
    <message>
        <source>Used %1 seconds of processor time.</source>
        <translation>Brugte %1 sekunders processortid.</translation>
    </message>
    <message>
        <source>Connected to:</source>
        <translation>Havde forbindelse til:</translation>
    </message>
    <message>
        <source>Wrote %1 (files and network together).</source>
        <translation>Skrev %1 (filer og netværk tilsammen).</translation>
    </message>
    <message>
        <source>New or changed files in its storage folders: %1 (%2).</source>
        <translation>Nye eller ændrede filer i dens lagermapper: %1 (%2).</translation>
    </message>
    <message>
        <source>The audit log grew by %1.</source>
        <translation>Revisionsloggen voksede med %1.</translation>
    </message>
</context>
<context>
    <name>indblik::tray::ObservationModel</name>
    <message>
        <source>Declared</source>
        <translation>Oplyst</translation>
    </message>
    <message>
        <source>Not declared</source>
        <translation>Ikke oplyst</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>Ukendt</translation>
    </message>
    <message>
        <source>Your employer has declared this monitoring.</source>
        <translation>Din arbejdsgiver har oplyst om denne overvågning.</translation>
    </message>
    <message>
        <source>Your employer has not declared this monitoring.</source>
        <translation>Din arbejdsgiver har ikke oplyst om denne overvågning.</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>Overvågning</translation>
    </message>
    <message>
        <source>What it collects</source>
        <translation>Hvad den indsamler</translation>
    </message>
    <message>
        <source>Declared by your employer?</source>
        <translation>Oplyst af arbejdsgiveren?</translation>
    </message>
</context>
<context>
    <name>indblik::tray::Overview</name>
    <message>
        <source>The agent&apos;s answer is too large.</source>
        <translation>Agentens svar er for stort.</translation>
    </message>
    <message>
        <source>The agent&apos;s answer is not valid JSON (at byte %1: %2).</source>
        <translation>Agentens svar er ikke gyldig JSON (ved byte %1: %2).</translation>
    </message>
    <message>
        <source>The agent&apos;s answer is not a JSON object.</source>
        <translation>Agentens svar er ikke et JSON-objekt.</translation>
    </message>
    <message>
        <source>The agent reported an error: %1</source>
        <translation>Agenten meldte en fejl: %1</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(ingen besked)</translation>
    </message>
    <message>
        <source>The agent&apos;s answer has no list of observations.</source>
        <translation>Agentens svar indeholder ingen liste over fund.</translation>
    </message>
</context>
<context>
    <name>indblik::tray::StatusPresenter</name>
    <message>
        <source>Asking the Indblik agent…</source>
        <translation>Spørger Indblik-agenten …</translation>
    </message>
    <message>
        <source>Not connected to the Indblik agent</source>
        <translation>Ikke forbundet til Indblik-agenten</translation>
    </message>
    <message>
        <source>No monitoring found on this computer</source>
        <translation>Der er ikke fundet overvågning på denne computer</translation>
    </message>
    <message>
        <source>All monitoring found on this computer is declared by your employer</source>
        <translation>Al overvågning, der er fundet på denne computer, er oplyst af din arbejdsgiver</translation>
    </message>
    <message numerus="yes">
        <source>%n monitoring system(s) on this computer are not declared by your employer</source>
        <translation>
            <numerusform>%n overvågningssystem på denne computer er ikke oplyst af din arbejdsgiver</numerusform>
            <numerusform>%n overvågningssystemer på denne computer er ikke oplyst af din arbejdsgiver</numerusform>
        </translation>
    </message>
    <message>
        <source>The list below is what the agent reported last time.</source>
        <translation>Listen nedenfor er det, agenten meldte sidste gang.</translation>
    </message>
    <message>
        <source>This computer no longer sends its record to the server: its certificate was withdrawn by IT (revoked). What is collected here is still recorded on this computer. Contact IT.</source>
        <translation>Denne computer sender ikke længere sine optegnelser til serveren: dens certifikat er trukket tilbage af IT (spærret). Det, der indsamles her, registreres stadig på denne computer. Kontakt IT.</translation>
    </message>
    <message>
        <source>This computer no longer sends its record to the server: the server refuses it (%1). What is collected here is still recorded on this computer. Contact IT.</source>
        <translation>Denne computer sender ikke længere sine optegnelser til serveren: serveren afviser den (%1). Det, der indsamles her, registreres stadig på denne computer. Kontakt IT.</translation>
    </message>
    <message>
        <source>The agent&apos;s record of monitoring on this computer has been damaged or changed. Please tell your data protection officer.</source>
        <translation>Agentens optegnelser over overvågning på denne computer er blevet beskadiget eller ændret. Sig det venligst til din databeskyttelsesrådgiver.</translation>
    </message>
    <message>
        <source>Recording is paused because this computer&apos;s disk is full or cannot be written to. What cannot be recorded is counted and noted once there is room again (%1 so far).</source>
        <translation>Registreringen er sat på pause, fordi computerens disk er fuld eller ikke kan skrives til. Det, der ikke kan registreres, bliver talt og noteret, når der er plads igen (%1 indtil nu).</translation>
    </message>
    <message>
        <source>Recording is paused because the storage for Indblik on this computer is full: the server has been out of reach for a long time. What cannot be recorded is counted and noted once the server is reached again (%1 so far).</source>
        <translation>Registreringen er sat på pause, fordi lageret til Indblik på denne computer er fuldt: serveren har ikke kunnet nås i lang tid. Det, der ikke kan registreres, bliver talt og noteret, når serveren kan nås igen (%1 indtil nu).</translation>
    </message>
    <message>
        <source>One of your employer&apos;s declarations could not be read: %1</source>
        <translation>En af din arbejdsgivers oplysninger om overvågning kunne ikke læses: %1</translation>
    </message>
    <message numerus="yes">
        <source>Indblik could not check %n place(s) on this computer, so the list may be incomplete: %1</source>
        <translation>
            <numerusform>Indblik kunne ikke undersøge %n sted på denne computer, så listen er måske ikke komplet: %1</numerusform>
            <numerusform>Indblik kunne ikke undersøge %n steder på denne computer, så listen er måske ikke komplet: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Not refreshed from the agent yet</source>
        <translation>Endnu ikke opdateret fra agenten</translation>
    </message>
    <message>
        <source>Last refreshed from the agent: %1</source>
        <translation>Senest opdateret fra agenten: %1</translation>
    </message>
    <message>
        <source>Not syncing with the Indblik server since %1.</source>
        <translation>Synkroniserer ikke med Indblik-serveren siden %1.</translation>
    </message>
    <message>
        <source>Never synced with the Indblik server, so your employer&apos;s declarations shown here may be out of date.</source>
        <translation>Aldrig synkroniseret med Indblik-serveren, så din arbejdsgivers oplysninger her kan være forældede.</translation>
    </message>
    <message numerus="yes">
        <source>Last synced with the Indblik server: %1. That is %n day(s) ago, so your employer&apos;s declarations shown here may be out of date.</source>
        <translation>
            <numerusform>Senest synkroniseret med Indblik-serveren: %1. Det er %n dag siden, så din arbejdsgivers oplysninger her kan være forældede.</numerusform>
            <numerusform>Senest synkroniseret med Indblik-serveren: %1. Det er %n dage siden, så din arbejdsgivers oplysninger her kan være forældede.</numerusform>
        </translation>
    </message>
    <message>
        <source>Last synced with the Indblik server: %1.</source>
        <translation>Senest synkroniseret med Indblik-serveren: %1.</translation>
    </message>
    <message>
        <source>The last attempt failed: %1</source>
        <translation>Sidste forsøg mislykkedes: %1</translation>
    </message>
</context>
<context>
    <name>indblik::tray::TrayIcon</name>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Åbn</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afslut</translation>
    </message>
    <message>
        <source>Indblik: %1</source>
        <translation>Indblik: %1</translation>
    </message>
    <message>
        <source>Undeclared monitoring found</source>
        <translation>Der er fundet overvågning, som ikke er oplyst</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Shows what monitoring runs on this computer, as found by the Indblik agent.</source>
        <translation>Viser den overvågning, som Indblik-agenten har fundet på denne computer.</translation>
    </message>
    <message>
        <source>The agent&apos;s socket (default: %1).</source>
        <translation>Agentens socket (standard: %1).</translation>
    </message>
    <message>
        <source>path</source>
        <translation>sti</translation>
    </message>
    <message>
        <source>Show only the window, without a system-tray icon.</source>
        <translation>Vis kun vinduet, uden ikon i systembakken.</translation>
    </message>
    <message>
        <source>Language: da or en (default: the system&apos;s).</source>
        <translation>Sprog: da eller en (standard: systemets).</translation>
    </message>
    <message>
        <source>code</source>
        <translation>kode</translation>
    </message>
</context>
</TS>

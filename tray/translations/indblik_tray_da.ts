<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK">
<context>
    <name>ViewParts</name>
    <message>
        <source>Refresh</source>
        <translation>Opdater</translation>
    </message>
    <message>
        <source>Ask the server again</source>
        <translation>Spørg serveren igen</translation>
    </message>
</context>
<context>
    <name>indblik::tray::AccessLogModel</name>
    <message>
        <source>employee</source>
        <translation>medarbejder</translation>
    </message>
    <message>
        <source>data protection officer</source>
        <translation>databeskyttelsesrådgiver</translation>
    </message>
    <message>
        <source>IT administrator</source>
        <translation>IT-administrator</translation>
    </message>
    <message>
        <source>works council</source>
        <translation>samarbejdsudvalg</translation>
    </message>
    <message>
        <source>the system</source>
        <translation>systemet</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>Dine data</translation>
    </message>
    <message>
        <source>An export of your data (%1)</source>
        <translation>En eksport af dine data (%1)</translation>
    </message>
    <message>
        <source>Your request %1</source>
        <translation>Din henvendelse %1</translation>
    </message>
    <message>
        <source>A report on %1</source>
        <translation>En rapport om %1</translation>
    </message>
    <message>
        <source>You did this yourself</source>
        <translation>Det gjorde du selv</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>(ingen begrundelse angivet)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Ukendt</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 – refused, nothing was shown</source>
        <translation>%1 – afvist, intet blev vist</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Hvornår</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Hvem</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Hvad</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Hvorfor</translation>
    </message>
</context>
<context>
    <name>indblik::tray::AccessLogView</name>
    <message>
        <source>Who looked at my data</source>
        <translation>Hvem har set mine data</translation>
    </message>
    <message>
        <source>Everyone who looked at your data on the Indblik server, and why. Every access is recorded; nobody can read your data unseen.</source>
        <translation>Alle, der har set dine data på Indblik-serveren, og hvorfor. Hver adgang registreres; ingen kan læse dine data uset.</translation>
    </message>
    <message>
        <source>Refresh the access log</source>
        <translation>Opdater adgangsloggen</translation>
    </message>
    <message>
        <source>Whether the access log is intact</source>
        <translation>Om adgangsloggen er intakt</translation>
    </message>
    <message>
        <source>Access log status</source>
        <translation>Adgangsloggens status</translation>
    </message>
    <message>
        <source>Accesses to your data, newest first</source>
        <translation>Adgange til dine data, nyeste først</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Spørger serveren …</translation>
    </message>
    <message>
        <source>%1 The list below is from the last time the server answered.</source>
        <translation>%1 Listen nedenfor er fra sidste gang, serveren svarede.</translation>
    </message>
    <message>
        <source>Nobody has looked at your data yet.</source>
        <translation>Ingen har set dine data endnu.</translation>
    </message>
    <message>
        <source>Showing the newest %1 of %2 accesses.</source>
        <translation>Viser de nyeste %1 af %2 adgange.</translation>
    </message>
    <message>
        <source>The access log is intact: no entry has been changed or removed.</source>
        <translation>Adgangsloggen er intakt: ingen post er ændret eller fjernet.</translation>
    </message>
    <message>
        <source>Warning: the access log does not verify. Entries may have been changed or removed; tell the data protection officer.</source>
        <translation>Advarsel: adgangsloggen kan ikke verificeres. Poster kan være ændret eller fjernet; sig det til databeskyttelsesrådgiveren.</translation>
    </message>
</context>
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
    <name>indblik::tray::ComingChanges</name>
    <message>
        <source>New monitoring: %1.</source>
        <translation>Ny overvågning: %1.</translation>
    </message>
    <message>
        <source>It will collect: %1.</source>
        <translation>Den vil indsamle: %1.</translation>
    </message>
    <message numerus="yes">
        <source>It will be kept for %n day(s).</source>
        <translation>
            <numerusform>Data vil blive opbevaret i %n dag.</numerusform>
            <numerusform>Data vil blive opbevaret i %n dage.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 will be able to see data about you personally.</source>
        <translation>%1 vil kunne se data om dig personligt.</translation>
    </message>
    <message>
        <source>%1 will see only totals for groups, not you personally.</source>
        <translation>%1 vil kun se samlede tal for grupper, ikke dig personligt.</translation>
    </message>
    <message>
        <source>The system changes from %1 to %2.</source>
        <translation>Systemet skifter fra %1 til %2.</translation>
    </message>
    <message>
        <source>It will also collect: %1.</source>
        <translation>Den vil også indsamle: %1.</translation>
    </message>
    <message>
        <source>It will no longer collect: %1.</source>
        <translation>Den vil ikke længere indsamle: %1.</translation>
    </message>
    <message>
        <source>It will be kept longer: %1 days instead of %2.</source>
        <translation>Data vil blive opbevaret længere: %1 dage i stedet for %2.</translation>
    </message>
    <message>
        <source>It will be kept for a shorter time: %1 days instead of %2.</source>
        <translation>Data vil blive opbevaret kortere: %1 dage i stedet for %2.</translation>
    </message>
    <message>
        <source>New: %1 will be able to see data about you personally.</source>
        <translation>Nyt: %1 vil kunne se data om dig personligt.</translation>
    </message>
    <message>
        <source>New: %1 will see totals for groups, not you personally.</source>
        <translation>Nyt: %1 vil se samlede tal for grupper, ikke dig personligt.</translation>
    </message>
    <message>
        <source>%1 will see data about you personally, not only totals.</source>
        <translation>%1 vil se data om dig personligt, ikke kun samlede tal.</translation>
    </message>
    <message>
        <source>%1 will see only totals for groups, no longer you personally.</source>
        <translation>%1 vil kun se samlede tal for grupper, ikke længere dig personligt.</translation>
    </message>
    <message>
        <source>%1 will no longer see it.</source>
        <translation>%1 vil ikke længere se det.</translation>
    </message>
    <message>
        <source>The purpose becomes: %1</source>
        <translation>Formålet bliver: %1</translation>
    </message>
    <message>
        <source>The legal basis becomes: %1</source>
        <translation>Retsgrundlaget bliver: %1</translation>
    </message>
    <message>
        <source>No change in what is collected, how long it is kept or who can see it.</source>
        <translation>Ingen ændring i, hvad der indsamles, hvor længe det opbevares, eller hvem der kan se det.</translation>
    </message>
    <message>
        <source>Your employer has announced no changes to the monitoring.</source>
        <translation>Din arbejdsgiver har ikke varslet ændringer i overvågningen.</translation>
    </message>
    <message>
        <source>Changes to %1</source>
        <translation>Ændringer i %1</translation>
    </message>
    <message>
        <source>New: %1</source>
        <translation>Nyt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Takes effect on %1 (in %n day(s)).</source>
        <translation>
            <numerusform>Træder i kraft den %1 (om %n dag).</numerusform>
            <numerusform>Træder i kraft den %1 (om %n dage).</numerusform>
        </translation>
    </message>
    <message>
        <source>Announced on %1.</source>
        <translation>Varslet den %1.</translation>
    </message>
    <message>
        <source>Announced at short notice because: %1</source>
        <translation>Varslet med kort varsel, fordi: %1</translation>
    </message>
    <message>
        <source>Questions: %1 &lt;%2&gt;</source>
        <translation>Spørgsmål: %1 &lt;%2&gt;</translation>
    </message>
    <message>
        <source>It concerns nothing Indblik found on this computer.</source>
        <translation>Den vedrører intet af det, Indblik har fundet på denne computer.</translation>
    </message>
    <message>
        <source>On this computer it concerns: %1.</source>
        <translation>På denne computer vedrører den: %1.</translation>
    </message>
</context>
<context>
    <name>indblik::tray::ComingChangesView</name>
    <message>
        <source>Coming changes</source>
        <translation>Kommende ændringer</translation>
    </message>
    <message>
        <source>Changes your employer has announced to the monitoring, before they take effect, compared with what applies now.</source>
        <translation>Ændringer i overvågningen, som din arbejdsgiver har varslet, før de træder i kraft, sammenlignet med det, der gælder nu.</translation>
    </message>
    <message>
        <source>How many changes are announced</source>
        <translation>Hvor mange ændringer der er varslet</translation>
    </message>
    <message>
        <source>The announced changes</source>
        <translation>De varslede ændringer</translation>
    </message>
    <message>
        <source>Asking the Indblik agent…</source>
        <translation>Spørger Indblik-agenten …</translation>
    </message>
    <message>
        <source>Nothing is announced.</source>
        <translation>Intet er varslet.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) announced.</source>
        <translation>
            <numerusform>%n ændring varslet.</numerusform>
            <numerusform>%n ændringer varslet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>indblik::tray::ExportView</name>
    <message>
        <source>Export</source>
        <translation>Eksport</translation>
    </message>
    <message>
        <source>Save your data as</source>
        <translation>Gem dine data som</translation>
    </message>
    <message>
        <source>Save a copy of everything the Indblik server holds about you: your computers, what was found and recorded there, the declarations, who looked at your data, and your requests. The export itself is noted in your access log as done by you.</source>
        <translation>Gem en kopi af alt, hvad Indblik-serveren har om dig: dine computere, hvad der er fundet og registreret på dem, arbejdsgiverens oplysninger, hvem der har set dine data, og dine henvendelser. Selve eksporten noteres i din adgangslog som gjort af dig.</translation>
    </message>
    <message>
        <source>&amp;Readable report (HTML)…</source>
        <translation>&amp;Læsbar rapport (HTML) …</translation>
    </message>
    <message>
        <source>Save a readable report (HTML)</source>
        <translation>Gem en læsbar rapport (HTML)</translation>
    </message>
    <message>
        <source>&amp;Spreadsheet (CSV)…</source>
        <translation>&amp;Regneark (CSV) …</translation>
    </message>
    <message>
        <source>Save as a spreadsheet (CSV)</source>
        <translation>Gem som regneark (CSV)</translation>
    </message>
    <message>
        <source>&amp;Data for programs (NDJSON)…</source>
        <translation>&amp;Data til programmer (NDJSON) …</translation>
    </message>
    <message>
        <source>Save as data for programs (NDJSON)</source>
        <translation>Gem som data til programmer (NDJSON)</translation>
    </message>
    <message>
        <source>Export status</source>
        <translation>Eksportens status</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>Webside (*.html)</translation>
    </message>
    <message>
        <source>Spreadsheet (*.csv)</source>
        <translation>Regneark (*.csv)</translation>
    </message>
    <message>
        <source>NDJSON (*.ndjson)</source>
        <translation>NDJSON (*.ndjson)</translation>
    </message>
    <message>
        <source>Asking the server for your data as %1…</source>
        <translation>Beder serveren om dine data som %1 …</translation>
    </message>
    <message>
        <source>Your data was not saved: %1 cannot be written (%2).</source>
        <translation>Dine data blev ikke gemt: der kan ikke skrives til %1 (%2).</translation>
    </message>
    <message>
        <source>Your data was not saved: writing %1 failed (%2).</source>
        <translation>Dine data blev ikke gemt: skrivningen af %1 mislykkedes (%2).</translation>
    </message>
    <message>
        <source>Your data was saved as %1 to %2.</source>
        <translation>Dine data blev gemt som %1 i %2.</translation>
    </message>
    <message>
        <source>Your data was not saved. %1</source>
        <translation>Dine data blev ikke gemt. %1</translation>
    </message>
</context>
<context>
    <name>indblik::tray::IntegrityView</name>
    <message>
        <source>Integrity</source>
        <translation>Integritet</translation>
    </message>
    <message>
        <source>Every record of the monitoring is chained and signed, so a change or a removal shows. Here is whether your record verifies, and up to when.</source>
        <translation>Alle optegnelser om overvågningen er kædet sammen og signeret, så en ændring eller sletning kan ses. Her kan du se, om dine optegnelser kan verificeres, og frem til hvornår.</translation>
    </message>
    <message>
        <source>Check the integrity again</source>
        <translation>Kontrollér integriteten igen</translation>
    </message>
    <message>
        <source>Whether your record verifies</source>
        <translation>Om dine optegnelser kan verificeres</translation>
    </message>
    <message>
        <source>Your record, computer by computer</source>
        <translation>Dine optegnelser, computer for computer</translation>
    </message>
    <message>
        <source>What to do: tell your data protection officer, and do not reinstall or reset the computer, so the record can be examined.</source>
        <translation>Det skal du gøre: Sig det til din databeskyttelsesrådgiver, og lad være med at geninstallere eller nulstille computeren, så optegnelserne kan undersøges.</translation>
    </message>
    <message>
        <source>The record kept on this computer does not verify: an entry was changed or removed.</source>
        <translation>Optegnelserne på denne computer kan ikke verificeres: en post er ændret eller fjernet.</translation>
    </message>
    <message>
        <source>The record kept on this computer is intact, verified by the server up to %1.</source>
        <translation>Optegnelserne på denne computer er intakte, verificeret af serveren frem til %1.</translation>
    </message>
    <message>
        <source>The record kept on this computer is intact. The server has not confirmed a signed checkpoint of it yet; that happens with the next syncs.</source>
        <translation>Optegnelserne på denne computer er intakte. Serveren har endnu ikke bekræftet et signeret kontrolpunkt af dem; det sker ved de næste synkroniseringer.</translation>
    </message>
    <message>
        <source>a computer</source>
        <translation>en computer</translation>
    </message>
    <message>
        <source>Your record from %1 does not verify: it was changed after the computer signed it.</source>
        <translation>Dine optegnelser fra %1 kan ikke verificeres: de er ændret, efter computeren signerede dem.</translation>
    </message>
    <message>
        <source>Your record from %1 is intact, verified up to %2.</source>
        <translation>Dine optegnelser fra %1 er intakte, verificeret frem til %2.</translation>
    </message>
    <message>
        <source>Your record from %1 has not been checked yet: the computer has not sent a signed checkpoint.</source>
        <translation>Dine optegnelser fra %1 er ikke kontrolleret endnu: computeren har ikke sendt et signeret kontrolpunkt.</translation>
    </message>
    <message>
        <source>Part of your record does not verify. %1</source>
        <translation>En del af dine optegnelser kan ikke verificeres. %1</translation>
    </message>
    <message>
        <source>Asking the Indblik agent…</source>
        <translation>Spørger Indblik-agenten …</translation>
    </message>
    <message>
        <source>Nothing in your record has been changed or removed.</source>
        <translation>Intet i dine optegnelser er ændret eller fjernet.</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>På denne computer</translation>
    </message>
    <message>
        <source>The Indblik agent has not answered yet.</source>
        <translation>Indblik-agenten har ikke svaret endnu.</translation>
    </message>
    <message>
        <source>On the Indblik server</source>
        <translation>På Indblik-serveren</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Spørger serveren …</translation>
    </message>
    <message>
        <source>The server has no computer of yours on record yet.</source>
        <translation>Serveren har endnu ingen af dine computere registreret.</translation>
    </message>
    <message>
        <source>%1 (The server&apos;s technical note: %2)</source>
        <translation>%1 (Serverens tekniske note: %2)</translation>
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
    <message>
        <source>Views</source>
        <translation>Visninger</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Oversigt</translation>
    </message>
    <message>
        <source>Who looked at my data</source>
        <translation>Hvem har set mine data</translation>
    </message>
    <message>
        <source>My requests</source>
        <translation>Mine henvendelser</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Ctrl+%1</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tidslinje</translation>
    </message>
    <message>
        <source>Coming changes</source>
        <translation>Kommende ændringer</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Eksport</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>Integritet</translation>
    </message>
    <message>
        <source>The language of this window. Indblik remembers your choice.</source>
        <translation>Sproget i dette vindue. Indblik husker dit valg.</translation>
    </message>
</context>
<context>
    <name>indblik::tray::Notifier</name>
    <message>
        <source>Undeclared monitoring found</source>
        <translation>Ikke-oplyst overvågning fundet</translation>
    </message>
    <message>
        <source>Found on this computer and not declared by your employer: %1</source>
        <translation>Fundet på denne computer og ikke oplyst af din arbejdsgiver: %1</translation>
    </message>
    <message>
        <source>Your employer announced a change</source>
        <translation>Din arbejdsgiver har varslet en ændring</translation>
    </message>
    <message>
        <source>Announced changes to the monitoring: %1. See Coming changes.</source>
        <translation>Varslede ændringer i overvågningen: %1. Se Kommende ændringer.</translation>
    </message>
    <message>
        <source>Someone looked at your data</source>
        <translation>Nogen har set dine data</translation>
    </message>
    <message numerus="yes">
        <source>%n new access(es) to your data by: %1. See Who looked at my data.</source>
        <translation>
            <numerusform>%n ny adgang til dine data af: %1. Se Hvem har set mine data.</numerusform>
            <numerusform>%n nye adgange til dine data af: %1. Se Hvem har set mine data.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your request was answered</source>
        <translation>Din henvendelse er besvaret</translation>
    </message>
    <message>
        <source>Answered: %1. See My requests.</source>
        <translation>Besvaret: %1. Se Mine henvendelser.</translation>
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
    <message>
        <source>Not found on this computer</source>
        <translation>Ikke fundet på denne computer</translation>
    </message>
    <message>
        <source>Your employer declares this monitoring, but Indblik did not find it on this computer. It may run on your employer&apos;s servers (for example for e-mail or the network) or on your other computers. What your employer has declared about it is below.</source>
        <translation>Din arbejdsgiver har oplyst om denne overvågning, men Indblik har ikke fundet den på denne computer. Den kan køre på din arbejdsgivers servere (for eksempel til e-mail eller netværket) eller på dine andre computere. Det, din arbejdsgiver har oplyst om den, står nedenfor.</translation>
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
    <message>
        <source>Declared; not on this computer</source>
        <translation>Oplyst; ikke på denne computer</translation>
    </message>
    <message>
        <source>Your employer has declared this monitoring. Indblik did not find it on this computer: it may run on your employer&apos;s servers or on your other computers.</source>
        <translation>Din arbejdsgiver har oplyst om denne overvågning. Indblik har ikke fundet den på denne computer: den kan køre på din arbejdsgivers servere eller på dine andre computere.</translation>
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
    <name>indblik::tray::RequestModel</name>
    <message>
        <source>Question</source>
        <translation>Spørgsmål</translation>
    </message>
    <message>
        <source>Copy of my data</source>
        <translation>Kopi af mine data</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Rettelse</translation>
    </message>
    <message>
        <source>Objection</source>
        <translation>Indsigelse</translation>
    </message>
    <message>
        <source>Deletion</source>
        <translation>Sletning</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Modtaget</translation>
    </message>
    <message>
        <source>Being handled</source>
        <translation>Under behandling</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Besvaret</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Afvist</translation>
    </message>
    <message>
        <source>OVERDUE: was due %1</source>
        <translation>OVERSKREDET: fristen var %1</translation>
    </message>
    <message>
        <source>%1 (done)</source>
        <translation>%1 (afsluttet)</translation>
    </message>
    <message>
        <source>%1 (extended)</source>
        <translation>%1 (forlænget)</translation>
    </message>
    <message>
        <source>The data protection officer</source>
        <translation>Databeskyttelsesrådgiveren</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Emne</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
</context>
<context>
    <name>indblik::tray::RequestsView</name>
    <message>
        <source>My requests</source>
        <translation>Mine henvendelser</translation>
    </message>
    <message>
        <source>Ask a question, ask for a copy of your data, a correction or a deletion, or object. A named person answers, by the deadline the law sets.</source>
        <translation>Stil et spørgsmål, bed om en kopi af dine data, en rettelse eller en sletning, eller gør indsigelse. En navngiven person svarer inden for den frist, loven sætter.</translation>
    </message>
    <message>
        <source>Refresh my requests</source>
        <translation>Opdater mine henvendelser</translation>
    </message>
    <message>
        <source>Requests status</source>
        <translation>Henvendelsernes status</translation>
    </message>
    <message>
        <source>Your requests, newest first</source>
        <translation>Dine henvendelser, nyeste først</translation>
    </message>
    <message>
        <source>New request</source>
        <translation>Ny henvendelse</translation>
    </message>
    <message>
        <source>Type of request</source>
        <translation>Type af henvendelse</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Emne</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>&amp;Emne:</translation>
    </message>
    <message>
        <source>Text of the request</source>
        <translation>Henvendelsens tekst</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;kst:</translation>
    </message>
    <message>
        <source>About the new request</source>
        <translation>Om den nye henvendelse</translation>
    </message>
    <message>
        <source>Send &amp;request</source>
        <translation>Send &amp;henvendelse</translation>
    </message>
    <message>
        <source>Send the request</source>
        <translation>Send henvendelsen</translation>
    </message>
    <message>
        <source>Write a subject: a few words about what you ask.</source>
        <translation>Skriv et emne: nogle få ord om, hvad du spørger om.</translation>
    </message>
    <message>
        <source>The subject is too long: at most %1 characters.</source>
        <translation>Emnet er for langt: højst %1 tegn.</translation>
    </message>
    <message>
        <source>The text is too long: at most %1 characters.</source>
        <translation>Teksten er for lang: højst %1 tegn.</translation>
    </message>
    <message>
        <source>Choose the type of request.</source>
        <translation>Vælg typen af henvendelse.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sender …</translation>
    </message>
    <message>
        <source>Your request was sent. It is to be answered by %1.</source>
        <translation>Din henvendelse er sendt. Den skal besvares senest %1.</translation>
    </message>
    <message>
        <source>Your request was sent.</source>
        <translation>Din henvendelse er sendt.</translation>
    </message>
    <message>
        <source>Your request was not sent. %1</source>
        <translation>Din henvendelse blev ikke sendt. %1</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Spørger serveren …</translation>
    </message>
    <message>
        <source>%1 The list below is from the last time the server answered.</source>
        <translation>%1 Listen nedenfor er fra sidste gang, serveren svarede.</translation>
    </message>
    <message>
        <source>You have not sent any requests yet.</source>
        <translation>Du har ikke sendt nogen henvendelser endnu.</translation>
    </message>
</context>
<context>
    <name>indblik::tray::ServerClient</name>
    <message>
        <source>The server cannot be reached; showing what this computer knows.</source>
        <translation>Serveren kan ikke nås; viser det, denne computer ved.</translation>
    </message>
    <message>
        <source>This computer is not enrolled with an Indblik server yet, so there is nothing about you on a server to show.</source>
        <translation>Denne computer er endnu ikke tilmeldt en Indblik-server, så der er intet om dig på en server at vise.</translation>
    </message>
    <message>
        <source>The Indblik agent could not tell which user you are.</source>
        <translation>Indblik-agenten kunne ikke se, hvilken bruger du er.</translation>
    </message>
    <message>
        <source>The Indblik agent could not ask the server for you.</source>
        <translation>Indblik-agenten kunne ikke spørge serveren for dig.</translation>
    </message>
    <message>
        <source>Your user on this computer is not linked to a person on the Indblik server; ask IT to link it.</source>
        <translation>Din bruger på denne computer er ikke knyttet til en person på Indblik-serveren; bed IT om at knytte den.</translation>
    </message>
    <message>
        <source>The server no longer accepts this computer; ask IT.</source>
        <translation>Serveren accepterer ikke længere denne computer; spørg IT.</translation>
    </message>
    <message>
        <source>The server had a problem answering; try again later.</source>
        <translation>Serveren havde et problem med at svare; prøv igen senere.</translation>
    </message>
    <message>
        <source>The server did not accept the request (status %1).</source>
        <translation>Serveren godtog ikke forespørgslen (status %1).</translation>
    </message>
    <message>
        <source>The Indblik agent sent an answer that is not valid JSON.</source>
        <translation>Indblik-agenten sendte et svar, der ikke er gyldig JSON.</translation>
    </message>
    <message>
        <source>The Indblik agent sent an answer larger than %1 MiB.</source>
        <translation>Indblik-agenten sendte et svar, der er større end %1 MiB.</translation>
    </message>
    <message numerus="yes">
        <source>The Indblik agent did not answer within %n second(s).</source>
        <translation>
            <numerusform>Indblik-agenten svarede ikke inden for %n sekund.</numerusform>
            <numerusform>Indblik-agenten svarede ikke inden for %n sekunder.</numerusform>
        </translation>
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
        <source>Not connected to the Indblik server: waiting for enrollment with %1.</source>
        <translation>Ikke forbundet til Indblik-serveren: venter på tilmelding til %1.</translation>
    </message>
    <message>
        <source>The server refused the enrollment token (used, expired or unknown). IT must give this computer a new one.</source>
        <translation>Serveren afviste tilmeldingsnøglen (brugt, udløbet eller ukendt). IT skal give denne computer en ny.</translation>
    </message>
    <message>
        <source>The server did not show the expected CA fingerprint, so this computer does not enroll (wrong server, or someone in between). Contact IT.</source>
        <translation>Serveren viste ikke det forventede CA-fingeraftryk, så computeren tilmelder sig ikke (forkert server eller nogen ind imellem). Kontakt IT.</translation>
    </message>
    <message>
        <source>The server does not answer yet; the agent keeps trying by itself.</source>
        <translation>Serveren svarer ikke endnu; agenten prøver igen af sig selv.</translation>
    </message>
    <message>
        <source>The enrollment settings are incomplete. Contact IT.</source>
        <translation>Tilmeldingsindstillingerne er ufuldstændige. Kontakt IT.</translation>
    </message>
    <message>
        <source>Enrollment failed; the agent tries again. Contact IT if it goes on.</source>
        <translation>Tilmeldingen mislykkedes; agenten prøver igen. Kontakt IT, hvis det bliver ved.</translation>
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
    <message>
        <source>The record of monitoring on this computer does not verify</source>
        <translation>Optegnelserne om overvågning på denne computer kan ikke verificeres</translation>
    </message>
    <message numerus="yes">
        <source>Your employer has announced %n change(s) to the monitoring</source>
        <translation>
            <numerusform>Din arbejdsgiver har varslet %n ændring i overvågningen</numerusform>
            <numerusform>Din arbejdsgiver har varslet %n ændringer i overvågningen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This computer&apos;s clock is %n minute(s) ahead of the server&apos;s, so the times recorded here are off by as much. The server uses its own time for deadlines. Ask IT to set the clock.</source>
        <translation>
            <numerusform>Denne computers ur går %n minut foran i forhold til serverens, så de tider, der registreres her, er forkerte med lige så meget. Serveren bruger sin egen tid til frister. Bed IT om at stille uret.</numerusform>
            <numerusform>Denne computers ur går %n minutter foran i forhold til serverens, så de tider, der registreres her, er forkerte med lige så meget. Serveren bruger sin egen tid til frister. Bed IT om at stille uret.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This computer&apos;s clock is %n minute(s) behind the server&apos;s, so the times recorded here are off by as much. The server uses its own time for deadlines. Ask IT to set the clock.</source>
        <translation>
            <numerusform>Denne computers ur går %n minut bagud i forhold til serverens, så de tider, der registreres her, er forkerte med lige så meget. Serveren bruger sin egen tid til frister. Bed IT om at stille uret.</numerusform>
            <numerusform>Denne computers ur går %n minutter bagud i forhold til serverens, så de tider, der registreres her, er forkerte med lige så meget. Serveren bruger sin egen tid til frister. Bed IT om at stille uret.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>indblik::tray::TimelineModel</name>
    <message>
        <source>Indblik itself</source>
        <translation>Indblik selv</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Hvornår</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Computer</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Data collected</source>
        <translation>Indsamlede data</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Hvad skete der</translation>
    </message>
</context>
<context>
    <name>indblik::tray::TimelineView</name>
    <message>
        <source>Timeline</source>
        <translation>Tidslinje</translation>
    </message>
    <message>
        <source>What the monitoring on your computers recorded about you in the last 30 days, newest first.</source>
        <translation>Hvad overvågningen på dine computere har registreret om dig de seneste 30 dage, nyeste først.</translation>
    </message>
    <message>
        <source>Refresh the timeline</source>
        <translation>Opdater tidslinjen</translation>
    </message>
    <message>
        <source>Show only this monitoring system</source>
        <translation>Vis kun dette overvågningssystem</translation>
    </message>
    <message>
        <source>&amp;System:</source>
        <translation>&amp;System:</translation>
    </message>
    <message>
        <source>Show only this kind of data</source>
        <translation>Vis kun denne slags data</translation>
    </message>
    <message>
        <source>&amp;Data:</source>
        <translation>&amp;Data:</translation>
    </message>
    <message>
        <source>Timeline status</source>
        <translation>Tidslinjens status</translation>
    </message>
    <message>
        <source>What was collected, newest first</source>
        <translation>Hvad der blev indsamlet, nyeste først</translation>
    </message>
    <message>
        <source>All systems</source>
        <translation>Alle systemer</translation>
    </message>
    <message>
        <source>All kinds of data</source>
        <translation>Alle slags data</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Spørger serveren …</translation>
    </message>
    <message>
        <source>%1 The list below is from the last time the server answered.</source>
        <translation>%1 Listen nedenfor er fra sidste gang, serveren svarede.</translation>
    </message>
    <message>
        <source>Nothing was recorded about you in the last 30 days.</source>
        <translation>Der er ikke registreret noget om dig de seneste 30 dage.</translation>
    </message>
    <message>
        <source>Nothing in the last 30 days matches the filter.</source>
        <translation>Intet fra de seneste 30 dage passer til filteret.</translation>
    </message>
    <message numerus="yes">
        <source>Showing the newest %n event(s); there are more in the last 30 days. Export your data to see them all.</source>
        <translation>
            <numerusform>Viser den nyeste %n hændelse; der er flere fra de seneste 30 dage. Eksportér dine data for at se dem alle.</numerusform>
            <numerusform>Viser de nyeste %n hændelser; der er flere fra de seneste 30 dage. Eksportér dine data for at se dem alle.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) in the last 30 days.</source>
        <translation>
            <numerusform>%n hændelse de seneste 30 dage.</numerusform>
            <numerusform>%n hændelser de seneste 30 dage.</numerusform>
        </translation>
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
        <source>code</source>
        <translation>kode</translation>
    </message>
    <message>
        <source>indblik-tray is already running but does not answer (lock: %1).</source>
        <translation>indblik-tray kører allerede, men svarer ikke (lås: %1).</translation>
    </message>
    <message>
        <source>Language: da or en (default: the one chosen in the window, else the system&apos;s).</source>
        <translation>Sprog: da eller en (standard: det, der er valgt i vinduet, ellers systemets).</translation>
    </message>
</context>
</TS>

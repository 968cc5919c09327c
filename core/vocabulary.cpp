#include "vocabulary.h"

#include <algorithm>
#include <array>

namespace indblik {
namespace {

// Plain language first: an employee who has never heard of "telemetry" should understand these.
constexpr std::array kCategories{
    DataCategory{"screenshots", "Screenshots", "Skærmbilleder",
                 "Pictures of your screen are taken and saved.",
                 "Der bliver taget og gemt billeder af din skærm."},
    DataCategory{"screen_live_view", "Live view of your screen", "Direkte visning af din skærm",
                 "Someone else can watch your screen while you work.",
                 "En anden kan se med på din skærm, mens du arbejder."},
    DataCategory{"keystrokes", "Keystrokes", "Tastetryk", "The keys you press are recorded.",
                 "De taster, du trykker på, bliver registreret."},
    DataCategory{"terminal_sessions", "Terminal sessions", "Terminalsessioner",
                 "What you type in a terminal and what it shows back is recorded.",
                 "Det, du skriver i en terminal, og det, den viser, bliver optaget."},
    DataCategory{"commands", "Commands you run", "Kommandoer, du kører",
                 "The programs and commands you start are recorded.",
                 "De programmer og kommandoer, du starter, bliver registreret."},
    DataCategory{"application_usage", "Programs you use", "Programmer, du bruger",
                 "Which programs you use, and for how long, is recorded.",
                 "Hvilke programmer du bruger, og hvor længe, bliver registreret."},
    DataCategory{"window_titles", "Window titles", "Vinduestitler",
                 "The titles of the windows you have open are recorded. They can contain document "
                 "names or email subjects.",
                 "Titlerne på de vinduer, du har åbne, bliver registreret. De kan indeholde navne "
                 "på dokumenter eller emnelinjer fra e-mails."},
    DataCategory{"web_history", "Websites you visit", "Hjemmesider, du besøger",
                 "The addresses of the websites you visit are recorded.",
                 "Adresserne på de hjemmesider, du besøger, bliver registreret."},
    DataCategory{
        "network_traffic", "Network traffic", "Netværkstrafik",
        "Which computers and services your computer talks to over the network is recorded.",
        "Hvilke computere og tjenester din computer kommunikerer med over netværket, "
        "bliver registreret."},
    DataCategory{"tls_inspection", "Opened encrypted connections", "Åbnede krypterede forbindelser",
                 "Encrypted connections (https) are opened and read on the way, so their content "
                 "can be seen.",
                 "Krypterede forbindelser (https) bliver åbnet og læst undervejs, så indholdet kan "
                 "ses."},
    DataCategory{"email_metadata", "Email details", "Oplysninger om e-mails",
                 "Who you email with, when and how much is recorded, but not what you write.",
                 "Hvem du skriver e-mails med, hvornår og hvor meget, bliver registreret, men ikke "
                 "hvad du skriver."},
    DataCategory{"email_content", "Email content", "Indholdet af e-mails",
                 "The text and attachments of your emails are read or stored.",
                 "Teksten og vedhæftede filer i dine e-mails bliver læst eller gemt."},
    DataCategory{"file_activity", "File activity", "Aktivitet på filer",
                 "Which files are opened, changed, copied or deleted is recorded.",
                 "Hvilke filer der bliver åbnet, ændret, kopieret eller slettet, bliver "
                 "registreret."},
    DataCategory{"clipboard", "Copy and paste", "Kopier og indsæt",
                 "What you copy and paste can be recorded.",
                 "Det, du kopierer og indsætter, kan blive registreret."},
    DataCategory{"printing", "Printing", "Udskrifter",
                 "What you print, when and on which printer is recorded.",
                 "Hvad du udskriver, hvornår og på hvilken printer, bliver registreret."},
    DataCategory{"location", "Location", "Placering", "Where you or your computer are is recorded.",
                 "Hvor du eller din computer befinder jer, bliver registreret."},
    DataCategory{"camera", "Camera", "Kamera", "Your camera can be switched on or recorded.",
                 "Dit kamera kan blive tændt eller optaget."},
    DataCategory{"microphone", "Microphone", "Mikrofon",
                 "Your microphone can be switched on or recorded.",
                 "Din mikrofon kan blive tændt eller optaget."},
    DataCategory{"login_activity", "Logins", "Logins",
                 "When you log in and out, and from where, is recorded.",
                 "Hvornår du logger ind og ud, og hvorfra, bliver registreret."},
    DataCategory{"idle_time", "Active and idle time", "Aktiv og inaktiv tid",
                 "When you are at the computer and when you are away is recorded.",
                 "Hvornår du er ved computeren, og hvornår du er væk, bliver registreret."},
    DataCategory{"device_inventory", "Facts about the computer", "Oplysninger om computeren",
                 "Facts about the computer are collected: its hardware, installed programs and "
                 "settings.",
                 "Der bliver indsamlet oplysninger om computeren: dens udstyr, installerede "
                 "programmer og indstillinger."},
    DataCategory{
        "security_telemetry", "Security monitoring", "Sikkerhedsovervågning",
        "Programs, files and network connections are watched to find attacks and "
        "viruses, and reported to a security service.",
        "Programmer, filer og netværksforbindelser bliver overvåget for at finde angreb og "
        "virus og bliver sendt til en sikkerhedstjeneste."},
    DataCategory{"system_logs", "System logs", "Systemlogge",
                 "The computer's own logbooks are collected. They can show what you did and when.",
                 "Computerens egne logbøger bliver indsamlet. De kan vise, hvad du har gjort og "
                 "hvornår."},
};

} // namespace

Language languageFromLocale(std::string_view locale) {
    return locale.substr(0, 2) == "da" ? Language::Danish : Language::English;
}

std::string_view languageCode(Language language) {
    return language == Language::Danish ? "da" : "en";
}

std::span<const DataCategory> dataCategories() {
    return kCategories;
}

const DataCategory* findDataCategory(std::string_view word) {
    const auto it = std::find_if(kCategories.begin(), kCategories.end(),
                                 [word](const DataCategory& c) { return c.word == word; });
    return it == kCategories.end() ? nullptr : &*it;
}

bool isDataCategory(std::string_view word) {
    return findDataCategory(word) != nullptr;
}

} // namespace indblik

#pragma once

// Choosing the UI language and loading its translation from the compiled-in resources
// (:/i18n/indblik_tray_<code>.qm, made by qt_add_translations).

#include <memory>
#include <optional>

#include <QString>
#include <QTranslator>

#include "vocabulary.h"

namespace indblik::tray {

// The tray's settings file, where the language the employee chose in the window is kept:
// ~/.config/indblik/indblik-tray.ini (QSettings' user scope).
QString defaultSettingsPath();

// The language the employee chose in the window, from the settings file at `path` (empty: the
// default one); none when never chosen, or when the file holds something else.
std::optional<Language> savedLanguage(const QString& path = {});
// Keeps the choice for the next start; false when the file cannot be written.
bool saveLanguage(Language language, const QString& path = {});

// The first of: `option` ("da"/"en", or a locale name such as "da_DK", from --language), the
// choice saved from the window, the system locale.
Language chooseLanguage(const QString& option, std::optional<Language> saved = std::nullopt);

// Loads the tray's translation, and Qt's own when the system has it, and installs them in the
// application (which must exist) for as long as this object lives.
class InstalledTranslation {
public:
    explicit InstalledTranslation(Language language);
    ~InstalledTranslation();
    InstalledTranslation(const InstalledTranslation&) = delete;
    InstalledTranslation& operator=(const InstalledTranslation&) = delete;

    bool loaded() const { return m_loaded; }

private:
    QTranslator m_tray;
    QTranslator m_qt;
    bool m_loaded = false;
    bool m_qtLoaded = false;
};

} // namespace indblik::tray

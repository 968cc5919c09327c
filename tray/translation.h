#pragma once

// Choosing the UI language and loading its translation from the compiled-in resources
// (:/i18n/indblik_tray_<code>.qm, made by qt_add_translations).

#include <memory>

#include <QString>
#include <QTranslator>

#include "vocabulary.h"

namespace indblik::tray {

// "da"/"en" (or a locale name such as "da_DK"); empty means the system locale.
Language chooseLanguage(const QString& option);

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

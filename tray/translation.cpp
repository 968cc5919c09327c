#include "translation.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace indblik::tray {

Language chooseLanguage(const QString& option) {
    const auto name = option.isEmpty() ? QLocale::system().name() : option;
    return languageFromLocale(name.toStdString());
}

InstalledTranslation::InstalledTranslation(Language language) {
    const auto code = QString::fromLatin1(languageCode(language).data(),
                                          static_cast<qsizetype>(languageCode(language).size()));
    m_loaded = m_tray.load(QStringLiteral(":/i18n/indblik_tray_") + code);
    if (m_loaded) {
        QCoreApplication::installTranslator(&m_tray);
    }
    // Qt's own strings (context menus of text fields), when the system has them.
    m_qtLoaded = m_qt.load(QStringLiteral("qtbase_") + code,
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (m_qtLoaded) {
        QCoreApplication::installTranslator(&m_qt);
    }
}

InstalledTranslation::~InstalledTranslation() {
    if (m_loaded) {
        QCoreApplication::removeTranslator(&m_tray);
    }
    if (m_qtLoaded) {
        QCoreApplication::removeTranslator(&m_qt);
    }
}

} // namespace indblik::tray

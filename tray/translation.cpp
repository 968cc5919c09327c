#include "translation.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>

namespace indblik::tray {

namespace {

const QString kLanguageKey = QStringLiteral("language");

QString settingsPath(const QString& path) {
    return path.isEmpty() ? defaultSettingsPath() : path;
}

} // namespace

QString defaultSettingsPath() {
    return QSettings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("indblik"),
                     QStringLiteral("indblik-tray"))
        .fileName();
}

std::optional<Language> savedLanguage(const QString& path) {
    const QSettings settings(settingsPath(path), QSettings::IniFormat);
    const auto code = settings.value(kLanguageKey).toString();
    if (code == QLatin1String("da")) {
        return Language::Danish;
    }
    if (code == QLatin1String("en")) {
        return Language::English;
    }
    return std::nullopt;
}

bool saveLanguage(Language language, const QString& path) {
    QSettings settings(settingsPath(path), QSettings::IniFormat);
    const auto code = languageCode(language);
    settings.setValue(kLanguageKey,
                      QString::fromLatin1(code.data(), static_cast<qsizetype>(code.size())));
    settings.sync();
    return settings.status() == QSettings::NoError;
}

Language chooseLanguage(const QString& option, std::optional<Language> saved) {
    if (option.isEmpty() && saved) {
        return *saved;
    }
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

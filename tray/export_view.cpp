#include "export_view.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "server_client.h"

namespace indblik::tray {

namespace {

QString formatName(const QString& format) {
    return format == QLatin1String("html")  ? QStringLiteral("HTML")
           : format == QLatin1String("csv") ? QStringLiteral("CSV")
                                            : QStringLiteral("NDJSON");
}

} // namespace

ExportView::ExportView(ServerClient& client, QWidget* parent) : QWidget(parent), m_client(client) {
    setObjectName(QStringLiteral("exportView"));
    setAccessibleName(tr("Export"));
    m_choose = [this](const QString& suggested, const QString& filter) {
        auto dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        if (dir.isEmpty()) {
            dir = QDir::homePath();
        }
        return QFileDialog::getSaveFileName(this, tr("Save your data as"),
                                            QDir(dir).filePath(suggested), filter);
    };

    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Save a copy of everything the Indblik server holds about you: "
                                "your computers, what was found and recorded there, the "
                                "declarations, who looked at your data, and your requests. "
                                "The export itself is noted in your access log as done by you."),
                             this);
    intro->setObjectName(QStringLiteral("exportIntroLabel"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const auto button = [this](const QString& text, const QString& name, const QString& accessible,
                               const QString& format) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setAccessibleName(accessible);
        connect(b, &QPushButton::clicked, this, [this, format] { exportAs(format); });
        return b;
    };
    m_htmlButton = button(tr("&Readable report (HTML)…"), QStringLiteral("exportHtmlButton"),
                          tr("Save a readable report (HTML)"), QStringLiteral("html"));
    m_csvButton = button(tr("&Spreadsheet (CSV)…"), QStringLiteral("exportCsvButton"),
                         tr("Save as a spreadsheet (CSV)"), QStringLiteral("csv"));
    m_ndjsonButton =
        button(tr("&Data for programs (NDJSON)…"), QStringLiteral("exportNdjsonButton"),
               tr("Save as data for programs (NDJSON)"), QStringLiteral("ndjson"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_htmlButton);
    buttons->addWidget(m_csvButton);
    buttons->addWidget(m_ndjsonButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("exportMessageLabel"));
    m_messageLabel->setAccessibleName(tr("Export status"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->hide();
    layout->addWidget(m_messageLabel);
    layout->addStretch(1);
    setFocusProxy(m_htmlButton);

    connect(&m_client, &ServerClient::answered, this, &ExportView::onAnswered);
    connect(&m_client, &ServerClient::failed, this, &ExportView::onFailed);
}

void ExportView::exportAs(const QString& format) {
    if (m_pending != 0) {
        return;
    }
    const auto suggested = QStringLiteral("indblik-my-data-%1.%2")
                               .arg(QDate::currentDate().toString(Qt::ISODate), format);
    QString filter;
    if (format == QLatin1String("html")) {
        filter = tr("Web page (*.html)");
    } else if (format == QLatin1String("csv")) {
        filter = tr("Spreadsheet (*.csv)");
    } else {
        filter = tr("NDJSON (*.ndjson)");
    }
    const auto path = m_choose(suggested, filter);
    if (path.isEmpty()) {
        return; // cancelled
    }
    m_format = format;
    m_path = path;
    m_pending =
        m_client.ask(QStringLiteral("export"), QJsonObject{{QStringLiteral("format"), format}});
    setButtonsEnabled(false);
    setMessage(tr("Asking the server for your data as %1…").arg(formatName(format)), false);
}

void ExportView::onAnswered(int id, const QString&, const ServerOutcome& outcome) {
    if (id != m_pending) {
        return;
    }
    m_pending = 0;
    setButtonsEnabled(true);
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        setMessage(tr("Your data was not saved: %1 cannot be written (%2).")
                       .arg(QDir::toNativeSeparators(m_path), file.errorString()),
                   true);
        return;
    }
    const auto bytes = outcome.body.toUtf8();
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        setMessage(tr("Your data was not saved: writing %1 failed (%2).")
                       .arg(QDir::toNativeSeparators(m_path), file.errorString()),
                   true);
        return;
    }
    m_lastSaved = m_path;
    setMessage(tr("Your data was saved as %1 to %2.")
                   .arg(formatName(m_format), QDir::toNativeSeparators(m_path)),
               false);
}

void ExportView::onFailed(int id, const QString&, const ServerOutcome& outcome) {
    if (id != m_pending) {
        return;
    }
    m_pending = 0;
    setButtonsEnabled(true);
    setMessage(tr("Your data was not saved. %1").arg(outcome.reason), true);
}

void ExportView::setMessage(const QString& text, bool problem) {
    m_messageLabel->setText(text);
    m_messageLabel->setStyleSheet(problem ? QStringLiteral("color: #a4001d; font-weight: bold;")
                                          : QString());
    m_messageLabel->setVisible(!text.isEmpty());
}

void ExportView::setButtonsEnabled(bool enabled) {
    m_htmlButton->setEnabled(enabled);
    m_csvButton->setEnabled(enabled);
    m_ndjsonButton->setEnabled(enabled);
}

} // namespace indblik::tray

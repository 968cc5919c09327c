#pragma once

// The "Export" tab: everything the server holds about the employee, as NDJSON, CSV or a
// readable HTML report (the agent's `export` server op), saved where the employee chooses and
// written atomically (QSaveFile: a temporary file renamed into place, so a failed write never
// leaves half a file), with a plain message of where it went or what failed.

#include <functional>

#include <QWidget>

class QLabel;
class QPushButton;

namespace indblik::tray {

class ServerClient;
struct ServerOutcome;

class ExportView : public QWidget {
    Q_OBJECT

public:
    // Asks where to save: the suggested file name and the file-type filter; an empty answer
    // cancels. The default asks with QFileDialog; tests inject a path.
    using PathChooser = std::function<QString(const QString& suggested, const QString& filter)>;

    explicit ExportView(ServerClient& client, QWidget* parent = nullptr);

    void setPathChooser(PathChooser chooser) { m_choose = std::move(chooser); }
    bool isBusy() const { return m_pending != 0; }
    // The last file written, or empty.
    const QString& lastSaved() const { return m_lastSaved; }

public slots:
    // format: ndjson, csv or html.
    void exportAs(const QString& format);

private:
    void onAnswered(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void onFailed(int id, const QString& what, const indblik::tray::ServerOutcome& outcome);
    void setMessage(const QString& text, bool problem);
    void setButtonsEnabled(bool enabled);

    ServerClient& m_client;
    PathChooser m_choose;
    int m_pending = 0;
    QString m_format;
    QString m_path;
    QString m_lastSaved;

    QPushButton* m_ndjsonButton = nullptr;
    QPushButton* m_csvButton = nullptr;
    QPushButton* m_htmlButton = nullptr;
    QLabel* m_messageLabel = nullptr;
};

} // namespace indblik::tray

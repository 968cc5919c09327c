#pragma once

// One indblik-tray per user session: the first start holds a lock file and listens on a local
// socket, both in the user's runtime directory ($XDG_RUNTIME_DIR); a later start tells the
// first one to show its window and exits. QtCore/QtNetwork only.

#include <memory>

#include <QLocalServer>
#include <QLockFile>
#include <QObject>
#include <QString>

namespace indblik::tray {

class SingleInstance : public QObject {
    Q_OBJECT

public:
    // directory: where the lock and the socket live (default: the user's runtime directory).
    explicit SingleInstance(QString directory = {}, QObject* parent = nullptr);

    enum class Outcome { First, Notified, Failed };
    // Becomes the first instance, or asks the running one to show itself.
    Outcome start();

    QString lockPath() const;
    QString socketPath() const;

signals:
    // Another start asked this instance to show its window.
    void showRequested();

private:
    void onNewConnection();
    bool notifyRunning() const;

    QString m_directory;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer m_server;
};

} // namespace indblik::tray

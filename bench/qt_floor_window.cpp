// The floor for the tray's figures: the least a Qt 6 Widgets program with the same kind of window
// costs on this machine (a main window with tabs, each holding a table and a text view, nothing
// else), started and measured exactly like indblik-tray by bench/tray.py.

#include <QApplication>
#include <QMainWindow>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Qt floor window"));
    auto* tabs = new QTabWidget(&window);
    for (int t = 0; t < 7; ++t) {
        auto* split = new QSplitter(Qt::Vertical, tabs);
        auto* table = new QTableView(split);
        auto* model = new QStandardItemModel(20, 4, table);
        for (int r = 0; r < 20; ++r) {
            for (int c = 0; c < 4; ++c) {
                model->setItem(r, c,
                               new QStandardItem(QStringLiteral("row %1 col %2").arg(r).arg(c)));
            }
        }
        table->setModel(model);
        auto* text = new QTextBrowser(split);
        text->setHtml(QStringLiteral("<h2>Details</h2><p>Some text.</p>"));
        tabs->addTab(split, QStringLiteral("View %1").arg(t + 1));
    }
    window.setCentralWidget(tabs);
    window.resize(1000, 620);
    window.show();
    return QApplication::exec();
}

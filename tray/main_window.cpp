#include "main_window.h"

#include <utility>

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "access_log_view.h"
#include "agent_connector.h"
#include "coming_changes_view.h"
#include "export_view.h"
#include "integrity_view.h"
#include "observation_details.h"
#include "observation_model.h"
#include "requests_view.h"
#include "server_client.h"
#include "status_presenter.h"
#include "timeline_view.h"
#include "tray_state.h"
#include "view_parts.h"

namespace indblik::tray {

MainWindow::MainWindow(AgentConnector& connector, Language language, Clock clock, QWidget* parent)
    : QMainWindow(parent), m_connector(connector), m_language(language), m_clock(std::move(clock)),
      m_model(new ObservationModel(language, m_clock, this)),
      m_presenter(new StatusPresenter(language, m_clock, this)),
      m_serverClient(new ServerClient(connector.socketPath(), this)) {
    setObjectName(QStringLiteral("mainWindow"));
    buildUi();

    connect(&m_connector, &AgentConnector::overviewReceived, m_model,
            &ObservationModel::setOverview);
    connect(&m_connector, &AgentConnector::overviewReceived, m_presenter,
            &StatusPresenter::setOverview);
    connect(&m_connector, &AgentConnector::failed, m_presenter, &StatusPresenter::setFailed);
    connect(m_presenter, &StatusPresenter::changed, this, &MainWindow::updateStatus);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            &MainWindow::rememberSelection);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::restoreSelection);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::updateDetails);
    // Enter on a row moves on to its details, so the keyboard reaches everything.
    connect(m_table, &QTableView::activated, m_details, [this] { m_details->setFocus(); });

    updateStatus();
    updateDetails();
}

void MainWindow::buildUi() {
    setWindowTitle(tr("Indblik: monitoring on this computer"));
    resize(1000, 620);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setAccessibleName(tr("Views"));
    m_tabs->addTab(buildOverview(), tr("Overview"));
    addTabs();
    setCentralWidget(m_tabs);
    // In the status bar, not beside the tabs: at 200 % the Danish tab names need the whole width.
    statusBar()->addPermanentWidget(buildLanguageChoice());
    m_table->setFocus();
}

QWidget* MainWindow::buildLanguageChoice() {
    auto* box = new QWidget(this);
    box->setObjectName(QStringLiteral("languageBox"));
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(6, 0, 6, 0);
    // In both languages at once, on purpose: whoever cannot read the language shown must still
    // find the way to the other one.
    const auto name = QStringLiteral("Sprog / Language");
    auto* label = new QLabel(QStringLiteral("Sprog / Lan&guage:"), box);
    label->setObjectName(QStringLiteral("languageLabel"));
    m_languageChoice = new QComboBox(box);
    m_languageChoice->setObjectName(QStringLiteral("languageChoice"));
    m_languageChoice->setAccessibleName(name);
    // Each language is named in itself.
    m_languageChoice->addItem(QStringLiteral("Dansk"), QStringLiteral("da"));
    m_languageChoice->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_languageChoice->setCurrentIndex(m_language == Language::Danish ? 0 : 1);
    m_languageChoice->setToolTip(tr("The language of this window. Indblik remembers your choice."));
    label->setBuddy(m_languageChoice);
    layout->addWidget(label);
    layout->addWidget(m_languageChoice);
    // activated: only the employee's own choice, not setCurrentIndex above.
    connect(m_languageChoice, &QComboBox::activated, this, [this](int index) {
        const auto chosen = m_languageChoice->itemData(index).toString() == QLatin1String("da")
                                ? Language::Danish
                                : Language::English;
        if (chosen != m_language) {
            emit languageChosen(chosen);
        }
    });
    return box;
}

QWidget* MainWindow::buildOverview() {
    auto* central = new QWidget(this);
    central->setObjectName(QStringLiteral("overviewTab"));
    central->setAccessibleName(tr("Overview"));
    auto* layout = new QVBoxLayout(central);

    auto* header = new QHBoxLayout;
    m_statusIcon = new QLabel(central);
    m_statusIcon->setObjectName(QStringLiteral("statusIcon"));
    m_statusIcon->setFixedSize(32, 32);
    header->addWidget(m_statusIcon);
    m_statusLabel = new QLabel(central);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setAccessibleName(tr("Status"));
    auto font = m_statusLabel->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_statusLabel->setFont(font);
    header->addWidget(m_statusLabel, 1);

    auto* refreshAction = new QAction(tr("&Refresh"), this);
    refreshAction->setObjectName(QStringLiteral("refreshAction"));
    refreshAction->setShortcut(QKeySequence::Refresh);
    connect(refreshAction, &QAction::triggered, &m_connector, &AgentConnector::refresh);
    // F5 on a server view asks the server again too.
    connect(refreshAction, &QAction::triggered, this, [this] {
        auto* current = m_tabs->currentWidget();
        if (current != nullptr && current == m_accessLogView) {
            m_accessLogView->refresh();
        } else if (current != nullptr && current == m_requestsView) {
            m_requestsView->refresh();
        } else if (current != nullptr && current == m_timelineView) {
            m_timelineView->refresh();
        } else if (current != nullptr && current == m_integrityView) {
            m_integrityView->refresh();
        }
    });
    addAction(refreshAction);
    m_refreshButton = new QPushButton(refreshAction->text(), central);
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    m_refreshButton->setAccessibleName(tr("Refresh"));
    m_refreshButton->setToolTip(tr("Ask the Indblik agent again (F5)"));
    connect(m_refreshButton, &QPushButton::clicked, refreshAction, &QAction::trigger);
    header->addWidget(m_refreshButton);
    layout->addLayout(header);

    m_problemsLabel = new QLabel(central);
    m_problemsLabel->setObjectName(QStringLiteral("problemsLabel"));
    m_problemsLabel->setWordWrap(true);
    m_problemsLabel->setAccessibleName(tr("Problems"));
    m_problemsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_problemsLabel);

    auto* splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(QStringLiteral("splitter"));
    splitter->setChildrenCollapsible(false);

    m_table = ViewParts::recordTable(splitter, QStringLiteral("observationTable"),
                                     tr("Monitoring found on this computer"), m_model);
    m_table->horizontalHeader()->setSectionResizeMode(ObservationModel::NameColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ObservationModel::CategoriesColumn,
                                                      QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ObservationModel::StatusColumn,
                                                      QHeaderView::ResizeToContents);

    m_details = new QTextBrowser(splitter);
    m_details->setObjectName(QStringLiteral("detailsView"));
    m_details->setAccessibleName(tr("Details of the selected monitoring"));
    m_details->setOpenExternalLinks(true);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    // The table gets the room its column titles need, also in Danish at 200 % scaling.
    splitter->setSizes({560, 420});
    layout->addWidget(splitter, 1);

    m_refreshedLabel = new QLabel(central);
    m_refreshedLabel->setObjectName(QStringLiteral("refreshedLabel"));
    m_refreshedLabel->setAccessibleName(tr("Last refreshed"));
    layout->addWidget(m_refreshedLabel);
    m_syncLabel = new QLabel(central);
    m_syncLabel->setObjectName(QStringLiteral("syncLabel"));
    m_syncLabel->setAccessibleName(tr("Last synced"));
    m_syncLabel->setWordWrap(true);
    layout->addWidget(m_syncLabel);

    setTabOrder(m_table, m_details);
    setTabOrder(m_details, m_refreshButton);
    central->setFocusProxy(m_table);
    return central;
}

void MainWindow::addTabs() {
    m_accessLogView = new AccessLogView(*m_serverClient, m_tabs);
    m_tabs->addTab(m_accessLogView, tr("Who looked at my data"));
    m_requestsView = new RequestsView(*m_serverClient, m_tabs);
    m_tabs->addTab(m_requestsView, tr("My requests"));
    connect(m_accessLogView, &AccessLogView::myDataReceived, m_requestsView,
            &RequestsView::setMyData);
    m_timelineView = new TimelineView(*m_serverClient, m_language, m_clock, m_tabs);
    m_tabs->addTab(m_timelineView, tr("Timeline"));
    m_comingChangesView = new ComingChangesView(m_language, m_clock, m_tabs);
    m_tabs->addTab(m_comingChangesView, tr("Coming changes"));
    connect(&m_connector, &AgentConnector::overviewReceived, m_comingChangesView,
            &ComingChangesView::setOverview);
    connect(&m_connector, &AgentConnector::failed, m_comingChangesView,
            &ComingChangesView::setFailed);
    m_exportView = new ExportView(*m_serverClient, m_tabs);
    m_tabs->addTab(m_exportView, tr("Export"));
    m_integrityView = new IntegrityView(*m_serverClient, m_tabs);
    m_tabs->addTab(m_integrityView, tr("Integrity"));
    connect(&m_connector, &AgentConnector::overviewReceived, m_integrityView,
            &IntegrityView::setOverview);

    // Ctrl+1..N choose a tab (Ctrl+Tab and Ctrl+Page Down move through them, as in any
    // QTabWidget).
    for (int i = 0; i < m_tabs->count() && i < 9; ++i) {
        auto* action = new QAction(this);
        action->setObjectName(QStringLiteral("tabAction%1").arg(i + 1));
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, [this, i] {
            m_tabs->setCurrentIndex(i);
            m_tabs->currentWidget()->setFocus();
        });
        addAction(action);
        m_tabs->setTabToolTip(i, tr("Ctrl+%1").arg(i + 1));
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onTabChanged);
}

void MainWindow::onTabChanged(int index) {
    // The server is asked when a view is first opened, not at start: the overview needs only
    // the agent, and the server may be far away.
    auto* widget = m_tabs->widget(index);
    if (widget == m_accessLogView) {
        m_accessLogView->ensureLoaded();
    } else if (widget == m_requestsView) {
        m_requestsView->ensureLoaded();
    } else if (widget == m_timelineView) {
        m_timelineView->ensureLoaded();
    } else if (widget == m_integrityView) {
        m_integrityView->ensureLoaded();
    }
}

void MainWindow::present() {
    // A small screen at 200 % has 960x540 logical pixels: never open larger than the screen.
    if (const auto* where = screen()) {
        const auto available = where->availableGeometry();
        resize(size().boundedTo(available.size()));
        if (!available.contains(QRect(pos(), size()))) {
            move(available.center() - rect().center());
        }
    }
    show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

void MainWindow::updateStatus() {
    const auto state = m_presenter->state();
    const auto icon = stateIcon(state);
    setWindowIcon(icon);
    m_statusIcon->setPixmap(icon.pixmap(32, 32));

    m_statusLabel->setText(m_presenter->headline());
    // The headline's words carry the meaning; the colour only repeats it.
    m_statusLabel->setStyleSheet(state == TrayState::Undeclared ? QStringLiteral("color: #a4001d;")
                                                                : QString());
    const auto problems = m_presenter->problems();
    m_problemsLabel->setText(problems);
    m_problemsLabel->setVisible(!problems.isEmpty());

    m_refreshedLabel->setText(m_presenter->refreshedText());
    const auto stale = m_presenter->isSyncStale();
    m_syncLabel->setText(stale ? QStringLiteral("\u26a0 ") + m_presenter->syncText()
                               : m_presenter->syncText());
    auto font = m_syncLabel->font();
    font.setBold(stale);
    m_syncLabel->setFont(font);
}

void MainWindow::updateDetails() {
    const auto row = m_table->selectionModel()->currentIndex().row();
    const auto* entry = m_model->entryAt(row);
    if (entry == nullptr) {
        m_details->setHtml(ObservationDetails::placeholderHtml());
        return;
    }
    m_details->setHtml(ObservationDetails::html(*entry, m_model->policyAt(row), m_language));
}

void MainWindow::rememberSelection() {
    const auto* entry = m_model->entryAt(m_table->selectionModel()->currentIndex().row());
    m_selectedKey = entry != nullptr ? entry->key() : QString();
}

void MainWindow::restoreSelection() {
    // A refresh every 30 seconds must not move the employee's selection.
    auto row = m_model->rowOfKey(m_selectedKey);
    if (row < 0 && m_model->rowCount() > 0) {
        row = 0;
    }
    if (row >= 0) {
        m_table->selectionModel()->setCurrentIndex(
            m_model->index(row, ObservationModel::NameColumn),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    updateDetails();
}

} // namespace indblik::tray

#include "view_parts.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>

namespace indblik::tray {

QTableView* ViewParts::recordTable(QWidget* parent, const QString& objectName,
                                   const QString& accessibleName, QAbstractItemModel* model) {
    auto* table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setAccessibleName(accessibleName);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setTabKeyNavigation(false);
    table->setWordWrap(true);
    table->verticalHeader()->hide();
    return table;
}

QPushButton* ViewParts::refreshButton(QWidget* parent, const QString& objectName,
                                      const QString& accessibleName) {
    auto* button = new QPushButton(tr("Refresh"), parent);
    button->setObjectName(objectName);
    button->setAccessibleName(accessibleName);
    button->setToolTip(tr("Ask the server again"));
    return button;
}

} // namespace indblik::tray

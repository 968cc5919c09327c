#pragma once

// Widgets every view of the employee's data builds the same way: a read-only table of records
// and the button that asks the server again. One place, so the views behave alike for the
// keyboard and screen readers.

#include <QCoreApplication>
#include <QString>

class QAbstractItemModel;
class QPushButton;
class QTableView;
class QWidget;

namespace indblik::tray {

class ViewParts {
    Q_DECLARE_TR_FUNCTIONS(ViewParts)

public:
    // Rows selected whole, one at a time, not editable; Tab leaves the table instead of moving
    // between cells; words wrap; no row numbers.
    static QTableView* recordTable(QWidget* parent, const QString& objectName,
                                   const QString& accessibleName, QAbstractItemModel* model);
    // "Refresh", which asks the server again.
    static QPushButton* refreshButton(QWidget* parent, const QString& objectName,
                                      const QString& accessibleName);
};

} // namespace indblik::tray

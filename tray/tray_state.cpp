#include "tray_state.h"

#include <QPainter>
#include <QPainterPath>
#include <QPen>
#include <QPixmap>

namespace indblik::tray {
namespace {

QPixmap drawIcon(TrayState state, int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    QPen mark(Qt::white, s * 0.12, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);

    switch (state) {
    case TrayState::Undeclared: {
        // A warning triangle with an exclamation mark.
        QPainterPath triangle;
        triangle.moveTo(s * 0.5, s * 0.04);
        triangle.lineTo(s * 0.97, s * 0.92);
        triangle.lineTo(s * 0.03, s * 0.92);
        triangle.closeSubpath();
        painter.fillPath(triangle, QColor(0xc6, 0x28, 0x28));
        painter.setPen(mark);
        painter.drawLine(QPointF(s * 0.5, s * 0.34), QPointF(s * 0.5, s * 0.6));
        painter.drawPoint(QPointF(s * 0.5, s * 0.77));
        break;
    }
    case TrayState::NotVerified: {
        // An amber diamond with a cross: the record cannot be trusted.
        QPainterPath diamond;
        diamond.moveTo(s * 0.5, s * 0.02);
        diamond.lineTo(s * 0.98, s * 0.5);
        diamond.lineTo(s * 0.5, s * 0.98);
        diamond.lineTo(s * 0.02, s * 0.5);
        diamond.closeSubpath();
        painter.fillPath(diamond, QColor(0xb2, 0x4b, 0x00));
        painter.setPen(mark);
        painter.drawLine(QPointF(s * 0.38, s * 0.38), QPointF(s * 0.62, s * 0.62));
        painter.drawLine(QPointF(s * 0.62, s * 0.38), QPointF(s * 0.38, s * 0.62));
        break;
    }
    case TrayState::ChangeAnnounced: {
        // A blue rounded square with an "i": something to read, nothing wrong.
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0x15, 0x65, 0xc0));
        painter.drawRoundedRect(QRectF(s * 0.06, s * 0.06, s * 0.88, s * 0.88), s * 0.18, s * 0.18);
        painter.setPen(mark);
        painter.drawPoint(QPointF(s * 0.5, s * 0.27));
        painter.drawLine(QPointF(s * 0.5, s * 0.45), QPointF(s * 0.5, s * 0.75));
        break;
    }
    case TrayState::AllDeclared:
    case TrayState::NothingFound: {
        // A filled circle with a tick; an outlined one when nothing was found.
        const QRectF circle(s * 0.06, s * 0.06, s * 0.88, s * 0.88);
        const QColor green(0x2e, 0x7d, 0x32);
        if (state == TrayState::AllDeclared) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(green);
        } else {
            mark.setColor(green);
            painter.setPen(QPen(green, s * 0.1));
            painter.setBrush(Qt::white);
        }
        painter.drawEllipse(circle);
        painter.setPen(mark);
        painter.drawPolyline(QPolygonF{QPointF(s * 0.3, s * 0.52), QPointF(s * 0.44, s * 0.66),
                                       QPointF(s * 0.7, s * 0.36)});
        break;
    }
    case TrayState::NotConnected:
    case TrayState::Connecting: {
        // A grey circle with a question mark (connecting) or a cross (not connected).
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0x61, 0x61, 0x61));
        painter.drawEllipse(QRectF(s * 0.06, s * 0.06, s * 0.88, s * 0.88));
        painter.setPen(mark);
        if (state == TrayState::NotConnected) {
            painter.drawLine(QPointF(s * 0.34, s * 0.34), QPointF(s * 0.66, s * 0.66));
            painter.drawLine(QPointF(s * 0.66, s * 0.34), QPointF(s * 0.34, s * 0.66));
        } else {
            painter.drawPoint(QPointF(s * 0.5, s * 0.5));
        }
        break;
    }
    }
    return pixmap;
}

} // namespace

QIcon stateIcon(TrayState state) {
    QIcon icon;
    for (const int size : {16, 22, 32, 48, 64}) {
        icon.addPixmap(drawIcon(state, size));
    }
    return icon;
}

} // namespace indblik::tray

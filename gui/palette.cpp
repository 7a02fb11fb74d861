#include "gui/palette.h"

namespace k8slab::gui::palette {

QColor phase(const QString &phase)
{
    if (phase == QLatin1String("Pending"))
        return QColor(0xF2, 0xA9, 0x00); // amber
    if (phase == QLatin1String("Running"))
        return QColor(0x2E, 0x9E, 0x44); // green
    if (phase == QLatin1String("Succeeded"))
        return QColor(0x6C, 0x85, 0x9C); // blue-grey
    if (phase == QLatin1String("Failed"))
        return QColor(0xD6, 0x33, 0x2F); // red
    return QColor(0x9E, 0x9E, 0x9E);     // Unknown, Terminating without a phase
}

QColor nodeFill(bool ready)
{
    return ready ? QColor(0xF7, 0xF9, 0xFC) : QColor(0xFD, 0xEE, 0xEE);
}

QColor nodeBorder(bool ready)
{
    return ready ? QColor(0x5B, 0x6B, 0x7F) : QColor(0xD6, 0x33, 0x2F);
}

QColor controlPlane()
{
    return QColor(0xE8, 0xEE, 0xF7);
}

QColor text()
{
    return QColor(0x1F, 0x29, 0x33);
}

QColor mutedText()
{
    return QColor(0x5B, 0x6B, 0x7F);
}

QColor canvas()
{
    return QColor(0xFF, 0xFF, 0xFF);
}

QColor selection()
{
    return QColor(0x1A, 0x73, 0xE8);
}

} // namespace k8slab::gui::palette

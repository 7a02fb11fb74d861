#include "gui/language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace k8slab::gui {

namespace {

QTranslator *installed = nullptr;
QString current = QStringLiteral("en");

} // namespace

QString systemLanguage()
{
    return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

bool useLanguage(const QString &language)
{
    if (installed) {
        QCoreApplication::removeTranslator(installed);
        delete installed;
        installed = nullptr;
    }
    current = QStringLiteral("en");
    if (language == QLatin1String("en"))
        return true;
    auto *translator = new QTranslator();
    if (!translator->load(QStringLiteral(":/i18n/k8slab_%1.qm").arg(language))) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    installed = translator;
    current = language;
    return true;
}

QString currentLanguage()
{
    return current;
}

} // namespace k8slab::gui

#include "core/lab/lab_session.h"
#include "gui/main_window.h"
#include "gui/welcome_page.h"

#include <QFontDatabase>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace k8slab;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aChineseFontIsInstalled();
    void welcomePageShowsTheLiveCluster();
};

void TestMainWindow::aChineseFontIsInstalled()
{
    // fonts-noto-cjk is a dependency; without it Chinese narration shows as boxes.
    QVERIFY2(!QFontDatabase::families(QFontDatabase::SimplifiedChinese).isEmpty(),
             "no font for Simplified Chinese: install fonts-noto-cjk (scripts/setup.sh does)");
    const QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    QVERIFY(QFontMetrics(font).inFontUcs4(0x5185)); // 内, via fallback
}

void TestMainWindow::welcomePageShowsTheLiveCluster()
{
    QTemporaryDir dir;
    lab::LabOptions options;
    options.recordingPath = dir.filePath("gui.k8slab").toStdString();
    auto session = lab::LabSession::start(options);
    QVERIFY(session.ok());
    QVERIFY((*session)->store().create("/registry/configmaps/default/extra", "{}").ok());
    const QString expected = QStringLiteral("Store revision: %1").arg((*session)->store().revision());
    gui::MainWindow window(**session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.refresh();
    bool found = false;
    for (QLabel *label : window.findChildren<QLabel *>()) {
        if (label->text().contains(expected))
            found = true;
    }
    QVERIFY(found);
    QVERIFY(!window.grab().isNull());
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"

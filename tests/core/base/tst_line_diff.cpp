// Line diffs as `diff -u` shows them: kept, removed and added lines by a longest common
// subsequence, and hunks with three lines of context — checked against GNU diff itself
// on an object's YAML before and after a scale.
#include "core/base/line_diff.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace k8slab;

namespace {

QString ops(const std::vector<DiffLine> &lines)
{
    QString out;
    for (const DiffLine &l : lines)
        out += QLatin1Char(l.op) + QString::fromStdString(l.text) + QLatin1Char('|');
    return out;
}

std::string numbered(int from, int to, int changed = 0, const char *instead = "")
{
    std::string out;
    for (int i = from; i <= to; ++i)
        out += (i == changed ? std::string(instead) : "line " + std::to_string(i)) + "\n";
    return out;
}

} // namespace

class TestLineDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void comparesLines();
    void hunksHaveContext();
    void agreesWithGnuDiff();
};

void TestLineDiff::comparesLines()
{
    QCOMPARE(ops(diffLines("a\nb\nc\n", "a\nb\nc\n")), QStringLiteral(" a| b| c|"));
    QCOMPARE(ops(diffLines("a\nb\nc\n", "a\nx\nc\n")), QStringLiteral(" a|-b|+x| c|"));
    QCOMPARE(ops(diffLines("a\nc\n", "a\nb\nc\n")), QStringLiteral(" a|+b| c|"));
    QCOMPARE(ops(diffLines("a\nb\nc\n", "c\n")), QStringLiteral("-a|-b| c|"));
    QCOMPARE(ops(diffLines("", "new\n")), QStringLiteral("+new|"));
    QCOMPARE(ops(diffLines("x\ny\nz\n", "")), QStringLiteral("-x|-y|-z|"));
    QVERIFY(unifiedDiff(diffLines("same\n", "same\n")).empty());
}

void TestLineDiff::hunksHaveContext()
{
    // One change in 20 lines: a hunk of 7 lines (3 around it).
    QCOMPARE(QString::fromStdString(unifiedDiff(diffLines(numbered(1, 20), numbered(1, 20, 10, "ten")))),
             QStringLiteral("@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+ten\n line 11\n line 12\n line 13\n"));
    // Two changes 10 lines apart: two hunks; 5 apart: one.
    const std::string twoApart = unifiedDiff(diffLines(numbered(1, 30), numbered(1, 30, 5, "five") + "tail\n"));
    QCOMPARE(QString::fromStdString(twoApart).count(QStringLiteral("@@ -")), 2);
    std::string near = numbered(1, 20);
    near.replace(near.find("line 9\n"), 7, "nine\n");
    near.replace(near.find("line 14\n"), 8, "fourteen\n");
    QCOMPARE(QString::fromStdString(unifiedDiff(diffLines(numbered(1, 20), near))).count(QStringLiteral("@@ -")), 1);
}

void TestLineDiff::agreesWithGnuDiff()
{
    // diffutils is Essential on Debian: the oracle is always there.
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("diff")).isEmpty(), "GNU diff (diffutils) is missing");
    const std::string before = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  generation: 1\n  name: web\n"
                               "  resourceVersion: \"812\"\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n"
                               "      app: web\n  strategy:\n    type: RollingUpdate\nstatus:\n  readyReplicas: 3\n"
                               "  replicas: 3\n";
    std::string after = before;
    after.replace(after.find("generation: 1"), 13, "generation: 2");
    after.replace(after.find("\"812\""), 5, "\"907\"");
    after.replace(after.find("replicas: 3\n  selector"), 11, "replicas: 5");
    after += "  unavailableReplicas: 2\n";
    QTemporaryDir dir;
    for (const auto &[name, text] : {std::pair{"a.yaml", before}, std::pair{"b.yaml", after}}) {
        QFile f(dir.filePath(QString::fromLatin1(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(text));
    }
    QProcess diff;
    diff.start(QStringLiteral("diff"), {QStringLiteral("-u"), dir.filePath(QStringLiteral("a.yaml")), dir.filePath(QStringLiteral("b.yaml"))});
    QVERIFY(diff.waitForFinished(10000));
    QString expected = QString::fromUtf8(diff.readAllStandardOutput());
    expected = expected.section(QLatin1Char('\n'), 2); // without the ---/+++ header lines
    QCOMPARE(QString::fromStdString(unifiedDiff(diffLines(before, after))), expected);
}

QTEST_GUILESS_MAIN(TestLineDiff)
#include "tst_line_diff.moc"

// How deeply JSON text nests, counted without parsing (the API's guard against bodies
// too deep for the code that walks objects).
#include "core/api/json_depth.h"

#include <QTest>

using k8slab::api::jsonNestingDepth;

class TestJsonDepth : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void depths_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("depth");
        QTest::newRow("a scalar") << "42" << 0;
        QTest::newRow("an object") << R"({"a":1})" << 1;
        QTest::newRow("siblings do not add up") << R"({"a":[1],"b":{"c":[]}})" << 3;
        QTest::newRow("brackets in strings do not count") << "{\"a\":\"[[[{{{\"}" << 1; // (moc reads raw strings with unbalanced braces badly)
        QTest::newRow("escaped quotes stay in the string") << "{\"a\":\"\\\"[[[\",\"b\":[]}" << 2;
        QTest::newRow("an escaped backslash ends before the quote") << "{\"a\":\"\\\\\",\"b\":[[]]}" << 3;
        QTest::newRow("unbalanced text still counts") << "[[[[" << 4;
        QTest::newRow("stray closers do not go below zero") << "]]][" << 1;
    }

    void depths()
    {
        QFETCH(QString, text);
        QFETCH(int, depth);
        QCOMPARE(jsonNestingDepth(text.toStdString()), std::size_t(depth));
    }

    void deepTextIsMeasuredWithoutRecursion()
    {
        const std::size_t depth = 5000000;
        const std::string text = std::string(depth, '[') + std::string(depth, ']');
        QCOMPARE(jsonNestingDepth(text), depth);
    }
};

QTEST_GUILESS_MAIN(TestJsonDepth)
#include "tst_json_depth.moc"

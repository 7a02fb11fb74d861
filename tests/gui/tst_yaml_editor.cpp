// The YAML editor on a live lab: templates, apply (create, then update), delete, and the
// server's errors shown at the line of the offending field.
#include "core/api/yaml.h"
#include "gui/yaml_editor.h"
#include "tests/support/lab_fixture.h"

#include <QComboBox>
#include <QTest>

using namespace k8slab;

namespace {

int lineOf(const QString &text, const QString &needle)
{
    return int(text.left(int(text.indexOf(needle))).count(QLatin1Char('\n')));
}

} // namespace

class TestYamlEditor : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void appliesAndDeletesATemplate();
    void marksTheOffendingField_data();
    void marksTheOffendingField();
    void findsFieldLinesInYaml();

private:
    std::unique_ptr<test::LabFixture> m_lab;
};

void TestYamlEditor::initTestCase()
{
    m_lab = std::make_unique<test::LabFixture>(1);
    QVERIFY2(m_lab->ok(), m_lab->error().c_str());
}

void TestYamlEditor::appliesAndDeletesATemplate()
{
    gui::YamlEditor editor(*m_lab->session);
    auto *templates = editor.findChild<QComboBox *>();
    QVERIFY(templates && templates->count() >= 6);
    templates->setCurrentIndex(1); // Pod
    Q_EMIT templates->activated(1);
    QVERIFY(editor.text().contains(QStringLiteral("kind: Pod")));
    QVERIFY(editor.apply());
    QCOMPARE(editor.resultText(), QStringLiteral("pod/hello created"));
    QVERIFY(editor.apply());
    QCOMPARE(editor.resultText(), QStringLiteral("pod/hello configured"));
    // The learner's writes are the user's in the trace (kubectl's lane).
    bool fromKubectl = false;
    for (const auto &e : m_lab->session->traceIndex().events())
        fromKubectl |= e.code() == "apiserver.request" && e.params().count("client") && e.params().at("client") == "kubectl" &&
                       e.params().count("action") && e.params().at("action") == "create";
    QVERIFY(fromKubectl);
    QVERIFY(editor.remove());
    QCOMPARE(editor.resultText(), QStringLiteral("pod \"hello\" deleted"));
}

void TestYamlEditor::marksTheOffendingField_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("lineWith");
    QTest::newRow("an invalid name") << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\ndata: {a: b}\n"
                                     << "configmap/Bad_Name: ConfigMap \"Bad_Name\" is invalid: metadata.name"
                                     << "name: Bad_Name";
    QTest::newRow("a selector its template does not match")
        << "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: a}\n"
           "  template:\n    metadata:\n      labels: {app: b}\n    spec:\n      containers:\n      - {name: c, image: nginx}\n"
        << "spec.template.metadata.labels" << "labels: {app: b}";
    QTest::newRow("the second object of a stream")
        << "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
           "spec:\n  containers:\n  - name: c\n"
        << "spec.containers[0].image" << "- name: c";
    QTest::newRow("broken YAML") << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n"
                                 << "error converting YAML to JSON" << "";
}

void TestYamlEditor::marksTheOffendingField()
{
    QFETCH(QString, yaml);
    QFETCH(QString, message);
    QFETCH(QString, lineWith);
    gui::YamlEditor editor(*m_lab->session);
    editor.setText(yaml);
    QVERIFY(!editor.apply());
    QVERIFY2(editor.resultText().contains(message), qPrintable(editor.resultText()));
    if (!lineWith.isEmpty())
        QCOMPARE(editor.errorLine(), lineOf(yaml, lineWith));
    else
        QVERIFY(editor.errorLine() >= 0);
}

void TestYamlEditor::findsFieldLinesInYaml()
{
    const std::string yaml = "a: 1\n---\nkind: Pod\nspec:\n  containers:\n  - name: x\n    image: nginx\n  - name: y\n";
    // Lines count in the whole stream; documents as parseYamlDocuments counts them.
    QCOMPARE(api::yamlLineOf(yaml, 0, "a"), std::optional<int>(0));
    QCOMPARE(api::yamlLineOf(yaml, 1, "spec.containers[0].image"), std::optional<int>(6));
    QCOMPARE(api::yamlLineOf(yaml, 1, "spec.containers[1]"), std::optional<int>(7));
    QCOMPARE(api::yamlLineOf(yaml, 1, "spec.containers[1].image"), std::optional<int>(7)); // missing: its parent
    QCOMPARE(api::yamlLineOf(yaml, 2, "kind"), std::nullopt);                              // no third document
    QCOMPARE(api::yamlLineOf("a: [", 0, "a"), std::nullopt);
}

QTEST_MAIN(TestYamlEditor)
#include "tst_yaml_editor.moc"

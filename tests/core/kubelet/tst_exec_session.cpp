// One kubectl exec session: a one-off command, an interactive shell fed line by line,
// `cat` copying its input, and a terminal's line discipline (echo, backspace, Ctrl-C,
// Ctrl-D, prompts, CR LF) — driven with a runner that records what ran.
#include "core/kubelet/exec_session.h"

#include <QTest>

using namespace k8slab;
using kubelet::ExecResult;
using kubelet::ExecSession;

namespace {

struct Recorder {
    std::vector<std::vector<std::string>> ran;
    std::string out;
    std::string err;
    int finishes = 0;
    int exitCode = -100;
    std::string message;

    // A container whose `sh -c LINE` prints what follows "echo " (or LINE), fails for
    // "false", writes stderr for "oops".
    ExecSession::Runner runner()
    {
        return [this](const std::vector<std::string> &command) -> Result<ExecResult> {
            ran.push_back(command);
            const std::string line = command.back();
            if (line == "gone")
                return Status(StatusCode::NotFound, "container not found (\"c\")");
            if (line == "false")
                return ExecResult{1, "", ""};
            if (line == "oops")
                return ExecResult{2, "", "oops: failed\n"};
            return ExecResult{0, (line.starts_with("echo ") ? line.substr(5) : line) + "\n", ""};
        };
    }

    apiserver::RemoteCommandOutput output()
    {
        return {[this](std::uint8_t channel, std::string bytes) { (channel == 1 ? out : err) += bytes; },
                [this](int code, std::string why) {
                    ++finishes;
                    exitCode = code;
                    message = std::move(why);
                }};
    }
};

apiserver::RemoteCommandOptions options(std::vector<std::string> command, bool stdinOpen, bool tty)
{
    apiserver::RemoteCommandOptions o;
    o.command = std::move(command);
    o.stdinOpen = stdinOpen;
    o.stdoutOpen = true;
    o.stderrOpen = !tty; // kubectl asks for no stderr with a terminal
    o.tty = tty;
    return o;
}

} // namespace

class TestExecSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shellsAreRecognised_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<bool>("interactive");
        QTest::newRow("sh") << QStringList{"sh"} << true;
        QTest::newRow("/bin/bash -l") << QStringList{"/bin/bash", "-l"} << true;
        QTest::newRow("ash") << QStringList{"ash"} << true;
        QTest::newRow("sh -c") << QStringList{"sh", "-c", "ls"} << false;
        QTest::newRow("python3") << QStringList{"python3"} << false;
    }

    void shellsAreRecognised()
    {
        QFETCH(QStringList, command);
        QFETCH(bool, interactive);
        std::vector<std::string> words;
        for (const QString &w : command)
            words.push_back(w.toStdString());
        QCOMPARE(kubelet::isInteractiveShell(words), interactive);
    }

    void aOneOffCommandRunsOnceAndEndsWithItsCode()
    {
        Recorder r;
        ExecSession session(options({"sh", "-c", "oops"}, false, false), "/ # ", r.runner(), r.output());
        session.start();
        QCOMPARE(r.ran.size(), std::size_t(1));
        QCOMPARE(r.err, std::string("oops: failed\n"));
        QCOMPARE(r.finishes, 1);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.message, std::string("command terminated with non-zero exit code: error executing command [sh -c oops], exit code 2"));
        session.input("ignored\n");
        session.closeInput();
        QCOMPARE(r.finishes, 1);
    }

    void aContainerThatIsGoneEndsTheSession()
    {
        Recorder r;
        ExecSession session(options({"sh", "-c", "gone"}, false, false), "/ # ", r.runner(), r.output());
        session.start();
        QCOMPARE(r.exitCode, -1);
        QCOMPARE(r.message, std::string("container not found (\"c\")"));
    }

    void aShellReadsLinesWithoutATerminal()
    {
        Recorder r;
        ExecSession session(options({"sh"}, true, false), "/ # ", r.runner(), r.output());
        session.start();
        QCOMPARE(r.out, std::string()); // no prompt without a terminal
        session.input("echo one\nfal");
        session.input("se\n");
        QCOMPARE(r.ran, (std::vector<std::vector<std::string>>{{"sh", "-c", "echo one"}, {"sh", "-c", "false"}}));
        QCOMPARE(r.out, std::string("one\n"));
        QCOMPARE(r.finishes, 0);
        session.closeInput(); // EOF: the shell exits with the last command's code
        QCOMPARE(r.finishes, 1);
        QCOMPARE(r.exitCode, 1);
    }

    void exitEndsTheShellWithItsCode_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("code");
        QTest::newRow("exit 5") << "exit 5" << 5;
        QTest::newRow("exit: the last code") << "exit" << 1;
        QTest::newRow("exit 256 wraps") << "exit 256" << 0;
    }

    void exitEndsTheShellWithItsCode()
    {
        QFETCH(QString, line);
        QFETCH(int, code);
        Recorder r;
        ExecSession session(options({"sh"}, true, false), "/ # ", r.runner(), r.output());
        session.start();
        session.input("false\n" + line.toStdString() + "\necho never\n");
        QCOMPARE(r.finishes, 1);
        QCOMPARE(r.exitCode, code);
        QCOMPARE(r.ran.size(), std::size_t(1));
        QVERIFY(session.finished());
    }

    void aTerminalEchoesEditsAndPrompts()
    {
        Recorder r;
        ExecSession session(options({"sh"}, true, true), "/ # ", r.runner(), r.output());
        session.start();
        QCOMPARE(r.out, std::string("/ # "));
        r.out.clear();
        session.input("echp\x7fo hi\r");
        QCOMPARE(r.ran.back(), (std::vector<std::string>{"sh", "-c", "echo hi"}));
        QCOMPARE(r.out, std::string("echp\b \bo hi\r\nhi\r\n/ # "));
        r.out.clear();
        session.input("oops\r"); // stderr joins stdout on a terminal
        QCOMPARE(r.out, std::string("oops\r\noops: failed\r\n/ # "));
        QVERIFY(r.err.empty());
        r.out.clear();
        session.input("echo x\x03"); // Ctrl-C drops the line
        QCOMPARE(r.out, std::string("echo x^C\r\n/ # "));
        QCOMPARE(r.ran.size(), std::size_t(2));
        r.out.clear();
        session.input("\x1b[A\x1b[Decho y\r"); // arrow keys are swallowed
        QCOMPARE(r.ran.back(), (std::vector<std::string>{"sh", "-c", "echo y"}));
        r.out.clear();
        session.input("ab\x04"); // Ctrl-D ends only an empty line
        QCOMPARE(r.finishes, 0);
        session.input("\x7f\x7f\x04");
        QCOMPARE(r.out, std::string("ab\b \b\b \bexit\r\n"));
        QCOMPARE(r.finishes, 1);
        QCOMPARE(r.exitCode, 0);
    }

    void theTerminalKnowsItsSize()
    {
        Recorder r;
        ExecSession session(options({"sh"}, true, true), "/ # ", r.runner(), r.output());
        session.start();
        session.resize(132, 43);
        r.out.clear();
        session.input("stty size\r");
        QCOMPARE(r.out, std::string("stty size\r\n43 132\r\n/ # "));
        QVERIFY(r.ran.empty()); // answered by the terminal's side, not run in the container

        Recorder plain;
        ExecSession piped(options({"sh"}, true, false), "/ # ", plain.runner(), plain.output());
        piped.start();
        piped.input("stty size\n");
        QCOMPARE(plain.err, std::string("stty: standard input: Not a tty\n"));
    }

    void catCopiesItsInput()
    {
        Recorder r;
        ExecSession session(options({"cat"}, true, false), "/ # ", r.runner(), r.output());
        session.start();
        session.input("line 1\nno newline");
        QCOMPARE(r.out, std::string("line 1\nno newline"));
        QVERIFY(r.ran.empty());
        session.closeInput();
        QCOMPARE(r.finishes, 1);
        QCOMPARE(r.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestExecSession)
#include "tst_exec_session.moc"

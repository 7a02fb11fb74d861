// kubectl exec and attach at the API server: the options a request carries, upstream's
// checks and words before a stream starts (container choice, host assigned, streams),
// the Status sent on the error channel, and the requests that arrive without a WebSocket.
#include "core/apiserver/remote_command.h"
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using apiserver::ApiRequest;
using test::ApiFixture;

namespace {

ApiRequest execRequest(const std::string &pod, std::multimap<std::string, std::string> query)
{
    ApiRequest request;
    request.method = "GET";
    request.path = "/api/v1/namespaces/default/pods/" + pod + "/exec";
    request.query = std::move(query);
    return request;
}

const Json kTwoContainers = Json::parse(R"({"metadata":{"name":"web"},"spec":{
    "initContainers":[{"name":"setup","image":"busybox"}],
    "containers":[{"name":"nginx","image":"nginx"},{"name":"sidecar","image":"busybox"}]}})");

} // namespace

class TestRemoteCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void optionsFromTheQuery()
    {
        auto options = apiserver::parseRemoteCommand(
            execRequest("web", {{"command", "sh"}, {"command", "-c"}, {"command", "exit 3"}, {"container", "nginx"},
                                {"stdin", "true"}, {"stdout", "true"}, {"tty", "true"}}),
            false);
        QVERIFY(options.ok());
        QCOMPARE(options->command, (std::vector<std::string>{"sh", "-c", "exit 3"}));
        QCOMPARE(options->container, std::string("nginx"));
        QVERIFY(options->stdinOpen && options->stdoutOpen && options->tty && !options->stderrOpen && !options->attach);
    }

    void optionsNeedAStreamAndACommand_data()
    {
        QTest::addColumn<bool>("attach");
        QTest::addColumn<bool>("withCommand");
        QTest::addColumn<bool>("withStream");
        QTest::addColumn<QString>("message");
        QTest::newRow("no stream") << false << true << false << "you must specify at least 1 of stdin, stdout, stderr";
        QTest::newRow("no command") << false << false << true << "you must specify at least one command for the container";
        QTest::newRow("attach needs no command") << true << false << true << "";
    }

    void optionsNeedAStreamAndACommand()
    {
        QFETCH(bool, attach);
        QFETCH(bool, withCommand);
        QFETCH(bool, withStream);
        QFETCH(QString, message);
        std::multimap<std::string, std::string> query;
        if (withCommand)
            query.emplace("command", "true");
        if (withStream)
            query.emplace("stdout", "true");
        auto options = apiserver::parseRemoteCommand(execRequest("web", query), attach);
        QCOMPARE(options.ok(), message.isEmpty());
        if (!options.ok()) {
            QCOMPARE(options.status().code(), StatusCode::BadRequest);
            QCOMPARE(QString::fromStdString(options.status().message()), message);
        }
    }

    void theContainerIsChosenAsUpstreamChooses_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QString>("chosen");
        QTest::addColumn<QString>("error");
        QTest::newRow("one of its own") << "sidecar" << "sidecar" << "";
        QTest::newRow("an init container") << "setup" << "setup" << "";
        QTest::newRow("not its own") << "db" << "" << "container db is not valid for pod web";
        QTest::newRow("none of several")
            << "" << ""
            << "a container name must be specified for pod web, choose one of: [nginx sidecar] or one of the init "
               "containers: [setup]";
    }

    void theContainerIsChosenAsUpstreamChooses()
    {
        QFETCH(QString, requested);
        QFETCH(QString, chosen);
        QFETCH(QString, error);
        auto container = apiserver::resolveContainer(kTwoContainers, requested.toStdString());
        QCOMPARE(container.ok(), error.isEmpty());
        if (container.ok())
            QCOMPARE(QString::fromStdString(*container), chosen);
        else
            QCOMPARE(QString::fromStdString(container.status().message()), error);
    }

    void theOnlyContainerNeedsNoName()
    {
        const Json pod = Json::parse(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"only","image":"x"}]}})");
        QCOMPARE(*apiserver::resolveContainer(pod, ""), std::string("only"));
    }

    void theErrorChannelsStatus()
    {
        QCOMPARE(apiserver::remoteCommandStatus(0, ""), Json::parse(R"({"metadata":{},"status":"Success"})"));
        const Json failed = apiserver::remoteCommandStatus(3, "");
        QCOMPARE(failed["status"], Json("Failure"));
        QCOMPARE(failed["reason"], Json("NonZeroExitCode"));
        QCOMPARE(failed["details"]["causes"], Json::parse(R"([{"reason":"ExitCode","message":"3"}])"));
        const Json broken = apiserver::remoteCommandStatus(-1, "container not found (\"c\")");
        QCOMPARE(broken["reason"], Json("InternalError"));
        QCOMPARE(broken["message"], Json("container not found (\"c\")"));
    }

    void theServerChecksThePodBeforeTheNodeAgents()
    {
        ApiFixture f;
        std::vector<apiserver::RemoteCommandOptions> started;
        f.api->setPodCommandRunner([&started](const Json &, const apiserver::RemoteCommandOptions &options,
                                              apiserver::RemoteCommandOutput) -> Result<apiserver::RemoteCommandSession> {
            started.push_back(options);
            return apiserver::RemoteCommandSession{};
        });
        QCOMPARE(f.send("POST", "/api/v1/namespaces/default/pods",
                        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"nginx"}]}})")
                     .code,
                 201);
        const std::multimap<std::string, std::string> query = {{"command", "true"}, {"stdout", "true"}};
        auto unbound = f.api->startRemoteCommand(execRequest("web", query), {});
        QVERIFY(!unbound.ok());
        QCOMPARE(unbound.status().message(), std::string("pod web does not have a host assigned"));
        auto missing = f.api->startRemoteCommand(execRequest("nope", query), {});
        QCOMPARE(missing.status().code(), StatusCode::NotFound);
        QVERIFY(started.empty());

        QCOMPARE(f.send("POST", "/api/v1/namespaces/default/pods/web/binding",
                        R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"web"},"target":{"name":"n1"}})")
                     .code,
                 201);
        QVERIFY(f.api->startRemoteCommand(execRequest("web", query), {}).ok());
        QCOMPARE(started.size(), std::size_t(1));
        QCOMPARE(started[0].container, std::string("c")); // the only container, filled in

        // Without an upgrade, the same checks, then upstream's refusal.
        const auto plain = f.send("POST", "/api/v1/namespaces/default/pods/web/exec?command=true&stdout=true");
        QCOMPARE(plain.code, 400);
        QCOMPARE(ApiFixture::json(plain)["message"], Json("unable to upgrade: missing upgrade headers in request"));
        const auto wrong = f.send("POST", "/api/v1/namespaces/default/pods/web/exec?command=true&stdout=true&container=db");
        QCOMPARE(ApiFixture::json(wrong)["message"], Json("container db is not valid for pod web"));
        const auto forward = f.send("POST", "/api/v1/namespaces/default/pods/web/portforward");
        QCOMPARE(forward.code, 400);
        QCOMPARE(ApiFixture::json(forward)["message"], Json("unable to upgrade: missing upgrade headers in request"));
    }
};

QTEST_GUILESS_MAIN(TestRemoteCommand)
#include "tst_remote_command.moc"

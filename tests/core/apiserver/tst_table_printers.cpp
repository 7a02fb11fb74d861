// The server-side table printers: kubectl prints these cells verbatim, so each row
// below is what `kubectl get` shows for that object on a real v1.32 API server.
#include "core/apiserver/table_printers.h"

#include "core/api/time_format.h"

#include <QTest>

using namespace k8slab;
using apiserver::ColumnDefinition;

namespace {

// Every object below was created at 2025-01-01T00:00:00Z and is printed an hour later.
const engine::TimePoint kNow = *api::parseTime("2025-01-01T01:00:00Z");

api::Json parse(const QString &text)
{
    return api::Json::parse(text.toStdString());
}

QString dump(const api::Json &json)
{
    return QString::fromStdString(json.dump());
}

/// A pod with one container "app" (plus whatever `extra` merges in).
QString pod(const QString &extra)
{
    api::Json base = parse(R"json({"metadata":{"name":"web-0","creationTimestamp":"2025-01-01T00:00:00Z"},
                                   "spec":{"containers":[{"name":"app","image":"nginx"}]}})json");
    base.merge_patch(parse(extra));
    return dump(base);
}

// What a list sends for the object's row from the cells it cached (the time left as
// markers) must be exactly what printing it now gives.
QString cachedRowMismatch(const char *resource, const api::Json &object, engine::TimePoint now = kNow)
{
    std::string row;
    apiserver::appendRowCells(row, apiserver::tableRowTemplate(resource, object), now);
    const std::string printed = apiserver::tableCells(resource, object, now).dump();
    return row == printed ? QString() : QString::fromStdString("cached row " + row + " but printed " + printed);
}

QString headerNames(const std::vector<ColumnDefinition> &columns)
{
    QStringList names;
    for (const ColumnDefinition &c : columns)
        names << QString::fromStdString(c.name) + (c.priority > 0 ? "*" : "");
    return names.join(',');
}

} // namespace

class TestTablePrinters : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void podStatus_data();
    void podStatus();
    void podWideCells_data();
    void podWideCells();
    void nodeStatusAndRoles_data();
    void nodeStatusAndRoles();
    void servicePortsAndIPs_data();
    void servicePortsAndIPs();
    void deploymentReady_data();
    void deploymentReady();
    void jobStatusAndCompletions_data();
    void jobStatusAndCompletions();
    void eventObjectAndLastSeen_data();
    void eventObjectAndLastSeen();
    void endpointsList_data();
    void endpointsList();
    void fullRow_data();
    void fullRow();
    void columnHeaders_data();
    void columnHeaders();
    void columnDefinitionDetails();
    void cellsAlignWithColumns_data();
    void cellsAlignWithColumns();
    void markersInTheDataAreLeftAlone();
};

// ---- pods --------------------------------------------------------------------------

void TestTablePrinters::podStatus_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("ready");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("restarts");

    QTest::newRow("Pending with no statuses") << pod(R"({"status":{"phase":"Pending"}})") << "0/1" << "Pending" << "0";
    QTest::newRow("ContainerCreating") << pod(R"json({"status":{"phase":"Pending","containerStatuses":[
        {"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}})json")
                                       << "0/1" << "ContainerCreating" << "0";
    QTest::newRow("Running 1/1") << pod(R"json({"status":{"phase":"Running","containerStatuses":[
        {"name":"app","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2025-01-01T00:00:05Z"}}}]}})json")
                                 << "1/1" << "Running" << "0";
    QTest::newRow("CrashLoopBackOff with restarts") << pod(R"json({"status":{"phase":"Running","containerStatuses":[
        {"name":"app","ready":false,"restartCount":5,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
         "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2025-01-01T00:58:00Z"}}}]}})json")
                                                    << "0/1" << "CrashLoopBackOff" << "5 (2m ago)";
    QTest::newRow("restarts without a known finish time") << pod(R"json({"status":{"phase":"Running",
        "containerStatuses":[{"name":"app","ready":true,"restartCount":2,"state":{"running":{}}}]}})json")
                                                          << "1/1" << "Running" << "2";
    QTest::newRow("Completed") << pod(R"json({"status":{"phase":"Succeeded","containerStatuses":[
        {"name":"app","ready":false,"restartCount":0,
         "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}})json")
                               << "0/1" << "Completed" << "0";
    QTest::newRow("Error") << pod(R"json({"status":{"phase":"Failed","containerStatuses":[
        {"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}})json")
                           << "0/1" << "Error" << "0";
    QTest::newRow("OOMKilled") << pod(R"json({"status":{"phase":"Running","containerStatuses":[
        {"name":"app","ready":false,"restartCount":0,
         "state":{"terminated":{"exitCode":137,"reason":"OOMKilled"}}}]}})json")
                               << "0/1" << "OOMKilled" << "0";
    QTest::newRow("Signal without a reason") << pod(R"json({"status":{"phase":"Running","containerStatuses":[
        {"name":"app","state":{"terminated":{"exitCode":137,"signal":9}}}]}})json")
                                             << "0/1" << "Signal:9" << "0";
    QTest::newRow("ExitCode without a reason") << pod(R"json({"status":{"phase":"Running","containerStatuses":[
        {"name":"app","state":{"terminated":{"exitCode":3}}}]}})json")
                                               << "0/1" << "ExitCode:3" << "0";
    QTest::newRow("the first container's state wins") << pod(R"json({"spec":{"containers":[{"name":"a"},{"name":"b"}]},
        "status":{"phase":"Pending","containerStatuses":[
        {"name":"a","state":{"waiting":{"reason":"ImagePullBackOff"}}},
        {"name":"b","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})json")
                                                      << "0/2" << "ImagePullBackOff" << "0";
    QTest::newRow("Completed beside a running container is Running when Ready") << pod(R"json({
        "spec":{"containers":[{"name":"job"},{"name":"proxy"}]},
        "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[
        {"name":"job","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
        {"name":"proxy","ready":true,"state":{"running":{}}}]}})json") << "1/2" << "Running" << "0";
    QTest::newRow("Completed beside a running container is NotReady otherwise") << pod(R"json({
        "spec":{"containers":[{"name":"job"},{"name":"proxy"}]},
        "status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"}],"containerStatuses":[
        {"name":"job","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
        {"name":"proxy","ready":true,"state":{"running":{}}}]}})json") << "1/2" << "NotReady" << "0";
    QTest::newRow("Init:0/1") << pod(R"json({"spec":{"initContainers":[{"name":"init"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"init","ready":false,"restartCount":0,"state":{"running":{}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]}})json")
                              << "0/1" << "Init:0/1" << "0";
    QTest::newRow("Init:1/2 while the second init container runs") << pod(R"json({
        "spec":{"initContainers":[{"name":"one"},{"name":"two"}]},
        "status":{"phase":"Pending","initContainerStatuses":[
        {"name":"one","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
        {"name":"two","state":{"running":{}}}]}})json") << "0/1" << "Init:1/2" << "0";
    QTest::newRow("Init:CrashLoopBackOff") << pod(R"json({"spec":{"initContainers":[{"name":"init"}]},
        "status":{"phase":"Pending","initContainerStatuses":[{"name":"init","restartCount":3,
        "state":{"waiting":{"reason":"CrashLoopBackOff"}},
        "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2025-01-01T00:59:30Z"}}}]}})json")
                                           << "0/1" << "Init:CrashLoopBackOff" << "3 (30s ago)";
    QTest::newRow("Init:Error") << pod(R"json({"spec":{"initContainers":[{"name":"init"}]},
        "status":{"phase":"Pending","initContainerStatuses":[{"name":"init",
        "state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}})json") << "0/1" << "Init:Error" << "0";
    QTest::newRow("Init:ExitCode without a reason") << pod(R"json({"spec":{"initContainers":[{"name":"init"}]},
        "status":{"phase":"Pending","initContainerStatuses":[{"name":"init",
        "state":{"terminated":{"exitCode":2}}}]}})json") << "0/1" << "Init:ExitCode:2" << "0";
    QTest::newRow("PodInitializing") << pod(R"json({"spec":{"initContainers":[{"name":"init"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]}})json")
                                     << "0/1" << "PodInitializing" << "0";
    QTest::newRow("sidecar counts towards READY") << pod(R"json({
        "spec":{"initContainers":[{"name":"mesh","restartPolicy":"Always"}]},
        "status":{"phase":"Running",
        "initContainerStatuses":[{"name":"mesh","started":true,"ready":true,"state":{"running":{}}}],
        "containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]}})json")
                                                  << "2/2" << "Running" << "0";
    QTest::newRow("only sidecar restarts outlive initialization") << pod(R"json({
        "spec":{"initContainers":[{"name":"setup"},{"name":"mesh","restartPolicy":"Always"}]},
        "status":{"phase":"Running","initContainerStatuses":[
        {"name":"setup","restartCount":4,"state":{"terminated":{"exitCode":0,"reason":"Completed"}},
         "lastState":{"terminated":{"exitCode":1,"finishedAt":"2025-01-01T00:55:00Z"}}},
        {"name":"mesh","restartCount":2,"started":true,"ready":true,"state":{"running":{}},
         "lastState":{"terminated":{"exitCode":1,"finishedAt":"2025-01-01T00:50:00Z"}}}],
        "containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]}})json")
                                                                 << "2/2" << "Running" << "2 (10m ago)";
    QTest::newRow("Terminating") << pod(R"json({"metadata":{"deletionTimestamp":"2025-01-01T00:59:00Z"},
        "status":{"phase":"Running","containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]}})json")
                                 << "1/1" << "Terminating" << "0";
    QTest::newRow("a deleted Succeeded pod stays Completed") << pod(R"json({
        "metadata":{"deletionTimestamp":"2025-01-01T00:59:00Z"},
        "status":{"phase":"Succeeded","containerStatuses":[
        {"name":"app","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}})json")
                                                            << "0/1" << "Completed" << "0";
    QTest::newRow("NodeLost while deleting is Unknown") << pod(R"json({
        "metadata":{"deletionTimestamp":"2025-01-01T00:59:00Z"},
        "status":{"phase":"Running","reason":"NodeLost"}})json") << "0/1" << "Unknown" << "0";
    QTest::newRow("Evicted via status.reason") << pod(R"json({"status":{"phase":"Failed","reason":"Evicted",
        "message":"The node was low on resource: memory."}})json") << "0/1" << "Evicted" << "0";
    QTest::newRow("SchedulingGated") << pod(R"json({"spec":{"schedulingGates":[{"name":"example.com/wait"}]},
        "status":{"phase":"Pending","conditions":[
        {"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}})json")
                                     << "0/1" << "SchedulingGated" << "0";
}

void TestTablePrinters::podStatus()
{
    QFETCH(QString, object);
    QFETCH(QString, ready);
    QFETCH(QString, status);
    QFETCH(QString, restarts);
    const api::Json cells = apiserver::tableCells("pods", parse(object), kNow);
    QCOMPARE(cells.size(), apiserver::tableColumns("pods").size());
    QCOMPARE(QString::fromStdString(cells[0].get<std::string>()), QString("web-0"));
    QCOMPARE(QString::fromStdString(cells[1].get<std::string>()), ready);
    QCOMPARE(QString::fromStdString(cells[2].get<std::string>()), status);
    QCOMPARE(QString::fromStdString(cells[3].get<std::string>()), restarts);
    QCOMPARE(QString::fromStdString(cells[4].get<std::string>()), QString("60m"));
    QCOMPARE(cachedRowMismatch("pods", parse(object)), QString());
    // An hour later the cached row still tells the time of that moment.
    QCOMPARE(cachedRowMismatch("pods", parse(object), kNow + std::chrono::hours(1)), QString());
}

void TestTablePrinters::podWideCells_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("wide"); // IP, NODE, NOMINATED NODE, READINESS GATES
    QTest::newRow("pending pod shows none") << pod(R"({"status":{"phase":"Pending"}})")
                                            << R"(["<none>","<none>","<none>","<none>"])";
    QTest::newRow("scheduled pod") << pod(R"json({"spec":{"nodeName":"node-1"},
        "status":{"phase":"Running","podIP":"10.244.0.5","podIPs":[{"ip":"10.244.0.5"},{"ip":"fd00::5"}]}})json")
                                   << R"(["10.244.0.5","node-1","<none>","<none>"])";
    QTest::newRow("lone podIP is used") << pod(R"({"status":{"podIP":"10.244.0.6"}})")
                                        << R"(["10.244.0.6","<none>","<none>","<none>"])";
    QTest::newRow("nominated node") << pod(R"({"status":{"phase":"Pending","nominatedNodeName":"node-2"}})")
                                    << R"(["<none>","<none>","node-2","<none>"])";
    QTest::newRow("readiness gates count true conditions") << pod(R"json({
        "spec":{"readinessGates":[{"conditionType":"example.com/lb"},{"conditionType":"example.com/dns"}]},
        "status":{"conditions":[{"type":"example.com/lb","status":"True"},
                                {"type":"example.com/dns","status":"False"}]}})json")
                                                           << R"(["<none>","<none>","<none>","1/2"])";
}

void TestTablePrinters::podWideCells()
{
    QFETCH(QString, object);
    QFETCH(QString, wide);
    const api::Json cells = apiserver::tableCells("pods", parse(object), kNow);
    const api::Json tail(cells.begin() + 5, cells.end());
    QCOMPARE(dump(tail), dump(parse(wide)));
}

// ---- nodes -------------------------------------------------------------------------

void TestTablePrinters::nodeStatusAndRoles_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("roles");
    QTest::newRow("Ready") << R"({"status":{"conditions":[{"type":"Ready","status":"True"}]}})" << "Ready" << "<none>";
    QTest::newRow("NotReady") << R"({"status":{"conditions":[{"type":"MemoryPressure","status":"False"},
        {"type":"Ready","status":"False"}]}})" << "NotReady" << "<none>";
    QTest::newRow("NotReady when Unknown") << R"({"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}})"
                                           << "NotReady" << "<none>";
    QTest::newRow("Unknown without a Ready condition") << R"({"status":{}})" << "Unknown" << "<none>";
    QTest::newRow("SchedulingDisabled when cordoned") << R"({"spec":{"unschedulable":true},
        "status":{"conditions":[{"type":"Ready","status":"True"}]}})" << "Ready,SchedulingDisabled" << "<none>";
    QTest::newRow("SchedulingDisabled without conditions") << R"({"spec":{"unschedulable":true}})"
                                                           << "Unknown,SchedulingDisabled" << "<none>";
    QTest::newRow("control-plane role") << R"({"metadata":{"labels":{"node-role.kubernetes.io/control-plane":""}}})"
                                        << "Unknown" << "control-plane";
    QTest::newRow("roles sorted, with kubernetes.io/role") << R"({"metadata":{"labels":{
        "node-role.kubernetes.io/worker":"","node-role.kubernetes.io/infra":"true","kubernetes.io/role":"master",
        "node-role.kubernetes.io/":"x"}}})" << "Unknown" << "infra,master,worker";
    QTest::newRow("duplicate roles once") << R"({"metadata":{"labels":{
        "node-role.kubernetes.io/master":"","kubernetes.io/role":"master"}}})" << "Unknown" << "master";
}

void TestTablePrinters::nodeStatusAndRoles()
{
    QFETCH(QString, object);
    QFETCH(QString, status);
    QFETCH(QString, roles);
    const api::Json cells = apiserver::tableCells("nodes", parse(object), kNow);
    QCOMPARE(QString::fromStdString(cells[1].get<std::string>()), status);
    QCOMPARE(QString::fromStdString(cells[2].get<std::string>()), roles);
}

// ---- services ----------------------------------------------------------------------

void TestTablePrinters::servicePortsAndIPs_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("expected"); // TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S)
    QTest::newRow("ClusterIP") << R"({"spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
        "ports":[{"port":53,"protocol":"UDP"},{"port":53,"protocol":"TCP"},{"port":9153,"protocol":"TCP"}]}})"
                               << R"(["ClusterIP","10.96.0.10","<none>","53/UDP,53/TCP,9153/TCP"])";
    QTest::newRow("ClusterIP with externalIPs") << R"({"spec":{"type":"ClusterIP","clusterIPs":["10.96.0.11"],
        "externalIPs":["203.0.113.5","203.0.113.6"],"ports":[{"port":80,"protocol":"TCP"}]}})"
                                                << R"(["ClusterIP","10.96.0.11","203.0.113.5,203.0.113.6","80/TCP"])";
    QTest::newRow("headless") << R"({"spec":{"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"]}})"
                              << R"(["ClusterIP","None","<none>","<none>"])";
    QTest::newRow("lone clusterIP is used") << R"({"spec":{"type":"ClusterIP","clusterIP":"10.96.0.12"}})"
                                            << R"(["ClusterIP","10.96.0.12","<none>","<none>"])";
    QTest::newRow("dual-stack shows the first")
        << R"({"spec":{"type":"ClusterIP","clusterIPs":["fd00::12","10.96.0.12"]}})"
                                                << R"(["ClusterIP","fd00::12","<none>","<none>"])";
    QTest::newRow("NodePort") << R"({"spec":{"type":"NodePort","clusterIPs":["10.96.0.13"],
        "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":443,"nodePort":30443,"protocol":"TCP"}]}})"
                              << R"(["NodePort","10.96.0.13","<none>","80:30080/TCP,443:30443/TCP"])";
    QTest::newRow("LoadBalancer pending") << R"({"spec":{"type":"LoadBalancer","clusterIPs":["10.96.0.14"],
        "ports":[{"port":80,"nodePort":31000,"protocol":"TCP"}]}})"
                                          << R"(["LoadBalancer","10.96.0.14","<pending>","80:31000/TCP"])";
    QTest::newRow("LoadBalancer ingress sorted and never cut") << R"({"spec":{"type":"LoadBalancer",
        "clusterIPs":["10.96.0.15"],"ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]},
        "status":{"loadBalancer":{"ingress":[{"hostname":"a-very-long-load-balancer.example.com"},
                                             {"ip":"198.51.100.7"}]}}})"
        << R"(["LoadBalancer","10.96.0.15","198.51.100.7,a-very-long-load-balancer.example.com","443:31443/TCP"])";
    QTest::newRow("LoadBalancer ingress then externalIPs") << R"({"spec":{"type":"LoadBalancer",
        "clusterIPs":["10.96.0.16"],
        "externalIPs":["203.0.113.9"]},"status":{"loadBalancer":{"ingress":[{"ip":"198.51.100.8"}]}}})"
        << R"(["LoadBalancer","10.96.0.16","198.51.100.8,203.0.113.9","<none>"])";
    QTest::newRow("ExternalName") << R"({"spec":{"type":"ExternalName","externalName":"db.example.com"}})"
                                  << R"(["ExternalName","<none>","db.example.com","<none>"])";
    QTest::newRow("missing type is unknown") << R"({"spec":{}})" << R"(["","<none>","<unknown>","<none>"])";
}

void TestTablePrinters::servicePortsAndIPs()
{
    QFETCH(QString, object);
    QFETCH(QString, expected);
    const api::Json cells = apiserver::tableCells("services", parse(object), kNow);
    const api::Json middle(cells.begin() + 1, cells.begin() + 5);
    QCOMPARE(dump(middle), dump(parse(expected)));
}

// ---- deployments -------------------------------------------------------------------

void TestTablePrinters::deploymentReady_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("expected"); // READY, UP-TO-DATE, AVAILABLE
    QTest::newRow("rolled out") << R"({"spec":{"replicas":3},
        "status":{"replicas":3,"readyReplicas":3,"updatedReplicas":3,"availableReplicas":3}})" << R"(["3/3",3,3])";
    QTest::newRow("scaling up") << R"({"spec":{"replicas":3},
        "status":{"replicas":3,"readyReplicas":1,"updatedReplicas":3,"availableReplicas":1}})" << R"(["1/3",3,1])";
    QTest::newRow("no status yet") << R"({"spec":{"replicas":2}})" << R"(["0/2",0,0])";
    QTest::newRow("scaled to zero") << R"({"spec":{"replicas":0},"status":{}})" << R"(["0/0",0,0])";
}

void TestTablePrinters::deploymentReady()
{
    QFETCH(QString, object);
    QFETCH(QString, expected);
    const api::Json cells = apiserver::tableCells("deployments", parse(object), kNow);
    const api::Json middle(cells.begin() + 1, cells.begin() + 4);
    QCOMPARE(dump(middle), dump(parse(expected)));
}

// ---- jobs --------------------------------------------------------------------------

void TestTablePrinters::jobStatusAndCompletions_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("expected"); // STATUS, COMPLETIONS, DURATION
    QTest::newRow("Running with completions") << R"({"spec":{"completions":3,"parallelism":1},
        "status":{"startTime":"2025-01-01T00:55:00Z","succeeded":1,"active":1}})" << R"(["Running","1/3","5m"])";
    QTest::newRow("Complete") << R"({"spec":{"completions":1},"status":{"succeeded":1,
        "startTime":"2025-01-01T00:00:00Z","completionTime":"2025-01-01T00:00:45Z",
        "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}})"
                              << R"(["Complete","1/1","45s"])";
    QTest::newRow("Failed") << R"({"spec":{"completions":1},"status":{"failed":6,"startTime":"2025-01-01T00:00:00Z",
        "conditions":[{"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}]}})"
                            << R"(["Failed","0/1","60m"])";
    QTest::newRow("Terminating") << R"({"metadata":{"deletionTimestamp":"2025-01-01T00:59:00Z"},
        "spec":{"completions":1},"status":{"startTime":"2025-01-01T00:50:00Z"}})" << R"(["Terminating","0/1","10m"])";
    QTest::newRow("Suspended without a start") << R"({"spec":{"completions":2,"suspend":true},
        "status":{"conditions":[{"type":"Suspended","status":"True"}]}})" << R"(["Suspended","0/2",""])";
    QTest::newRow("FailureTarget") << R"({"spec":{"completions":1},"status":{"startTime":"2025-01-01T00:59:50Z",
        "conditions":[{"type":"FailureTarget","status":"True"}]}})" << R"(["FailureTarget","0/1","10s"])";
    QTest::newRow("a False condition does not count") << R"({"spec":{"completions":1},
        "status":{"conditions":[{"type":"Complete","status":"False"}]}})" << R"(["Running","0/1",""])";
    QTest::newRow("parallel without completions") << R"({"spec":{"parallelism":3},"status":{"succeeded":0}})"
                                                   << R"(["Running","0/1 of 3",""])";
    QTest::newRow("single without completions") << R"({"spec":{"parallelism":1},"status":{"succeeded":1}})"
                                                << R"(["Running","1/1",""])";
}

void TestTablePrinters::jobStatusAndCompletions()
{
    QFETCH(QString, object);
    QFETCH(QString, expected);
    const api::Json cells = apiserver::tableCells("jobs", parse(object), kNow);
    const api::Json middle(cells.begin() + 1, cells.begin() + 4);
    QCOMPARE(dump(middle), dump(parse(expected)));
    QCOMPARE(cachedRowMismatch("jobs", parse(object)), QString());
}

// ---- events ------------------------------------------------------------------------

void TestTablePrinters::eventObjectAndLastSeen_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("expected"); // LAST SEEN, OBJECT, FIRST SEEN, COUNT
    QTest::newRow("lastTimestamp") << R"({"involvedObject":{"kind":"Pod","name":"web-0"},
        "firstTimestamp":"2025-01-01T00:50:00Z","lastTimestamp":"2025-01-01T00:55:00Z","count":3})"
                                   << R"(["5m","pod/web-0","10m",3])";
    QTest::newRow("firstTimestamp stands in for lastTimestamp") << R"({"involvedObject":{"kind":"Node","name":"node-1"},
        "firstTimestamp":"2025-01-01T00:59:15Z","count":1})" << R"(["45s","node/node-1","45s",1])";
    QTest::newRow("eventTime only, count defaults to 1") << R"({"involvedObject":{"kind":"Deployment","name":"web"},
        "eventTime":"2025-01-01T00:59:30.123456Z"})" << R"(["29s","deployment/web","29s",1])"; // 29.88s truncates
    QTest::newRow("series wins") << R"({"involvedObject":{"kind":"Pod","name":"web-0"},
        "eventTime":"2025-01-01T00:30:00.000000Z","count":2,
        "series":{"count":7,"lastObservedTime":"2025-01-01T00:59:40.000000Z"}})" << R"(["20s","pod/web-0","30m",7])";
    QTest::newRow("kind only without a name") << R"({"involvedObject":{"kind":"Node"},
        "lastTimestamp":"2025-01-01T00:00:00Z"})" << R"(["60m","node","<unknown>",1])";
    QTest::newRow("nothing known") << R"({})" << R"(["<unknown>","","<unknown>",1])";
}

void TestTablePrinters::eventObjectAndLastSeen()
{
    QFETCH(QString, object);
    QFETCH(QString, expected);
    const api::Json cells = apiserver::tableCells("events", parse(object), kNow);
    const api::Json picked = {cells[0], cells[3], cells[7], cells[8]};
    QCOMPARE(dump(picked), dump(parse(expected)));
    QCOMPARE(cachedRowMismatch("events", parse(object)), QString());
}

// ---- endpoints ---------------------------------------------------------------------

void TestTablePrinters::endpointsList_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no subsets") << R"({})" << "<none>";
    QTest::newRow("empty subsets") << R"({"subsets":[]})" << "<none>";
    QTest::newRow("two addresses") << R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],
        "ports":[{"port":80,"protocol":"TCP"}]}]})" << "10.0.0.1:80,10.0.0.2:80";
    QTest::newRow("exactly three") << R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},
        {"ip":"10.0.0.3"}],"ports":[{"port":80}]}]})" << "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80";
    QTest::newRow("+ 2 more") << R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"10.0.0.3"},
        {"ip":"10.0.0.4"},{"ip":"10.0.0.5"}],"ports":[{"port":80}]}]})"
                              << "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...";
    QTest::newRow("ports times addresses") << R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],
        "ports":[{"name":"http","port":80},{"name":"https","port":443}]}]})"
                                           << "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...";
    QTest::newRow("more across subsets") << R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],
        "ports":[{"port":80}]},{"addresses":[{"ip":"10.0.1.1"},{"ip":"10.0.1.2"}],"ports":[{"port":8080}]}]})"
                                         << "10.0.0.1:80,10.0.0.2:80,10.0.1.1:8080 + 1 more...";
    QTest::newRow("headless without ports") << R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}]}]})"
                                            << "10.0.0.1,10.0.0.2";
    QTest::newRow("IPv6 is bracketed") << R"({"subsets":[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":80}]}]})"
                                       << "[fd00::1]:80";
    QTest::newRow("not-ready addresses are not listed") << R"({"subsets":[{"notReadyAddresses":[{"ip":"10.0.0.9"}],
        "ports":[{"port":80}]}]})" << "";
}

void TestTablePrinters::endpointsList()
{
    QFETCH(QString, object);
    QFETCH(QString, expected);
    const api::Json cells = apiserver::tableCells("endpoints", parse(object), kNow);
    QCOMPARE(QString::fromStdString(cells[1].get<std::string>()), expected);
}

// ---- every other printer: one whole row each ---------------------------------------

void TestTablePrinters::fullRow_data()
{
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("expected");
    const QString meta = R"("metadata":{"name":"x","creationTimestamp":"2025-01-01T00:00:00Z"})";
    const auto obj = [&](const QString &rest) { return "{" + meta + (rest.isEmpty() ? "" : "," + rest) + "}"; };

    QTest::newRow("pod wide row") << "pods" << obj(R"json("spec":{"nodeName":"node-1","containers":[{"name":"a"}]},
        "status":{"phase":"Running","podIPs":[{"ip":"10.244.1.3"}],
        "containerStatuses":[{"name":"a","ready":true,"state":{"running":{}}}]})json")
                                  << R"(["x","1/1","Running","0","60m","10.244.1.3","node-1","<none>","<none>"])";
    QTest::newRow("node wide row") << "nodes" << obj(R"json("status":{"conditions":[{"type":"Ready","status":"True"}],
        "addresses":[{"type":"Hostname","address":"x"},{"type":"InternalIP","address":"172.18.0.2"}],
        "nodeInfo":{"kubeletVersion":"v1.32.4","osImage":"Debian GNU/Linux 12 (bookworm)",
                    "kernelVersion":"6.1.0","containerRuntimeVersion":"containerd://1.7.0"}})json")
        << R"json(["x","Ready","<none>","60m","v1.32.4","172.18.0.2","<none>","Debian GNU/Linux 12 (bookworm)","6.1.0",
            "containerd://1.7.0"])json";
    QTest::newRow("node without nodeInfo") << "nodes" << obj("")
        << R"(["x","Unknown","<none>","60m","","<none>","<none>","<unknown>","<unknown>","<unknown>"])";
    QTest::newRow("service selector") << "services" << obj(R"("spec":{"type":"ClusterIP","clusterIPs":["10.96.0.1"],
        "selector":{"tier":"web","app":"shop"},"ports":[{"port":443,"protocol":"TCP"}]})")
        << R"(["x","ClusterIP","10.96.0.1","<none>","443/TCP","60m","app=shop,tier=web"])";
    QTest::newRow("service without selector")
        << "services" << obj(R"("spec":{"type":"ClusterIP","clusterIPs":["10.96.0.1"]})")
                                              << R"(["x","ClusterIP","10.96.0.1","<none>","<none>","60m","<none>"])";
    QTest::newRow("deployment wide row") << "deployments" << obj(R"json("spec":{"replicas":2,
        "selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]},
                                                                      {"key":"canary","operator":"DoesNotExist"}]},
        "template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"log","image":"busybox"}]}}},
        "status":{"readyReplicas":2,"updatedReplicas":2,"availableReplicas":2})json")
        << R"json(["x","2/2",2,2,"60m","web,log","nginx:1.27,busybox","app=web,!canary,tier in (a,b)"])json";
    QTest::newRow("deployment without selector prints empty") << "deployments" << obj(R"("spec":{"replicas":1})")
                                                              << R"(["x","0/1",0,0,"60m","","",""])";
    QTest::newRow("replicaset") << "replicasets" << obj(R"json("spec":{"replicas":3,
        "selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}},
        "status":{"replicas":3,"readyReplicas":2})json")
                                << R"(["x",3,3,2,"60m","web","nginx","app=web"])";
    QTest::newRow("replicaset without selector") << "replicasets" << obj(R"("spec":{"replicas":0})")
                                                 << R"(["x",0,0,0,"60m","","","<none>"])";
    QTest::newRow("replicaset with a bad operator") << "replicasets"
        << obj(R"("spec":{"selector":{"matchExpressions":[{"key":"a","operator":"Near","values":["b"]}]}})")
        << R"(["x",0,0,0,"60m","","","<error>"])";
    QTest::newRow("replicationcontroller") << "replicationcontrollers" << obj(R"json("spec":{"replicas":2,
        "selector":{"app":"legacy"},"template":{"spec":{"containers":[{"name":"app","image":"httpd"}]}}},
        "status":{"replicas":2,"readyReplicas":1})json") << R"(["x",2,2,1,"60m","app","httpd","app=legacy"])";
    QTest::newRow("daemonset") << "daemonsets" << obj(R"json("spec":{"selector":{"matchLabels":{"app":"agent"}},
        "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},
                            "containers":[{"name":"agent","image":"agent:1"}]}}},
        "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,
        "numberAvailable":2})json")
        << R"(["x",3,3,2,3,2,"kubernetes.io/os=linux","60m","agent","agent:1","app=agent"])";
    QTest::newRow("daemonset without node selector") << "daemonsets" << obj("")
                                                     << R"(["x",0,0,0,0,0,"<none>","60m","","","<none>"])";
    QTest::newRow("statefulset") << "statefulsets" << obj(R"json("spec":{"replicas":3,
        "template":{"spec":{"containers":[{"name":"db","image":"postgres:17"}]}}},"status":{"readyReplicas":1})json")
                                 << R"(["x","1/3","60m","db","postgres:17"])";
    QTest::newRow("job wide row") << "jobs" << obj(R"json("spec":{"completions":1,
        "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"abc"}},
        "template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}}},
        "status":{"startTime":"2025-01-01T00:57:53Z","active":1})json")
        << R"(["x","Running","0/1","2m7s","60m","pi","perl","batch.kubernetes.io/controller-uid=abc"])";
    QTest::newRow("cronjob") << "cronjobs" << obj(R"json("spec":{"schedule":"*/5 * * * *","suspend":false,
        "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}},
        "status":{"active":[{"name":"x-1"}],"lastScheduleTime":"2025-01-01T00:55:00Z"})json")
        << R"(["x","*/5 * * * *","<none>","False",1,"5m","60m","c","busybox","<none>"])";
    QTest::newRow("cronjob with time zone, never scheduled") << "cronjobs" << obj(R"json("spec":{"schedule":"@daily",
        "timeZone":"Etc/UTC"})json") << R"(["x","@daily","Etc/UTC","<unset>",0,"<none>","60m","","","<none>"])";
    QTest::newRow("namespace") << "namespaces" << obj(R"("status":{"phase":"Active"})") << R"(["x","Active","60m"])";
    QTest::newRow("terminating namespace") << "namespaces" << obj(R"("status":{"phase":"Terminating"})")
                                           << R"(["x","Terminating","60m"])";
    QTest::newRow("configmap counts data and binaryData") << "configmaps"
        << obj(R"("data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="})") << R"(["x",3,"60m"])";
    QTest::newRow("secret") << "secrets" << obj(R"("type":"Opaque","data":{"password":"cGFzcw=="})")
                            << R"(["x","Opaque",1,"60m"])";
    QTest::newRow("serviceaccount") << "serviceaccounts" << obj("") << R"(["x",0,"60m"])";
    QTest::newRow("controllerrevision") << "controllerrevisions" << obj(R"json("revision":2,"metadata":{"name":"x",
        "creationTimestamp":"2025-01-01T00:00:00Z","ownerReferences":[
        {"apiVersion":"v1","kind":"Pod","name":"other"},
        {"apiVersion":"apps/v1","kind":"DaemonSet","name":"fluentd","controller":true}]})json")
                                        << R"(["x","daemonset.apps/fluentd",2,"60m"])";
    QTest::newRow("controllerrevision without controller") << "controllerrevisions" << obj(R"("revision":1)")
                                                           << R"(["x","<none>",1,"60m"])";
    QTest::newRow("hpa cpu utilization") << "horizontalpodautoscalers" << obj(R"json("spec":{
        "scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":10,
        "metrics":[{"type":"Resource",
                    "resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]},
        "status":{"currentReplicas":2})json") << R"(["x","Deployment/web","cpu: <unknown>/50%","1",10,2,"60m"])";
    QTest::newRow("hpa with current metrics and more") << "horizontalpodautoscalers" << obj(R"json("spec":{
        "scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5,"metrics":[
        {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
        {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"200Mi"}}},
        {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"1k"}}}]},
        "status":{"currentReplicas":3,"currentMetrics":[
        {"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":42,"averageValue":"210m"}}},
        {"type":"Resource","resource":{"name":"memory","current":{"averageValue":"100Mi"}}}]})json")
        << R"(["x","Deployment/web","cpu: 42%/80%, memory: 100Mi/200Mi + 1 more...","<unset>",5,3,"60m"])";
    QTest::newRow("hpa autoscaling/v1") << "horizontalpodautoscalers" << obj(R"json("spec":{
        "scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":4,
        "targetCPUUtilizationPercentage":60},"status":{"currentReplicas":2,"currentCPUUtilizationPercentage":15})json")
        << R"(["x","Deployment/web","cpu: 15%/60%","2",4,2,"60m"])";
    QTest::newRow("hpa without metrics") << "horizontalpodautoscalers" << obj(R"("spec":{"maxReplicas":3})")
                                         << R"(["x","/","<none>","<unset>",3,0,"60m"])";
    QTest::newRow("pdb minAvailable") << "poddisruptionbudgets" << obj(R"("spec":{"minAvailable":2},
        "status":{"disruptionsAllowed":1})") << R"(["x","2","N/A",1,"60m"])";
    QTest::newRow("pdb maxUnavailable percent") << "poddisruptionbudgets" << obj(R"("spec":{"maxUnavailable":"25%"})")
                                                << R"(["x","N/A","25%",0,"60m"])";
    QTest::newRow("endpointslice") << "endpointslices" << obj(R"json("addressType":"IPv4",
        "ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"metrics"},{}],
        "endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2"]},{"addresses":["10.0.0.3"]},
                     {"addresses":["10.0.0.4"]}])json")
        << R"(["x","IPv4","80,metrics,*","10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...","60m"])";
    QTest::newRow("empty endpointslice") << "endpointslices" << obj(R"("addressType":"IPv4")")
                                         << R"(["x","IPv4","<unset>","<unset>","60m"])";
    QTest::newRow("lease") << "leases" << obj(R"("spec":{"holderIdentity":"node-1"})") << R"(["x","node-1","60m"])";
    QTest::newRow("resourcequota") << "resourcequotas" << obj(R"json("status":{
        "hard":{"requests.cpu":"1","limits.memory":"2Gi","pods":"10","limits.cpu":"2","requests.memory":"1Gi"},
        "used":{"requests.cpu":"500m","limits.cpu":"1","pods":"3","requests.memory":"0"}})json")
        << R"(["x","60m","pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi",
               "limits.cpu: 1/2, limits.memory: 0/2Gi"])";
    QTest::newRow("limitrange uses the default convertor") << "limitranges" << obj(R"("spec":{"limits":[]})")
                                                           << R"(["x","2025-01-01T00:00:00Z"])";
    QTest::newRow("role uses the default convertor") << "roles" << obj("") << R"(["x","2025-01-01T00:00:00Z"])";
    QTest::newRow("priorityclass") << "priorityclasses" << obj(R"("value":1000000,"globalDefault":false,
        "preemptionPolicy":"PreemptLowerPriority")") << R"(["x",1000000,false,"60m","PreemptLowerPriority"])";
    QTest::newRow("rolebinding") << "rolebindings" << obj(R"json("roleRef":{"apiGroup":"rbac.authorization.k8s.io",
        "kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"alice"},{"kind":"User","name":"bob"},
        {"kind":"Group","name":"devs"},{"kind":"ServiceAccount","name":"ci","namespace":"tools"}])json")
        << R"(["x","ClusterRole/view","60m","alice, bob","devs","tools/ci"])";
    QTest::newRow("scale") << "scale" << obj(R"("spec":{"replicas":3},"status":{"replicas":2})")
                           << R"(["x",3,2,"60m"])";
    QTest::newRow("unknown resource gets name and age") << "widgets" << obj(R"("spec":{"size":3})") << R"(["x","60m"])";
    QTest::newRow("no creation time") << "configmaps" << R"({"metadata":{"name":"x"}})" << R"(["x",0,"<unknown>"])";
}

void TestTablePrinters::fullRow()
{
    QFETCH(QString, resource);
    QFETCH(QString, object);
    QFETCH(QString, expected);
    const api::Json cells = apiserver::tableCells(resource.toStdString(), parse(object), kNow);
    QCOMPARE(dump(cells), dump(parse(expected)));
}

// ---- columns -----------------------------------------------------------------------

void TestTablePrinters::columnHeaders_data()
{
    // "*" marks priority-1 (wide) columns.
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("headers");
    QTest::newRow("pods") << "pods" << "Name,Ready,Status,Restarts,Age,IP*,Node*,Nominated Node*,Readiness Gates*";
    QTest::newRow("nodes") << "nodes"
                           << "Name,Status,Roles,Age,Version,Internal-IP*,External-IP*,OS-Image*,Kernel-Version*,"
                              "Container-Runtime*";
    QTest::newRow("services") << "services" << "Name,Type,Cluster-IP,External-IP,Port(s),Age,Selector*";
    QTest::newRow("endpoints") << "endpoints" << "Name,Endpoints,Age";
    QTest::newRow("deployments") << "deployments"
                                 << "Name,Ready,Up-to-date,Available,Age,Containers*,Images*,Selector*";
    QTest::newRow("replicasets") << "replicasets" << "Name,Desired,Current,Ready,Age,Containers*,Images*,Selector*";
    QTest::newRow("replicationcontrollers") << "replicationcontrollers"
                                            << "Name,Desired,Current,Ready,Age,Containers*,Images*,Selector*";
    QTest::newRow("daemonsets") << "daemonsets"
                                << "Name,Desired,Current,Ready,Up-to-date,Available,Node Selector,Age,Containers*,"
                                   "Images*,Selector*";
    QTest::newRow("statefulsets") << "statefulsets" << "Name,Ready,Age,Containers*,Images*";
    QTest::newRow("jobs") << "jobs" << "Name,Status,Completions,Duration,Age,Containers*,Images*,Selector*";
    QTest::newRow("cronjobs") << "cronjobs"
                              << "Name,Schedule,Timezone,Suspend,Active,Last Schedule,Age,Containers*,Images*,"
                                 "Selector*";
    QTest::newRow("events") << "events"
                            << "Last Seen,Type,Reason,Object,Subobject*,Source*,Message,First Seen*,Count*,Name*";
    QTest::newRow("namespaces") << "namespaces" << "Name,Status,Age";
    QTest::newRow("horizontalpodautoscalers") << "horizontalpodautoscalers"
                                              << "Name,Reference,Targets,MinPods,MaxPods,Replicas,Age";
    QTest::newRow("poddisruptionbudgets") << "poddisruptionbudgets"
                                          << "Name,Min Available,Max Unavailable,Allowed Disruptions,Age";
    QTest::newRow("configmaps") << "configmaps" << "Name,Data,Age";
    QTest::newRow("secrets") << "secrets" << "Name,Type,Data,Age";
    QTest::newRow("serviceaccounts") << "serviceaccounts" << "Name,Secrets,Age";
    QTest::newRow("controllerrevisions") << "controllerrevisions" << "Name,Controller,Revision,Age";
    QTest::newRow("endpointslices") << "endpointslices" << "Name,AddressType,Ports,Endpoints,Age";
    QTest::newRow("leases") << "leases" << "Name,Holder,Age";
    QTest::newRow("resourcequotas") << "resourcequotas" << "Name,Age,Request,Limit";
    QTest::newRow("limitranges") << "limitranges" << "Name,Created At";
    QTest::newRow("priorityclasses") << "priorityclasses" << "Name,Value,Global-Default,Age,PreemptionPolicy";
    QTest::newRow("rolebindings") << "rolebindings" << "Name,Role,Age,Users*,Groups*,ServiceAccounts*";
    QTest::newRow("clusterrolebindings") << "clusterrolebindings" << "Name,Role,Age,Users*,Groups*,ServiceAccounts*";
    QTest::newRow("scale") << "scale" << "Name,Desired,Available,Age";
    QTest::newRow("anything else") << "widgets" << "Name,Age";
}

void TestTablePrinters::columnHeaders()
{
    QFETCH(QString, resource);
    QFETCH(QString, headers);
    QCOMPARE(headerNames(apiserver::tableColumns(resource.toStdString())), headers);
}

void TestTablePrinters::columnDefinitionDetails()
{
    // Types, formats and descriptions as upstream declares them (some integer cells sit
    // in columns declared "string"; kubectl prints cells as they come either way).
    const auto &pods = apiserver::tableColumns("pods");
    QCOMPARE(QString::fromStdString(pods[0].format), QString("name"));
    QCOMPARE(QString::fromStdString(pods[1].format), QString(""));
    for (const ColumnDefinition &c : pods)
        QCOMPARE(QString::fromStdString(c.type), QString("string"));
    QVERIFY(pods[0].description.starts_with("Name must be unique within a namespace."));
    QVERIFY(pods[4].description.starts_with("CreationTimestamp is a timestamp"));
    QCOMPARE(QString::fromStdString(pods[3].description),
             QString("The number of times the containers in this pod have been restarted and when the last "
                     "container in this pod has restarted."));

    const auto typeOf = [](std::string_view resource, std::size_t i) {
        return QString::fromStdString(apiserver::tableColumns(resource)[i].type);
    };
    QCOMPARE(typeOf("replicasets", 1), QString("integer"));
    QCOMPARE(typeOf("replicasets", 3), QString("integer"));
    QCOMPARE(typeOf("daemonsets", 5), QString("integer"));
    QCOMPARE(typeOf("poddisruptionbudgets", 3), QString("integer"));
    QCOMPARE(typeOf("cronjobs", 3), QString("boolean"));
    QCOMPARE(typeOf("cronjobs", 4), QString("integer"));
    QCOMPARE(typeOf("priorityclasses", 1), QString("integer"));
    QCOMPARE(typeOf("priorityclasses", 2), QString("boolean"));
    QCOMPARE(typeOf("configmaps", 1), QString("string"));
    QCOMPARE(typeOf("limitranges", 1), QString("date"));
    QCOMPARE(typeOf("scale", 1), QString("integer"));

    // The event Name column is the wide, last one and still carries the name format;
    // the Scale printer's Name has none.
    QCOMPARE(QString::fromStdString(apiserver::tableColumns("events")[9].format), QString("name"));
    QCOMPARE(QString::fromStdString(apiserver::tableColumns("events")[0].format), QString(""));
    QCOMPARE(QString::fromStdString(apiserver::tableColumns("scale")[0].format), QString(""));
}

void TestTablePrinters::cellsAlignWithColumns_data()
{
    QTest::addColumn<QString>("resource");
    for (const char *resource :
         {"pods", "nodes", "services", "endpoints", "deployments", "replicasets", "replicationcontrollers",
          "daemonsets",
          "statefulsets", "jobs", "cronjobs", "events", "namespaces", "horizontalpodautoscalers",
          "poddisruptionbudgets", "configmaps", "secrets", "serviceaccounts", "controllerrevisions", "endpointslices",
          "leases", "resourcequotas", "limitranges", "roles", "clusterroles", "priorityclasses", "rolebindings",
          "clusterrolebindings", "scale", "widgets"})
        QTest::newRow(resource) << resource;
}

void TestTablePrinters::cellsAlignWithColumns()
{
    // Whatever shape the object has (here: empty, null, and mistyped fields), each
    // printer returns exactly one cell per column and never throws.
    QFETCH(QString, resource);
    const std::string r = resource.toStdString();
    const std::size_t columns = apiserver::tableColumns(r).size();
    QCOMPARE(apiserver::tableCells(r, api::Json::object(), kNow).size(), columns);
    QCOMPARE(apiserver::tableCells(r, api::Json(), kNow).size(), columns);
    const api::Json odd = parse(R"({"metadata":{"name":7,"creationTimestamp":"yesterday","labels":[]},
        "spec":{"replicas":"three","containers":{},"ports":[1],"selector":"app=web","metrics":[{"type":"Resource"}]},
        "status":{"conditions":"none","containerStatuses":[{"state":{"terminated":{}}}],"hard":{"cpu":1}},
        "subsets":[{"addresses":[{}],"ports":[{}]}],"involvedObject":"pod","series":{}})");
    QCOMPARE(apiserver::tableCells(r, odd, kNow).size(), columns);
    // Cached rows match too, whatever the shape; a full object of its kind as well
    // (created an hour ago, so AGE is time-dependent everywhere).
    QCOMPARE(cachedRowMismatch(r.c_str(), odd), QString());
    const api::Json full = parse(pod(R"({"status":{"phase":"Running","startTime":"2025-01-01T00:10:00Z",
        "lastScheduleTime":"2025-01-01T00:30:00Z","containerStatuses":[{"name":"app","restartCount":1,
        "lastState":{"terminated":{"finishedAt":"2025-01-01T00:40:00Z"}},"state":{"running":{}}}]},
        "firstTimestamp":"2025-01-01T00:20:00Z","lastTimestamp":"2025-01-01T00:50:00Z"})"));
    QCOMPARE(cachedRowMismatch(r.c_str(), full), QString());
}

void TestTablePrinters::markersInTheDataAreLeftAlone()
{
    // An event's message may hold anything, text that looks like the markers too:
    // what is not a marker's body passes through as sent.
    const api::Json event = parse("{\"message\":\"a \\u0001A1x\\u0001 b \\u0001\",\"type\":\"Normal\","
                                  "\"lastTimestamp\":\"2025-01-01T00:50:00Z\"}");
    QCOMPARE(cachedRowMismatch("events", event), QString());
    std::string row;
    apiserver::appendRowCells(row, apiserver::tableRowTemplate("events", event), kNow);
    const api::Json cells = api::Json::parse(row);
    QCOMPARE(cells.size(), apiserver::tableColumns("events").size());
    QCOMPARE(cells[0].get<std::string>(), std::string("10m"));
}

QTEST_GUILESS_MAIN(TestTablePrinters)
#include "tst_table_printers.moc"

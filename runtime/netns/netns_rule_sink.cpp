#include "runtime/netns/netns_rule_sink.h"

#include "core/proxy/iptables_rule.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <unistd.h>

namespace k8slab::runtime {

namespace {

struct Output {
    int code = -1;
    std::string out;
    std::string err;
};

Output exec(const QString &program, const QStringList &args, const std::string &input = {})
{
    QProcess p;
    p.start(program, args);
    Output o;
    if (!p.waitForStarted(10000)) {
        o.err = "cannot start " + program.toStdString();
        return o;
    }
    if (!input.empty())
        p.write(input.data(), qint64(input.size()));
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        o.err = program.toStdString() + " did not finish within 60 s";
        return o;
    }
    o.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    o.out = p.readAllStandardOutput().toStdString();
    o.err = p.readAllStandardError().toStdString();
    return o;
}

} // namespace

std::string NetnsRuleSink::unavailableReason()
{
    if (::geteuid() != 0)
        return "real rules need root (network namespaces, iptables and nft)";
    for (const char *tool : {"ip", "iptables", "iptables-restore", "iptables-save", "nft"})
        if (QStandardPaths::findExecutable(tool, {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}).isEmpty())
            return std::string("real rules need ") + tool + " (Debian packages iproute2, iptables, nftables)";
    return {};
}

std::string NetnsRuleSink::ipvsUnavailableReason()
{
    if (!QFile::exists("/proc/net/ip_vs"))
        return "IPVS needs the ip_vs kernel module, which this kernel does not have (/proc/net/ip_vs is missing); "
               "the lab shows IPVS rules from its model only";
    return {};
}

Result<std::unique_ptr<NetnsRuleSink>> NetnsRuleSink::create(const std::string &name)
{
    if (const std::string why = unavailableReason(); !why.empty())
        return Status(StatusCode::Unavailable, why);
    const QString ns = QString::fromStdString(name);
    (void)exec("ip", {"netns", "del", ns});
    const Output added = exec("ip", {"netns", "add", ns});
    if (added.code != 0)
        return Status(StatusCode::Internal, "ip netns add " + name + ": " + added.err);
    return std::unique_ptr<NetnsRuleSink>(new NetnsRuleSink(name));
}

NetnsRuleSink::~NetnsRuleSink()
{
    (void)exec("ip", {"netns", "del", QString::fromStdString(m_name)});
}

Result<std::string> NetnsRuleSink::run(const QString &program, const QStringList &args, const std::string &input) const
{
    const Output o = exec("ip", QStringList{"netns", "exec", QString::fromStdString(m_name), program} + args, input);
    if (o.code != 0)
        return Status(StatusCode::Internal, program.toStdString() + " in netns " + m_name + " failed: " + o.err);
    return o.out;
}

Status NetnsRuleSink::applyIptables(const proxy::BackendSync &sync)
{
    if (!m_canaries) {
        // upstream's iptables Monitor: an empty canary chain in each table.
        for (const char *table : {"mangle", "nat", "filter"})
            (void)run("iptables", {"-w", "5", "-t", table, "-N", "KUBE-PROXY-CANARY"});
        m_canaries = true;
    }
    for (const proxy::JumpRule &j : sync.jumps) {
        QStringList args;
        for (const std::string &a : proxy::splitArgs(j.args))
            args << QString::fromStdString(a);
        const QString table = QString::fromStdString(j.table);
        const QString chain = QString::fromStdString(j.chain);
        // EnsureChain for the target, then EnsureRule(Prepend): -C, else -I 1.
        (void)run("iptables", {"-w", "5", "-t", table, "-N", args.last()});
        if (run("iptables", QStringList{"-w", "5", "-t", table, "-C", chain} + args).ok())
            continue;
        if (Result<std::string> r = run("iptables", QStringList{"-w", "5", "-t", table, "-I", chain, "1"} + args); !r.ok())
            return r.status();
    }
    if (Result<std::string> r = run("iptables-restore", {"-w", "5", "--noflush", "--counters"}, sync.payload); !r.ok())
        return r.status();
    return {};
}

Status NetnsRuleSink::apply(proxy::ProxyMode mode, const proxy::BackendSync &sync)
{
    Status s;
    switch (mode) {
    case proxy::ProxyMode::IPTables:
        s = applyIptables(sync);
        break;
    case proxy::ProxyMode::NFTables:
        if (Result<std::string> r = run("nft", {"-f", "-"}, sync.payload); !r.ok())
            s = r.status();
        break;
    case proxy::ProxyMode::IPVS:
        s = Status(StatusCode::Unavailable, ipvsUnavailableReason().empty()
                                                ? std::string("applying IPVS rules to a namespace is not implemented yet")
                                                : ipvsUnavailableReason());
        break;
    }
    if (s.ok()) {
        ++m_applied;
        m_appliedPartial += sync.full ? 0 : 1;
    }
    return s;
}

} // namespace k8slab::runtime

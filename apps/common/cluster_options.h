#pragma once

#include "core/base/status.h"
#include "core/lab/lab_session.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace k8slab::apps {

/// The command-line options both executables (k8slab and k8slab-server) take for the
/// cluster they run: nodes (or a cluster spec file), seed, clock, speed, the scheduler's configuration, the
/// controllers and their API budget, kube-proxy's mode and real rules. Every cluster runs
/// on the simulated runtime.
class ClusterOptions {
public:
    /// Adds the options to `parser`.
    explicit ClusterOptions(QCommandLineParser &parser);

    /// Fills `options` from the parsed command line; an error names the flag and what
    /// it wants.
    Status apply(const QCommandLineParser &parser, lab::LabOptions &options) const;
    /// --speed: virtual seconds per wall second (0: as fast as possible); valid after apply().
    [[nodiscard]] double speed(const QCommandLineParser &parser) const;

private:
    QCommandLineOption m_nodes;
    QCommandLineOption m_cluster;
    QCommandLineOption m_seed;
    QCommandLineOption m_wallClock;
    QCommandLineOption m_speed;
    QCommandLineOption m_schedulerConfig;
    QCommandLineOption m_controllers;
    QCommandLineOption m_qps;
    QCommandLineOption m_burst;
    QCommandLineOption m_proxyMode;
    QCommandLineOption m_realRules;
};

} // namespace k8slab::apps

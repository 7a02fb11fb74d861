#include "core/metrics/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace k8slab::metrics {

namespace {

std::string escape(const std::string &s, bool quotes)
{
    std::string out;
    for (char c : s) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (quotes && c == '"')
            out += "\\\"";
        else
            out += c;
    }
    return out;
}

} // namespace

std::string formatValue(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, p);
}

Family::Family(std::string name, std::string help, std::string type, std::vector<std::string> labelNames)
    : m_name(std::move(name)), m_help(std::move(help)), m_type(std::move(type)), m_labelNames(std::move(labelNames))
{
}

void Family::header(std::string &out) const
{
    out += "# HELP " + m_name + " " + escape(m_help, false) + "\n";
    out += "# TYPE " + m_name + " " + m_type + "\n";
}

std::string Family::labelText(const Labels &values, const std::string &extra) const
{
    std::string out;
    for (std::size_t i = 0; i < m_labelNames.size() && i < values.size(); ++i) {
        out += out.empty() ? "{" : ",";
        out += m_labelNames[i] + "=\"" + escape(values[i], true) + "\"";
    }
    if (!extra.empty()) {
        out += out.empty() ? "{" : ",";
        out += extra;
    }
    if (!out.empty())
        out += "}";
    return out;
}

Counter::Counter(std::string name, std::string help, std::vector<std::string> labelNames)
    : Family(std::move(name), std::move(help), "counter", std::move(labelNames))
{
}

void Counter::inc(const Labels &labels, double v)
{
    std::lock_guard lock(m_mutex);
    m_values[labels] += v;
}

double Counter::value(const Labels &labels) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_values.find(labels);
    return it == m_values.end() ? 0 : it->second;
}

void Counter::expose(std::string &out) const
{
    std::lock_guard lock(m_mutex);
    header(out);
    for (const auto &[labels, v] : m_values)
        out += m_name + labelText(labels) + " " + formatValue(v) + "\n";
}

Gauge::Gauge(std::string name, std::string help, std::vector<std::string> labelNames)
    : Family(std::move(name), std::move(help), "gauge", std::move(labelNames))
{
}

void Gauge::set(const Labels &labels, double v)
{
    std::lock_guard lock(m_mutex);
    m_values[labels] = v;
}

void Gauge::add(const Labels &labels, double v)
{
    std::lock_guard lock(m_mutex);
    m_values[labels] += v;
}

double Gauge::value(const Labels &labels) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_values.find(labels);
    return it == m_values.end() ? 0 : it->second;
}

void Gauge::expose(std::string &out) const
{
    std::lock_guard lock(m_mutex);
    header(out);
    for (const auto &[labels, v] : m_values)
        out += m_name + labelText(labels) + " " + formatValue(v) + "\n";
}

Histogram::Histogram(std::string name, std::string help, std::vector<double> buckets, std::vector<std::string> labelNames)
    : Family(std::move(name), std::move(help), "histogram", std::move(labelNames)), m_bounds(std::move(buckets))
{
}

std::vector<double> Histogram::exponentialBuckets(double start, double factor, int count)
{
    std::vector<double> out;
    for (int i = 0; i < count; ++i, start *= factor)
        out.push_back(start);
    return out;
}

void Histogram::observe(const Labels &labels, double v)
{
    std::lock_guard lock(m_mutex);
    Series &s = m_series[labels];
    if (s.buckets.empty())
        s.buckets.assign(m_bounds.size(), 0);
    for (std::size_t i = 0; i < m_bounds.size(); ++i)
        if (v <= m_bounds[i])
            ++s.buckets[i];
    s.sum += v;
    ++s.count;
}

std::uint64_t Histogram::count(const Labels &labels) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_series.find(labels);
    return it == m_series.end() ? 0 : it->second.count;
}

void Histogram::expose(std::string &out) const
{
    std::lock_guard lock(m_mutex);
    header(out);
    for (const auto &[labels, s] : m_series) {
        for (std::size_t i = 0; i < m_bounds.size(); ++i)
            out += m_name + "_bucket" + labelText(labels, "le=\"" + formatValue(m_bounds[i]) + "\"") + " " +
                   std::to_string(s.buckets[i]) + "\n";
        out += m_name + "_bucket" + labelText(labels, "le=\"+Inf\"") + " " + std::to_string(s.count) + "\n";
        out += m_name + "_sum" + labelText(labels) + " " + formatValue(s.sum) + "\n";
        out += m_name + "_count" + labelText(labels) + " " + std::to_string(s.count) + "\n";
    }
}

Summary::Summary(std::string name, std::string help, std::vector<double> quantiles, std::vector<std::string> labelNames,
                 std::size_t window)
    : Family(std::move(name), std::move(help), "summary", std::move(labelNames)), m_quantiles(std::move(quantiles)),
      m_window(window == 0 ? 1 : window)
{
}

void Summary::observe(const Labels &labels, double v)
{
    std::lock_guard lock(m_mutex);
    Series &s = m_series[labels];
    if (s.latest.size() < m_window) {
        s.latest.push_back(v);
    } else {
        s.latest[s.next] = v;
        s.next = (s.next + 1) % m_window;
    }
    s.sum += v;
    ++s.count;
}

void Summary::expose(std::string &out) const
{
    std::lock_guard lock(m_mutex);
    header(out);
    for (const auto &[labels, s] : m_series) {
        std::vector<double> sorted = s.latest;
        std::sort(sorted.begin(), sorted.end());
        for (double q : m_quantiles) {
            // The nearest-rank φ-quantile of the window.
            const std::size_t rank = sorted.empty() ? 0 : std::min(sorted.size() - 1, static_cast<std::size_t>(q * double(sorted.size())));
            const double value = sorted.empty() ? std::numeric_limits<double>::quiet_NaN() : sorted[rank];
            out += m_name + labelText(labels, "quantile=\"" + formatValue(q) + "\"") + " " + formatValue(value) + "\n";
        }
        out += m_name + "_sum" + labelText(labels) + " " + formatValue(s.sum) + "\n";
        out += m_name + "_count" + labelText(labels) + " " + std::to_string(s.count) + "\n";
    }
}

std::string Registry::expose() const
{
    std::lock_guard lock(m_mutex);
    std::vector<const Family *> sorted;
    for (const auto &f : m_families)
        sorted.push_back(f.get());
    std::sort(sorted.begin(), sorted.end(), [](const Family *a, const Family *b) { return a->name() < b->name(); });
    std::string out;
    for (const Family *f : sorted)
        f->expose(out);
    return out;
}

} // namespace k8slab::metrics

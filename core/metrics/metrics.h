#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace k8slab::metrics {

/// Label values, in the order of the family's label names.
using Labels = std::vector<std::string>;

/// A metric family: name, help text, type and label names, with one value (or
/// histogram) per combination of label values, rendered in Prometheus' text format.
class Family {
public:
    virtual ~Family() = default;
    /// The metric name.
    [[nodiscard]] const std::string &name() const { return m_name; }
    /// Appends the family in the text exposition format.
    virtual void expose(std::string &out) const = 0;

protected:
    Family(std::string name, std::string help, std::string type, std::vector<std::string> labelNames);
    void header(std::string &out) const;
    [[nodiscard]] std::string labelText(const Labels &values, const std::string &extra = {}) const;

    std::string m_name;
    std::string m_help;
    std::string m_type;
    std::vector<std::string> m_labelNames;
    mutable std::mutex m_mutex;
};

/// A monotonically increasing count.
class Counter : public Family {
public:
    /// A counter family.
    Counter(std::string name, std::string help, std::vector<std::string> labelNames = {});
    /// Adds `v` (>= 0) to the series `labels`.
    void inc(const Labels &labels = {}, double v = 1);
    /// The value of a series.
    [[nodiscard]] double value(const Labels &labels = {}) const;
    void expose(std::string &out) const override;

private:
    std::map<Labels, double> m_values;
};

/// A value that goes up and down.
class Gauge : public Family {
public:
    /// A gauge family.
    Gauge(std::string name, std::string help, std::vector<std::string> labelNames = {});
    /// Sets a series.
    void set(const Labels &labels, double v);
    /// Adds to a series (negative to subtract).
    void add(const Labels &labels, double v);
    /// The value of a series.
    [[nodiscard]] double value(const Labels &labels = {}) const;
    void expose(std::string &out) const override;

private:
    std::map<Labels, double> m_values;
};

/// Observations counted into cumulative buckets, with their sum and count.
class Histogram : public Family {
public:
    /// A histogram family with upper bounds `buckets` (ascending; +Inf is implied).
    Histogram(std::string name, std::string help, std::vector<double> buckets, std::vector<std::string> labelNames = {});
    /// Records one observation.
    void observe(const Labels &labels, double v);
    /// Observations recorded in a series.
    [[nodiscard]] std::uint64_t count(const Labels &labels = {}) const;
    void expose(std::string &out) const override;

    /// Prometheus' ExponentialBuckets(start, factor, count).
    static std::vector<double> exponentialBuckets(double start, double factor, int count);

private:
    struct Series {
        std::vector<std::uint64_t> buckets;
        double sum = 0;
        std::uint64_t count = 0;
    };
    std::vector<double> m_bounds;
    std::map<Labels, Series> m_series;
};

/// Observations summarised by quantiles (φ-quantiles over the latest observations of each
/// series — a count window where client_golang's summaries use a time window), with
/// their sum and count over all time.
class Summary : public Family {
public:
    /// A summary family reporting `quantiles` (e.g. 0.5, 0.9, 0.99) over the latest `window` observations.
    Summary(std::string name, std::string help, std::vector<double> quantiles, std::vector<std::string> labelNames = {},
            std::size_t window = 500);
    /// Records one observation.
    void observe(const Labels &labels, double v);
    void expose(std::string &out) const override;

private:
    struct Series {
        std::vector<double> latest; // a ring of the latest observations
        std::size_t next = 0;
        double sum = 0;
        std::uint64_t count = 0;
    };
    std::vector<double> m_quantiles;
    std::size_t m_window;
    std::map<Labels, Series> m_series;
};

/// The families of one component, exposed together (GET /metrics).
class Registry {
public:
    /// Adds a family and returns it (the registry owns it).
    template <typename F, typename... A>
    F &add(A &&...args)
    {
        auto f = std::make_unique<F>(std::forward<A>(args)...);
        F &ref = *f;
        std::lock_guard lock(m_mutex);
        m_families.push_back(std::move(f));
        return ref;
    }
    /// Every family in the text exposition format (version 0.0.4), sorted by name.
    [[nodiscard]] std::string expose() const;

private:
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Family>> m_families;
};

/// A number as Prometheus prints it ("1", "0.25", "+Inf", "NaN").
std::string formatValue(double v);

} // namespace k8slab::metrics

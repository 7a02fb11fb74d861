#include "core/scheduler/framework/resource.h"

#include "core/api/quantity.h"

namespace k8slab::scheduler {

Resource Resource::fromList(const api::Json &list)
{
    Resource r;
    if (!list.is_object())
        return r;
    for (auto it = list.begin(); it != list.end(); ++it) {
        if (!it.value().is_string())
            continue;
        Result<api::Quantity> q = api::Quantity::parse(it.value().get<std::string>());
        if (!q.ok())
            continue;
        const std::string &name = it.key();
        if (name == "cpu")
            r.milliCpu = q->milli();
        else if (name == "memory")
            r.memory = q->value();
        else if (name == "ephemeral-storage")
            r.ephemeralStorage = q->value();
        else if (name == "pods")
            r.allowedPods = q->value();
        else
            r.scalar[name] = q->value();
    }
    return r;
}

void Resource::add(const Resource &o)
{
    milliCpu += o.milliCpu;
    memory += o.memory;
    ephemeralStorage += o.ephemeralStorage;
    allowedPods += o.allowedPods;
    for (const auto &[name, v] : o.scalar)
        scalar[name] += v;
}

void Resource::subtract(const Resource &o)
{
    milliCpu -= o.milliCpu;
    memory -= o.memory;
    ephemeralStorage -= o.ephemeralStorage;
    allowedPods -= o.allowedPods;
    for (const auto &[name, v] : o.scalar)
        scalar[name] -= v;
}

void Resource::setMax(const Resource &o)
{
    milliCpu = std::max(milliCpu, o.milliCpu);
    memory = std::max(memory, o.memory);
    ephemeralStorage = std::max(ephemeralStorage, o.ephemeralStorage);
    allowedPods = std::max(allowedPods, o.allowedPods);
    for (const auto &[name, v] : o.scalar)
        scalar[name] = std::max(scalar[name], v);
}

std::int64_t Resource::get(const std::string &name) const
{
    if (name == "cpu")
        return milliCpu;
    if (name == "memory")
        return memory;
    if (name == "ephemeral-storage")
        return ephemeralStorage;
    if (name == "pods")
        return allowedPods;
    auto it = scalar.find(name);
    return it == scalar.end() ? 0 : it->second;
}

bool Resource::isZero() const
{
    if (milliCpu != 0 || memory != 0 || ephemeralStorage != 0)
        return false;
    for (const auto &[name, v] : scalar)
        if (v != 0)
            return false;
    return true;
}

} // namespace k8slab::scheduler

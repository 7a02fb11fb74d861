// Writes to a recording as fast as it can and prints "ACK <revision>" each time a
// commit makes writes durable. tst_store_crash kills it with SIGKILL mid-stream.
// Write n (revision n) goes to crashKey(n) with checkedValue(crashKey(n), n, size(n)).
#include "core/recording/recording.h"
#include "tests/support/test_support.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace {
std::string crashKey(long long n)
{
    return "/registry/configmaps/crash/cm-" + std::to_string(n % 300);
}
std::size_t crashSize(long long n)
{
    return static_cast<std::size_t>(50 + (n * 7919) % 12000); // 50 B .. 12 kB, spanning pages
}
} // namespace

int main(int argc, char *argv[])
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: store_crash_writer RECORDING MAX_WRITES [FULL|NORMAL]\n");
        return 2;
    }
    const long long maxWrites = std::atoll(argv[2]);
    k8slab::recording::RecordingOptions options;
    if (argc > 3)
        options.synchronous = argv[3];
    auto opened = k8slab::recording::Recording::open(argv[1], options);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", opened.status().toString().c_str());
        return 1;
    }
    k8slab::store::MvccStore &store = (*opened)->store();
    std::mutex out;
    store.setDurableListener([&](k8slab::store::Revision r) {
        std::lock_guard lock(out);
        std::printf("ACK %lld\n", static_cast<long long>(r));
        std::fflush(stdout);
    });
    for (long long n = 1; n <= maxWrites; ++n) {
        const std::string key = crashKey(n);
        const std::string value = k8slab::test::checkedValue(key, n, crashSize(n));
        auto written = store.get(key).ok() ? store.update(key, value) : store.create(key, value);
        if (!written.ok() || written->modRevision != n) {
            std::fprintf(stderr, "write %lld failed: %s\n", n, written.status().toString().c_str());
            return 1;
        }
        // Bound the queue, as the lab's producers are bounded by their own work.
        if (n - store.durableRevision() > 5000)
            (void)store.sync();
    }
    (void)store.sync();
    return 0;
}

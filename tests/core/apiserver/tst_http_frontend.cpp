// The HTTP front-end's life: stopping it while a worker waits for the loop to answer a
// request it already read (a lesson's kubectl killed as the lab restarts) must answer
// that request and return, not leave the two waiting for each other; an open watch
// ends with the stop.
#include "core/apiserver/http_frontend.h"
#include "tests/support/api_fixture.h"

#include <httplib.h>

#include <QTest>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

using namespace k8slab;
using test::ApiFixture;

namespace {

// Ends the process with a message if `stop` has not returned within `seconds`: a
// deadlock fails the test here, not at ctest's timeout with nothing said.
class Watchdog {
public:
    explicit Watchdog(int seconds)
        : m_thread([this, seconds] {
              for (int i = 0; i < seconds * 10 && !m_done; ++i)
                  std::this_thread::sleep_for(std::chrono::milliseconds(100));
              if (!m_done) {
                  std::fputs("FAIL: HttpFrontend::stop() did not return (deadlock)\n", stderr);
                  std::abort();
              }
          })
    {
    }
    ~Watchdog()
    {
        m_done = true;
        m_thread.join();
    }

private:
    std::atomic<bool> m_done = false;
    std::thread m_thread;
};

// Waits (without running the loop) until a request has been posted to it.
bool waitForPosted(engine::EventLoop &loop, std::size_t before)
{
    for (int i = 0; i < 1000; ++i) {
        if (loop.pendingCount() > before)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

} // namespace

class TestHttpFrontend : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stoppingAnswersTheRequestsWaitingForTheLoop()
    {
        ApiFixture fx;
        apiserver::HttpFrontend http(*fx.api, fx.loop);
        Result<int> port = http.listen("127.0.0.1", 0);
        QVERIFY(port.ok());
        fx.loop.runAll();
        const std::size_t before = fx.loop.pendingCount();
        int status = 0;
        std::string body;
        std::thread client([&] {
            httplib::Client c("127.0.0.1", *port);
            c.set_read_timeout(std::chrono::seconds(30));
            if (auto res = c.Get("/api/v1/namespaces/default/pods")) {
                status = res->status;
                body = res->body;
            }
        });
        QVERIFY(waitForPosted(fx.loop, before));
        {
            Watchdog watchdog(30);
            http.stop();
        }
        client.join();
        QCOMPARE(status, 200);
        QVERIFY2(body.find("\"PodList\"") != std::string::npos, body.c_str());
    }

    void stoppingEndsAnOpenWatch()
    {
        ApiFixture fx;
        apiserver::HttpFrontend http(*fx.api, fx.loop);
        Result<int> port = http.listen("127.0.0.1", 0);
        QVERIFY(port.ok());
        std::atomic<bool> started = false, ended = false;
        std::thread client([&] {
            httplib::Client c("127.0.0.1", *port);
            c.set_read_timeout(std::chrono::seconds(60));
            (void)c.Get("/api/v1/namespaces/default/pods?watch=true", [&](const char *, std::size_t) {
                started = true;
                return true;
            });
            ended = true;
        });
        // The watch starts once the loop has run its request; an event shows it is live.
        for (int i = 0; i < 1000 && !started; ++i) {
            if (i == 10)
                fx.send("POST", "/api/v1/namespaces/default/pods",
                        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}})");
            fx.loop.runExternal();
            fx.loop.runReady();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY(started);
        {
            Watchdog watchdog(30);
            http.stop();
        }
        client.join();
        QVERIFY(ended);
    }
};

QTEST_GUILESS_MAIN(TestHttpFrontend)
#include "tst_http_frontend.moc"

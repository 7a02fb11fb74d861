// CronJob schedules as upstream's parser (robfig/cron v3) reads them: the next time a
// schedule fires — in UTC and in a time zone, across daylight-saving changes — the
// descriptors including @every, and the parser's own words for what it refuses.
#include "core/api/cron_schedule.h"
#include "core/api/time_format.h"

#include <QTest>

using namespace k8slab;

class TestCronSchedule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void next_data();
    void next();
    void firesTwiceInTheRepeatedHour();
    void refuses_data();
    void refuses();
    void goDurations_data();
    void goDurations();
    void offsetTimes();
};

void TestCronSchedule::next_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("next");
    QTest::newRow("every minute") << "* * * * *" << "" << "2026-03-10T10:15:30Z" << "2026-03-10T10:16:00Z";
    QTest::newRow("every 5 minutes") << "*/5 * * * *" << "" << "2026-03-10T10:15:00Z" << "2026-03-10T10:20:00Z";
    QTest::newRow("daily at 02:30") << "30 2 * * *" << "" << "2026-03-10T10:15:00Z" << "2026-03-11T02:30:00Z";
    QTest::newRow("weekdays at 9") << "0 9 * * MON-FRI" << "" << "2026-03-13T09:00:00Z" << "2026-03-16T09:00:00Z"; // Friday → Monday
    QTest::newRow("first of the month") << "@monthly" << "" << "2026-01-31T12:00:00Z" << "2026-02-01T00:00:00Z";
    QTest::newRow("29 February") << "0 0 29 2 *" << "" << "2026-03-01T00:00:00Z" << "2028-02-29T00:00:00Z";
    QTest::newRow("day OR weekday") << "0 0 13 * FRI" << "" << "2026-03-10T00:00:00Z" << "2026-03-13T00:00:00Z";
    QTest::newRow("day AND weekday when one is *") << "0 0 * * FRI" << "" << "2026-03-10T00:00:00Z" << "2026-03-13T00:00:00Z";
    QTest::newRow("hourly") << "@hourly" << "" << "2026-03-10T10:59:59Z" << "2026-03-10T11:00:00Z";
    QTest::newRow("lists and ranges") << "0,30 8-10/2 * * *" << "" << "2026-03-10T08:31:00Z" << "2026-03-10T10:00:00Z";
    QTest::newRow("N/step runs to the end") << "50/5 * * * *" << "" << "2026-03-10T08:51:00Z" << "2026-03-10T08:55:00Z";
    QTest::newRow("names in any case") << "0 0 1 jun,Dec *" << "" << "2026-07-01T00:00:00Z" << "2026-12-01T00:00:00Z";
    QTest::newRow("@every 90m from the whole second") << "@every 1h30m" << "" << "2026-03-10T10:15:30.5Z"
                                                       << "2026-03-10T11:45:30Z";
    QTest::newRow("@every below a second is a second") << "@every 10ms" << "" << "2026-03-10T10:15:30Z"
                                                        << "2026-03-10T10:15:31Z";
    // 09:00 in Shanghai (UTC+8, no daylight saving) is 01:00 UTC.
    QTest::newRow("Asia/Shanghai") << "0 9 * * *" << "Asia/Shanghai" << "2026-03-10T02:00:00Z" << "2026-03-11T01:00:00Z";
    QTest::newRow("TZ= in the schedule") << "TZ=Asia/Shanghai 0 9 * * *" << "" << "2026-03-10T00:00:00Z"
                                         << "2026-03-10T01:00:00Z";
    QTest::newRow("the zone's date, not UTC's") << "0 0 1 * *" << "Asia/Shanghai" << "2026-03-10T00:00:00Z"
                                                << "2026-03-31T16:00:00Z";
    // New York: EST (UTC-5) until 2026-03-08 02:00, then EDT (UTC-4).
    QTest::newRow("New York in winter") << "0 9 * * *" << "America/New_York" << "2026-03-06T15:00:00Z"
                                        << "2026-03-07T14:00:00Z";
    QTest::newRow("New York in summer") << "0 9 * * *" << "America/New_York" << "2026-03-07T15:00:00Z"
                                        << "2026-03-08T13:00:00Z";
    QTest::newRow("02:30 does not exist on the day the clock springs forward")
        << "30 2 * * *" << "America/New_York" << "2026-03-07T08:00:00Z" << "2026-03-09T06:30:00Z";
    QTest::newRow("the hour after the jump") << "0 3 * * *" << "America/New_York" << "2026-03-08T05:00:00Z"
                                             << "2026-03-08T07:00:00Z";
}

void TestCronSchedule::next()
{
    QFETCH(QString, schedule);
    QFETCH(QString, zone);
    QFETCH(QString, after);
    QFETCH(QString, next);
    auto parsed = api::CronSchedule::parse(schedule.toStdString());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.status().message().c_str());
    if (!zone.isEmpty()) {
        auto loaded = api::TimeZone::load(zone.toStdString());
        QVERIFY2(loaded.ok(), "the system's tzdata should know the zone");
        parsed->setTimeZone(*loaded);
    }
    const auto t = api::parseTime(after.toStdString());
    QVERIFY(t);
    QCOMPARE(QString::fromStdString(api::formatTime(parsed->next(*t))), next);
}

void TestCronSchedule::firesTwiceInTheRepeatedHour()
{
    // New York falls back from EDT to EST at 2026-11-01 02:00: 01:30 comes twice, and
    // robfig's schedule fires at both (05:30Z and 06:30Z).
    auto parsed = api::CronSchedule::parse("30 1 * * *");
    QVERIFY(parsed.ok());
    parsed->setTimeZone(*api::TimeZone::load("America/New_York"));
    const auto first = parsed->next(*api::parseTime("2026-11-01T04:00:00Z"));
    QCOMPARE(QString::fromStdString(api::formatTime(first)), QStringLiteral("2026-11-01T05:30:00Z"));
    QCOMPARE(QString::fromStdString(api::formatTime(parsed->next(first))), QStringLiteral("2026-11-01T06:30:00Z"));
}

void TestCronSchedule::refuses_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << "" << "empty spec string";
    QTest::newRow("four fields") << "* * * *" << "expected exactly 5 fields, found 4: [* * * *]";
    QTest::newRow("minute 61") << "61 * * * *" << "end of range (61) above maximum (59): 61";
    QTest::newRow("hour 24") << "* 24 * * *" << "end of range (24) above maximum (23): 24";
    QTest::newRow("day 0") << "* * 0 * *" << "beginning of range (0) below minimum (1): 0";
    QTest::newRow("month 13") << "* * * 13 *" << "end of range (13) above maximum (12): 13";
    QTest::newRow("weekday 7") << "* * * * 7" << "end of range (7) above maximum (6): 7";
    QTest::newRow("unknown name") << "* * * * FUNDAY"
                                  << "failed to parse int from FUNDAY: strconv.Atoi: parsing \"FUNDAY\": invalid syntax";
    QTest::newRow("step 0") << "*/0 * * * *" << "step of range should be a positive number: */0";
    QTest::newRow("backwards range") << "* 5-2 * * *" << "beginning of range (5) beyond end of range (2): 5-2";
    QTest::newRow("two hyphens") << "1-2-3 * * * *" << "too many hyphens: 1-2-3";
    QTest::newRow("two slashes") << "*/2/3 * * * *" << "too many slashes: */2/3";
    QTest::newRow("unknown descriptor") << "@fortnightly" << "unrecognized descriptor: @fortnightly";
    QTest::newRow("bad @every") << "@every soon"
                                << "failed to parse duration @every soon: time: invalid duration \"soon\"";
    QTest::newRow("bad TZ=") << "TZ=Mars/Olympus * * * * *"
                             << "provided bad location Mars/Olympus: unknown time zone Mars/Olympus";
}

void TestCronSchedule::refuses()
{
    QFETCH(QString, schedule);
    QFETCH(QString, error);
    const auto parsed = api::CronSchedule::parse(schedule.toStdString());
    QVERIFY(!parsed.ok());
    QCOMPARE(QString::fromStdString(parsed.status().message()), error);
}

void TestCronSchedule::goDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("error");
    QTest::newRow("1h30m") << "1h30m" << qint64(5400'000'000'000) << "";
    QTest::newRow("1.5h") << "1.5h" << qint64(5400'000'000'000) << "";
    QTest::newRow("300ms") << "300ms" << qint64(300'000'000) << "";
    QTest::newRow("-2m") << "-2m" << qint64(-120'000'000'000) << "";
    QTest::newRow("0") << "0" << qint64(0) << "";
    QTest::newRow("no unit") << "5" << qint64(0) << "time: missing unit in duration \"5\"";
    QTest::newRow("unknown unit") << "5d" << qint64(0) << "time: unknown unit \"d\" in duration \"5d\"";
    QTest::newRow("nothing") << "" << qint64(0) << "time: invalid duration \"\"";
}

void TestCronSchedule::goDurations()
{
    QFETCH(QString, text);
    QFETCH(qint64, nanos);
    QFETCH(QString, error);
    const auto parsed = api::parseGoDuration(text.toStdString());
    if (!error.isEmpty()) {
        QVERIFY(!parsed.ok());
        QCOMPARE(QString::fromStdString(parsed.status().message()), error);
        return;
    }
    QVERIFY(parsed.ok());
    QCOMPARE(static_cast<qint64>(parsed->count()), nanos);
}

void TestCronSchedule::offsetTimes()
{
    const auto t = *api::parseTime("2026-03-10T01:00:00Z");
    QCOMPARE(QString::fromStdString(api::formatTimeWithOffset(t, std::chrono::hours(8))),
             QStringLiteral("2026-03-10T09:00:00+08:00"));
    QCOMPARE(QString::fromStdString(api::formatTimeWithOffset(t, -std::chrono::minutes(330))),
             QStringLiteral("2026-03-09T19:30:00-05:30"));
    QCOMPARE(QString::fromStdString(api::formatTimeWithOffset(t, std::chrono::seconds(0))),
             QStringLiteral("2026-03-10T01:00:00Z"));
    QVERIFY(!api::TimeZone::load("Mars/Olympus").ok());
    QCOMPARE(QString::fromStdString(api::TimeZone::load("Mars/Olympus").status().message()),
             QStringLiteral("unknown time zone Mars/Olympus"));
}

QTEST_GUILESS_MAIN(TestCronSchedule)
#include "tst_cron_schedule.moc"

// Timestamps and AGE cells as the real API server writes them: kubectl prints the
// server's strings verbatim, so one character off shows up in every table.
#include "core/api/time_format.h"

#include <QTest>

#include <chrono>

using namespace k8slab;
using namespace std::chrono_literals;

namespace {

engine::TimePoint fromNanos(qint64 nanos)
{
    return engine::TimePoint{engine::Duration{nanos}};
}

constexpr qint64 kSecond = 1000000000LL;

} // namespace

class TestTimeFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void humanDuration_data();
    void humanDuration();
    void formatTime_data();
    void formatTime();
    void formatMicroTime_data();
    void formatMicroTime();
    void parseTime_data();
    void parseTime();
    void parseTimeRejects_data();
    void parseTimeRejects();
    void formatThenParseRoundTrips_data();
    void formatThenParseRoundTrips();
    void ageCell_data();
    void ageCell();
};

void TestTimeFormat::humanDuration_data()
{
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("expected");

    const qint64 m = 60 * kSecond;
    const qint64 h = 60 * m;
    const qint64 d = 24 * h;
    const qint64 y = 365 * d;

    // apimachinery tolerates a second of clock skew: -1.x s truncates to -1 and is "now".
    QTest::newRow("-2s is invalid") << -2 * kSecond << "<invalid>";
    QTest::newRow("-1.5s is now") << -(kSecond + kSecond / 2) << "0s";
    QTest::newRow("-1s is now") << -kSecond << "0s";
    QTest::newRow("-0.5s truncates to 0s") << -kSecond / 2 << "0s";
    QTest::newRow("0s") << qint64(0) << "0s";
    QTest::newRow("1.9s truncates to 1s") << kSecond + 9 * kSecond / 10 << "1s";
    QTest::newRow("45s") << 45 * kSecond << "45s";
    QTest::newRow("119s") << 119 * kSecond << "119s";
    QTest::newRow("119.99s stays 119s") << 120 * kSecond - 1 << "119s";
    QTest::newRow("2m") << 2 * m << "2m";
    QTest::newRow("2m1s") << 2 * m + kSecond << "2m1s";
    QTest::newRow("5m7s") << 5 * m + 7 * kSecond << "5m7s";
    QTest::newRow("5m") << 5 * m << "5m";
    QTest::newRow("9m59s") << 10 * m - kSecond << "9m59s";
    QTest::newRow("10m") << 10 * m << "10m";
    QTest::newRow("10m59s drops the seconds") << 10 * m + 59 * kSecond << "10m";
    QTest::newRow("150m") << 150 * m << "150m";
    QTest::newRow("179m") << 3 * h - m << "179m";
    QTest::newRow("3h") << 3 * h << "3h";
    QTest::newRow("3h1m") << 3 * h + m << "3h1m";
    QTest::newRow("7h5m") << 7 * h + 5 * m << "7h5m";
    QTest::newRow("7h") << 7 * h << "7h";
    QTest::newRow("7h59m") << 8 * h - m << "7h59m";
    QTest::newRow("8h") << 8 * h << "8h";
    QTest::newRow("8h59m drops the minutes") << 8 * h + 59 * m << "8h";
    QTest::newRow("30h") << 30 * h << "30h";
    QTest::newRow("47h") << 47 * h + 59 * m << "47h";
    QTest::newRow("2d") << 2 * d << "2d";
    QTest::newRow("2d1h") << 2 * d + h << "2d1h";
    QTest::newRow("3d4h") << 3 * d + 4 * h << "3d4h";
    QTest::newRow("7d23h") << 8 * d - h << "7d23h";
    QTest::newRow("8d") << 8 * d << "8d";
    QTest::newRow("8d23h drops the hours") << 8 * d + 23 * h << "8d";
    QTest::newRow("695d") << 695 * d << "695d";
    QTest::newRow("729d") << 730 * d - h << "729d";
    QTest::newRow("2y") << 730 * d << "2y";
    QTest::newRow("2y10d") << 2 * y + 10 * d << "2y10d";
    QTest::newRow("7y364d") << 8 * y - d << "7y364d";
    QTest::newRow("8y") << 8 * y << "8y";
    QTest::newRow("8y200d drops the days") << 8 * y + 200 * d << "8y";
    QTest::newRow("9y") << 9 * y << "9y";
}

void TestTimeFormat::humanDuration()
{
    QFETCH(qint64, nanos);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(api::humanDuration(engine::Duration{nanos})), expected);
}

void TestTimeFormat::formatTime_data()
{
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("expected");
    QTest::newRow("epoch") << qint64(0) << "1970-01-01T00:00:00Z";
    QTest::newRow("lab default epoch") << qint64(engine::toNanos(engine::kDefaultVirtualEpoch))
                                       << "2025-01-01T00:00:00Z";
    QTest::newRow("leap day") << 1709210096 * kSecond << "2024-02-29T12:34:56Z";
    QTest::newRow("first of March after leap century") << 951868800 * kSecond << "2000-03-01T00:00:00Z";
    QTest::newRow("fraction is dropped, not rounded") << 1735689600 * kSecond + 999999999 << "2025-01-01T00:00:00Z";
    QTest::newRow("second before epoch") << -kSecond << "1969-12-31T23:59:59Z";
    QTest::newRow("half second before epoch rounds down") << -kSecond / 2 << "1969-12-31T23:59:59Z";
    QTest::newRow("1900 is not a leap year") << -2208988800LL * kSecond << "1900-01-01T00:00:00Z";
    QTest::newRow("end of 2100") << 4133980799LL * kSecond << "2100-12-31T23:59:59Z";
}

void TestTimeFormat::formatTime()
{
    QFETCH(qint64, nanos);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(api::formatTime(fromNanos(nanos))), expected);
}

void TestTimeFormat::formatMicroTime_data()
{
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("expected");
    QTest::newRow("whole second") << 1735689600 * kSecond << "2025-01-01T00:00:00.000000Z";
    QTest::newRow("microseconds kept") << 1735689600 * kSecond + 123456000 << "2025-01-01T00:00:00.123456Z";
    QTest::newRow("nanoseconds dropped") << 1735689600 * kSecond + 123456789 << "2025-01-01T00:00:00.123456Z";
    QTest::newRow("before epoch") << -kSecond / 4 << "1969-12-31T23:59:59.750000Z";
}

void TestTimeFormat::formatMicroTime()
{
    QFETCH(qint64, nanos);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(api::formatMicroTime(fromNanos(nanos))), expected);
}

void TestTimeFormat::parseTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("nanos");
    const qint64 newYear = 1735689600 * kSecond;
    QTest::newRow("utc seconds") << "2025-01-01T00:00:00Z" << newYear;
    QTest::newRow("micro time") << "2025-01-01T00:00:00.123456Z" << newYear + 123456000;
    QTest::newRow("one fraction digit") << "2025-01-01T00:00:00.5Z" << newYear + 500000000;
    QTest::newRow("nanoseconds") << "2025-01-01T00:00:00.000000001Z" << newYear + 1;
    QTest::newRow("digits past nanoseconds dropped") << "2025-01-01T00:00:00.1234567899Z" << newYear + 123456789;
    QTest::newRow("positive offset") << "2025-01-01T02:00:00+02:00" << newYear;
    QTest::newRow("negative offset crosses the day") << "2024-12-31T19:30:00-04:30" << newYear;
    QTest::newRow("zero offset") << "2025-01-01T00:00:00+00:00" << newYear;
    QTest::newRow("lower-case t and z") << "2025-01-01t00:00:00z" << newYear;
    QTest::newRow("leap day") << "2024-02-29T12:34:56Z" << 1709210096 * kSecond;
    QTest::newRow("before epoch") << "1969-12-31T23:59:59Z" << -kSecond;
}

void TestTimeFormat::parseTime()
{
    QFETCH(QString, text);
    QFETCH(qint64, nanos);
    const auto parsed = api::parseTime(text.toStdString());
    QVERIFY(parsed.has_value());
    QCOMPARE(engine::toNanos(*parsed), nanos);
}

void TestTimeFormat::parseTimeRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("date only") << "2025-01-01";
    QTest::newRow("no zone") << "2025-01-01T00:00:00";
    QTest::newRow("space for T") << "2025-01-01 00:00:00Z";
    QTest::newRow("month 13") << "2025-13-01T00:00:00Z";
    QTest::newRow("month 0") << "2025-00-01T00:00:00Z";
    QTest::newRow("February 29 in a common year") << "2025-02-29T00:00:00Z";
    QTest::newRow("April 31") << "2025-04-31T00:00:00Z";
    QTest::newRow("hour 24") << "2025-01-01T24:00:00Z";
    QTest::newRow("second 60") << "2025-01-01T00:00:60Z";
    QTest::newRow("dot without digits") << "2025-01-01T00:00:00.Z";
    QTest::newRow("offset without colon") << "2025-01-01T00:00:00+0200";
    QTest::newRow("trailing text") << "2025-01-01T00:00:00Zjunk";
    QTest::newRow("two-digit year") << "25-01-01T00:00:00Z";
    QTest::newRow("letters in digits") << "2025-0a-01T00:00:00Z";
}

void TestTimeFormat::parseTimeRejects()
{
    QFETCH(QString, text);
    QVERIFY(!api::parseTime(text.toStdString()).has_value());
}

void TestTimeFormat::formatThenParseRoundTrips_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("epoch") << qint64(0);
    QTest::newRow("lab epoch") << qint64(1735689600);
    QTest::newRow("leap day") << qint64(1709210096);
    QTest::newRow("before epoch") << qint64(-86400 * 400 - 7);
    QTest::newRow("far future") << qint64(4133980799);
}

void TestTimeFormat::formatThenParseRoundTrips()
{
    QFETCH(qint64, seconds);
    const engine::TimePoint t = fromNanos(seconds * kSecond);
    const auto back = api::parseTime(api::formatTime(t));
    QVERIFY(back.has_value());
    QCOMPARE(engine::toNanos(*back), engine::toNanos(t));
    const engine::TimePoint micro = fromNanos(seconds * kSecond + 654321000);
    const auto microBack = api::parseTime(api::formatMicroTime(micro));
    QVERIFY(microBack.has_value());
    QCOMPARE(engine::toNanos(*microBack), engine::toNanos(micro));
}

void TestTimeFormat::ageCell_data()
{
    QTest::addColumn<bool>("present");
    QTest::addColumn<qint64>("ageNanos");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no creation time is unknown") << false << qint64(0) << "<unknown>";
    QTest::newRow("created just now") << true << qint64(0) << "0s";
    QTest::newRow("a second in the future is still now") << true << -kSecond << "0s";
    QTest::newRow("five seconds in the future is invalid") << true << -5 * kSecond << "<invalid>";
    QTest::newRow("ten days old") << true << 10 * 86400 * kSecond << "10d";
    QTest::newRow("five minutes seven seconds old") << true << 307 * kSecond << "5m7s";
}

void TestTimeFormat::ageCell()
{
    QFETCH(bool, present);
    QFETCH(qint64, ageNanos);
    QFETCH(QString, expected);
    const engine::TimePoint now = engine::kDefaultVirtualEpoch + 1000h;
    std::optional<engine::TimePoint> created;
    if (present)
        created = now - engine::Duration{ageNanos};
    QCOMPARE(QString::fromStdString(api::ageCell(created, now)), expected);
}

QTEST_GUILESS_MAIN(TestTimeFormat)
#include "tst_time_format.moc"

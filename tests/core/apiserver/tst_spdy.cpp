// The SPDY/3.1 framer of kubectl port-forward: the spec's dictionary, header blocks
// that share one zlib stream per direction (and inflate with plain zlib given the
// dictionary), every frame type read back from bytes that arrive in pieces, and the
// errors after which a session cannot go on.
#include "core/apiserver/spdy.h"

#include <zlib.h>

#include <QTest>

using namespace k8slab::apiserver::spdy;

namespace {

Frame control(FrameType type, std::uint32_t stream = 0, std::uint32_t value = 0)
{
    Frame frame;
    frame.control = true;
    frame.type = type;
    frame.streamId = stream;
    frame.value = value;
    return frame;
}

Frame only(FrameReader &reader)
{
    auto next = reader.next();
    if (!next.ok())
        qFatal("unexpected error: %s", next.status().message().c_str());
    if (!next->has_value())
        qFatal("no frame");
    return **next;
}

// Inflates one header block with zlib alone, as another implementation would.
std::string inflateAlone(const std::string &compressed, bool withDictionary, int *firstResult = nullptr)
{
    z_stream z{};
    inflateInit(&z);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    z.avail_in = uInt(compressed.size());
    std::string out(4096, '\0');
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    int result = inflate(&z, Z_SYNC_FLUSH);
    if (firstResult)
        *firstResult = result;
    if (result == Z_NEED_DICT && withDictionary) {
        inflateSetDictionary(&z, reinterpret_cast<const Bytef *>(dictionary().data()), uInt(dictionary().size()));
        result = inflate(&z, Z_SYNC_FLUSH);
    }
    out.resize(out.size() - z.avail_out);
    inflateEnd(&z);
    return out;
}

} // namespace

class TestSpdy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theDictionaryIsTheSpecs()
    {
        const std::string &dict = dictionary();
        QCOMPARE(dict.size(), std::size_t(1423));
        QCOMPARE(dict.substr(0, 11), std::string("\0\0\0\x07options", 11));
        QVERIFY(dict.ends_with("utf-,*,enq=0."));
        QVERIFY(dict.find(std::string("\0\0\0\x06" "origin100101201", 19)) != std::string::npos);
    }

    void headerBlocksNameTheDictionary()
    {
        FrameWriter writer;
        const std::string reply = writer.synReply(1, {{"streamtype", "data"}});
        // 8 bytes of frame head, 4 of stream id, then the zlib stream with FDICT set.
        const std::string compressed = reply.substr(12);
        QVERIFY((std::uint8_t(compressed[1]) & 0x20) != 0);
        int first = 0;
        inflateAlone(compressed, false, &first);
        QCOMPARE(first, Z_NEED_DICT);
        const std::string block = inflateAlone(compressed, true);
        QCOMPARE(block, std::string("\0\0\0\x01\0\0\0\x0astreamtype\0\0\0\x04" "data", 26));
    }

    void framesRoundTripInPieces()
    {
        FrameWriter writer;
        Frame syn = control(FrameType::SynStream, 1);
        syn.priority = 3;
        syn.flags = kFlagFin;
        syn.headers = {{"port", "80"}, {"requestid", "0"}, {"streamtype", "error"}};
        Frame syn2 = syn;
        syn2.streamId = 3;
        syn2.flags = 0;
        syn2.headers["streamtype"] = "data";
        // One statement per frame: the header blocks share the writer's zlib stream, so
        // the order they are encoded in is the order they must be read in.
        std::string wire = writer.encode(syn);
        wire += writer.encode(syn2);
        wire += writer.data(3, "GET / HTTP/1.1\r\n\r\n");
        wire += writer.data(3, {}, true);
        for (const Frame &frame : {control(FrameType::Ping, 0, 7), control(FrameType::RstStream, 3, kRstCancel),
                                   control(FrameType::WindowUpdate, 3, 4096), control(FrameType::Settings),
                                   control(FrameType::GoAway, 3, 0)})
            wire += writer.encode(frame);
        FrameReader reader;
        std::vector<Frame> frames;
        for (char c : wire) {
            reader.feed(std::string_view(&c, 1));
            auto next = reader.next();
            QVERIFY2(next.ok(), next.ok() ? "" : next.status().message().c_str());
            if (next->has_value())
                frames.push_back(**next);
        }
        QCOMPARE(frames.size(), std::size_t(9));
        QVERIFY(frames[0].control && frames[0].type == FrameType::SynStream && frames[0].fin());
        QCOMPARE(frames[0].streamId, 1u);
        QCOMPARE(frames[0].priority, std::uint8_t(3));
        QCOMPARE(frames[0].headers.at("streamtype"), std::string("error"));
        // The second block inflates only in the same stream as the first (shared context).
        QCOMPARE(frames[1].headers.at("streamtype"), std::string("data"));
        QCOMPARE(frames[1].headers.at("port"), std::string("80"));
        QVERIFY(!frames[2].control && !frames[2].fin());
        QCOMPARE(frames[2].data, std::string("GET / HTTP/1.1\r\n\r\n"));
        QVERIFY(frames[3].fin() && frames[3].data.empty());
        QCOMPARE(frames[4].value, 7u);
        QCOMPARE(frames[5].value, kRstCancel);
        QCOMPARE(frames[6].value, 4096u);
        QVERIFY(frames[7].type == FrameType::Settings);
        QVERIFY(frames[8].type == FrameType::GoAway);
        QCOMPARE(frames[8].streamId, 3u);
    }

    void headerNamesAreLowerCaseAndOnce()
    {
        FrameWriter writer;
        Frame syn = control(FrameType::SynStream, 1);
        syn.headers = {{"StreamType", "error"}};
        FrameReader reader;
        reader.feed(writer.encode(syn));
        QCOMPARE(only(reader).headers.count("streamtype"), std::size_t(1));
    }

    void unknownControlFramesAreSkipped()
    {
        // Type 0x0a (CREDENTIAL, dropped in 3.1) with 4 bytes, then a PING.
        std::string wire("\x80\x03\x00\x0a\x00\x00\x00\x04" "abcd", 12);
        FrameWriter writer;
        wire += writer.encode(control(FrameType::Ping, 0, 1));
        FrameReader reader;
        reader.feed(wire);
        QVERIFY(only(reader).type == FrameType::Ping);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("message");
        QTest::newRow("SPDY/2") << QByteArray("\x80\x02\x00\x06\x00\x00\x00\x04" "abcd", 12) << "SPDY version 2";
        QTest::newRow("too big") << QByteArray("\x00\x00\x00\x01\x00\x20\x00\x00", 8) << "over the limit";
        QTest::newRow("short ping") << QByteArray("\x80\x03\x00\x06\x00\x00\x00\x02" "ab", 10) << "invalid SPDY control frame";
        QTest::newRow("not zlib") << QByteArray("\x80\x03\x00\x02\x00\x00\x00\x08\x00\x00\x00\x01" "junk", 16)
                                  << "does not inflate";
    }

    void errors()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, message);
        FrameReader reader;
        reader.feed(std::string_view(wire.constData(), std::size_t(wire.size())));
        auto next = reader.next();
        QVERIFY(!next.ok());
        QVERIFY2(QString::fromStdString(next.status().message()).contains(message), next.status().message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestSpdy)
#include "tst_spdy.moc"

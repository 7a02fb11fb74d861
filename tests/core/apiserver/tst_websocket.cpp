// The WebSocket frame codec of kubectl exec and attach (RFC 6455): the handshake's
// accept key, server frames, and client frames read back from a byte stream that
// arrives in pieces, with the protocol errors a server must refuse.
#include "core/apiserver/websocket.h"

#include <QTest>

using namespace k8slab::apiserver::websocket;
using k8slab::Result;

namespace {

// A frame as a client sends it: masked with `mask`.
std::string clientFrame(std::uint8_t firstByte, const std::string &payload, std::string mask = "\x12\x34\x56\x78")
{
    std::string frame(1, static_cast<char>(firstByte));
    const std::size_t size = payload.size();
    if (size < 126) {
        frame.push_back(static_cast<char>(0x80 | size));
    } else if (size <= 0xFFFF) {
        frame.push_back(static_cast<char>(0x80 | 126));
        frame.push_back(static_cast<char>(size >> 8));
        frame.push_back(static_cast<char>(size & 0xFF));
    } else {
        frame.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.push_back(static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xFF));
    }
    frame += mask;
    for (std::size_t i = 0; i < size; ++i)
        frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
    return frame;
}

Message only(FrameReader &reader)
{
    auto next = reader.next();
    if (!next.ok())
        qFatal("unexpected error: %s", next.status().message().c_str());
    if (!next->has_value())
        qFatal("no whole message");
    return **next;
}

} // namespace

class TestWebSocket : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptKeyIsTheRfcExample()
    {
        // RFC 6455 §1.3's example handshake.
        QCOMPARE(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), std::string("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void serverFramesCarryTheirLength_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("headerBytes");
        QTest::newRow("short") << 5 << 2;
        QTest::newRow("125 bytes: the largest one-byte length") << 125 << 2;
        QTest::newRow("126 bytes: a 16-bit length") << 126 << 4;
        QTest::newRow("65535 bytes") << 65535 << 4;
        QTest::newRow("65536 bytes: a 64-bit length") << 65536 << 10;
    }

    void serverFramesCarryTheirLength()
    {
        QFETCH(int, size);
        QFETCH(int, headerBytes);
        const std::string payload(static_cast<std::size_t>(size), 'x');
        const std::string frame = encodeFrame(Opcode::Binary, payload);
        QCOMPARE(frame.size(), payload.size() + static_cast<std::size_t>(headerBytes));
        QCOMPARE(static_cast<std::uint8_t>(frame[0]), std::uint8_t(0x82)); // FIN + binary
        QVERIFY((static_cast<std::uint8_t>(frame[1]) & 0x80) == 0);      // servers never mask
        QCOMPARE(frame.substr(static_cast<std::size_t>(headerBytes)), payload);
    }

    void closeFramesCarryTheCode()
    {
        const std::string frame = encodeClose(kCloseNormal, "bye");
        QCOMPARE(frame, std::string("\x88\x05\x03\xe8" "bye", 7));
    }

    void readsMaskedFramesArrivingInPieces()
    {
        const std::string data = clientFrame(0x82, std::string("\x00hello", 6));
        const std::string bytes = data + clientFrame(0x89, "ping!");
        FrameReader reader;
        std::vector<std::pair<std::size_t, Message>> seen; // after how many bytes, what
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            reader.feed(bytes.substr(i, 1));
            auto next = reader.next();
            QVERIFY(next.ok());
            if (next->has_value())
                seen.emplace_back(i + 1, **next);
        }
        QCOMPARE(seen.size(), std::size_t(2));
        QCOMPARE(seen[0].first, data.size()); // not a byte earlier
        QCOMPARE(int(seen[0].second.opcode), int(Opcode::Binary));
        QCOMPARE(seen[0].second.payload, std::string("\x00hello", 6));
        QCOMPARE(seen[1].first, bytes.size());
        QCOMPARE(int(seen[1].second.opcode), int(Opcode::Ping));
        QCOMPARE(seen[1].second.payload, std::string("ping!"));
    }

    void readsLongLengths()
    {
        const std::string medium(300, 'm');
        const std::string large(70000, 'l');
        FrameReader reader;
        reader.feed(clientFrame(0x82, medium) + clientFrame(0x82, large));
        QCOMPARE(only(reader).payload, medium);
        QCOMPARE(only(reader).payload, large);
    }

    void joinsFragments()
    {
        // A data message in three frames, with a ping between them (allowed by §5.4).
        FrameReader reader;
        reader.feed(clientFrame(0x02, "ab") + clientFrame(0x89, "") + clientFrame(0x00, "cd") + clientFrame(0x80, "ef"));
        QCOMPARE(int(only(reader).opcode), int(Opcode::Ping));
        const Message joined = only(reader);
        QCOMPARE(int(joined.opcode), int(Opcode::Binary));
        QCOMPARE(joined.payload, std::string("abcdef"));
    }

    void refusesWhatTheProtocolForbids_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("closeCode");
        QTest::addColumn<QString>("says");
        const auto bytes = [](const std::string &s) { return QByteArray(s.data(), static_cast<qsizetype>(s.size())); };
        QTest::newRow("unmasked") << bytes(std::string("\x82\x02hi", 4)) << int(kCloseProtocolError) << "not masked";
        QTest::newRow("reserved bits") << bytes(clientFrame(0xC2, "x")) << int(kCloseProtocolError) << "reserved bits";
        QTest::newRow("continuation first") << bytes(clientFrame(0x80, "x")) << int(kCloseProtocolError) << "continuation";
        QTest::newRow("fragmented ping") << bytes(clientFrame(0x09, "x")) << int(kCloseProtocolError) << "control frame";
        QTest::newRow("long ping") << bytes(clientFrame(0x89, std::string(126, 'p'))) << int(kCloseProtocolError)
                                   << "control frame";
        QTest::newRow("unknown opcode") << bytes(clientFrame(0x83, "x")) << int(kCloseProtocolError) << "unknown data opcode";
        QTest::newRow("a new message inside another")
            << bytes(clientFrame(0x02, "a") + clientFrame(0x82, "b")) << int(kCloseProtocolError) << "before the last one ended";
        QTest::newRow("too big") << bytes(clientFrame(0x82, std::string(2000, 'z'))) << int(kCloseTooBig) << "larger than 1024";
        QTest::newRow("too big in fragments") << bytes(clientFrame(0x02, std::string(600, 'z')) + clientFrame(0x80, std::string(600, 'z')))
                                              << int(kCloseTooBig) << "larger than 1024";
    }

    void refusesWhatTheProtocolForbids()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, closeCode);
        QFETCH(QString, says);
        FrameReader reader(1024);
        reader.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        Result<std::optional<Message>> next = reader.next();
        while (next.ok() && next->has_value())
            next = reader.next();
        QVERIFY2(!next.ok(), "the reader accepted it");
        QVERIFY2(QString::fromStdString(next.status().message()).contains(says), next.status().message().c_str());
        QCOMPARE(int(reader.closeCode()), closeCode);
    }
};

QTEST_GUILESS_MAIN(TestWebSocket)
#include "tst_websocket.moc"

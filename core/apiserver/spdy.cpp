#include "core/apiserver/spdy.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

namespace k8slab::apiserver::spdy {

namespace {

constexpr std::uint16_t kVersion = 3;
constexpr std::size_t kFrameHeader = 8;
// What one header block may inflate to: kubectl's are a few dozen bytes.
constexpr std::size_t kMaxHeaderBlock = 64 * 1024;

std::uint32_t read32(std::string_view bytes, std::size_t at)
{
    return (std::uint32_t(std::uint8_t(bytes[at])) << 24) | (std::uint32_t(std::uint8_t(bytes[at + 1])) << 16)
           | (std::uint32_t(std::uint8_t(bytes[at + 2])) << 8) | std::uint32_t(std::uint8_t(bytes[at + 3]));
}

void append32(std::string &out, std::uint32_t value)
{
    out.push_back(char(value >> 24));
    out.push_back(char(value >> 16));
    out.push_back(char(value >> 8));
    out.push_back(char(value));
}

// The 8-byte head of a frame: control bit, version and type, or the data frame's stream.
std::string frameHead(const Frame &frame, std::size_t length)
{
    std::string head;
    head.reserve(kFrameHeader + length);
    if (frame.control) {
        head.push_back(char(0x80 | (kVersion >> 8)));
        head.push_back(char(kVersion & 0xff));
        head.push_back(char(std::uint16_t(frame.type) >> 8));
        head.push_back(char(std::uint16_t(frame.type) & 0xff));
    } else {
        append32(head, frame.streamId & 0x7fffffff);
    }
    head.push_back(char(frame.flags));
    head.push_back(char(length >> 16));
    head.push_back(char(length >> 8));
    head.push_back(char(length));
    return head;
}

// The header block before compression: the count, then each name and value with its length.
std::string serialize(const Headers &headers)
{
    std::string block;
    append32(block, std::uint32_t(headers.size()));
    for (const auto &[name, value] : headers) {
        append32(block, std::uint32_t(name.size()));
        block += name;
        append32(block, std::uint32_t(value.size()));
        block += value;
    }
    return block;
}

Result<Headers> parseBlock(std::string_view block)
{
    const Status bad(StatusCode::BadRequest, "malformed SPDY header block");
    if (block.size() < 4)
        return bad;
    const std::uint32_t count = read32(block, 0);
    if (count > block.size() / 8)
        return bad;
    Headers headers;
    std::size_t at = 4;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::array<std::string, 2> field;
        for (std::string &part : field) {
            if (block.size() - at < 4)
                return bad;
            const std::uint32_t length = read32(block, at);
            at += 4;
            if (block.size() - at < length)
                return bad;
            part.assign(block.substr(at, length));
            at += length;
        }
        std::transform(field[0].begin(), field[0].end(), field[0].begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (field[0].empty() || headers.count(field[0]))
            return bad; // names must be there, and once each
        headers.emplace(std::move(field[0]), std::move(field[1]));
    }
    return headers;
}

} // namespace

const std::string &dictionary()
{
    // The spec's dictionary: these words, each after its 32-bit length, then a run of
    // status codes, reason phrases, dates and media types as they are.
    static const std::string text = [] {
        std::string out;
        for (const char *word :
             {"options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding",
              "accept-language", "accept-ranges", "age", "allow", "authorization", "cache-control", "connection",
              "content-base", "content-encoding", "content-language", "content-length", "content-location",
              "content-md5", "content-range", "content-type", "date", "etag", "expect", "expires", "from", "host",
              "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified",
              "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization", "range", "referer",
              "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "vary", "via",
              "warning", "www-authenticate", "method", "get", "status", "200 OK", "version", "HTTP/1.1", "url",
              "public", "set-cookie", "keep-alive", "origin"}) {
            const std::string_view w(word);
            append32(out, std::uint32_t(w.size()));
            out += w;
        }
        out += "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
               "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 "
               "Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service "
               "UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, "
               "Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,"
               "text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,"
               "utf-,*,enq=0.";
        return out;
    }();
    return text;
}

// --- writing ---------------------------------------------------------------------------

struct FrameWriter::Zlib {
    Zlib()
    {
        deflateInit(&stream, Z_DEFAULT_COMPRESSION);
        const std::string &dict = dictionary();
        deflateSetDictionary(&stream, reinterpret_cast<const Bytef *>(dict.data()), uInt(dict.size()));
    }
    ~Zlib() { deflateEnd(&stream); }
    z_stream stream{};
};

FrameWriter::FrameWriter() : m_zlib(std::make_unique<Zlib>()) {}
FrameWriter::~FrameWriter() = default;

std::string FrameWriter::compress(const Headers &headers)
{
    const std::string block = serialize(headers);
    z_stream &z = m_zlib->stream;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(block.data()));
    z.avail_in = uInt(block.size());
    std::string out;
    std::array<char, 4096> chunk{};
    do {
        z.next_out = reinterpret_cast<Bytef *>(chunk.data());
        z.avail_out = uInt(chunk.size());
        deflate(&z, Z_SYNC_FLUSH); // each block ends on a byte boundary the peer can inflate alone
        out.append(chunk.data(), chunk.size() - z.avail_out);
    } while (z.avail_out == 0);
    return out;
}

std::string FrameWriter::encode(const Frame &frame)
{
    std::string payload;
    if (!frame.control) {
        payload = frame.data;
    } else {
        switch (frame.type) {
        case FrameType::SynStream:
            append32(payload, frame.streamId & 0x7fffffff);
            append32(payload, frame.associatedId & 0x7fffffff);
            payload.push_back(char((frame.priority & 0x7) << 5));
            payload.push_back('\0'); // credential slot
            payload += compress(frame.headers);
            break;
        case FrameType::SynReply:
        case FrameType::Headers:
            append32(payload, frame.streamId & 0x7fffffff);
            payload += compress(frame.headers);
            break;
        case FrameType::RstStream:
        case FrameType::WindowUpdate:
        case FrameType::GoAway:
            append32(payload, frame.streamId & 0x7fffffff);
            append32(payload, frame.value);
            break;
        case FrameType::Ping:
            append32(payload, frame.value);
            break;
        case FrameType::Settings:
            append32(payload, 0); // no entries
            break;
        }
    }
    return frameHead(frame, payload.size()) + payload;
}

std::string FrameWriter::synReply(std::uint32_t streamId, const Headers &headers, std::uint8_t flags)
{
    Frame frame;
    frame.control = true;
    frame.type = FrameType::SynReply;
    frame.streamId = streamId;
    frame.flags = flags;
    frame.headers = headers;
    return encode(frame);
}

std::string FrameWriter::data(std::uint32_t streamId, std::string_view bytes, bool fin)
{
    Frame frame;
    frame.streamId = streamId;
    frame.flags = fin ? kFlagFin : 0;
    return frameHead(frame, bytes.size()).append(bytes);
}

// --- reading ---------------------------------------------------------------------------

struct FrameReader::Zlib {
    Zlib() { inflateInit(&stream); }
    ~Zlib() { inflateEnd(&stream); }
    z_stream stream{};
};

FrameReader::FrameReader(std::size_t maxFrame) : m_maxFrame(maxFrame), m_zlib(std::make_unique<Zlib>()) {}
FrameReader::~FrameReader() = default;

Result<Headers> FrameReader::decompress(std::string_view compressed)
{
    const Status bad(StatusCode::BadRequest, "SPDY header block does not inflate");
    z_stream &z = m_zlib->stream;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    z.avail_in = uInt(compressed.size());
    std::string block;
    std::array<char, 4096> chunk{};
    for (;;) {
        z.next_out = reinterpret_cast<Bytef *>(chunk.data());
        z.avail_out = uInt(chunk.size());
        int result = inflate(&z, Z_SYNC_FLUSH);
        if (result == Z_NEED_DICT) {
            const std::string &dict = dictionary();
            if (inflateSetDictionary(&z, reinterpret_cast<const Bytef *>(dict.data()), uInt(dict.size())) != Z_OK)
                return bad;
            result = inflate(&z, Z_SYNC_FLUSH);
        }
        block.append(chunk.data(), chunk.size() - z.avail_out);
        if (block.size() > kMaxHeaderBlock)
            return Status(StatusCode::BadRequest, "SPDY header block over 64 KiB");
        if (result == Z_BUF_ERROR && z.avail_in == 0)
            break; // all of this block's input is used
        if (result != Z_OK)
            return bad;
        if (z.avail_in == 0 && z.avail_out != 0)
            break;
    }
    return parseBlock(block);
}

Result<std::optional<Frame>> FrameReader::next()
{
    for (;;) {
        if (m_buffer.size() < kFrameHeader)
            return std::optional<Frame>();
        const std::string_view view(m_buffer);
        const std::size_t length = read32(view, 4) & 0xffffff;
        if (length > m_maxFrame)
            return Status(StatusCode::BadRequest, "SPDY frame of " + std::to_string(length) + " bytes is over the limit of "
                                                      + std::to_string(m_maxFrame));
        if (m_buffer.size() < kFrameHeader + length)
            return std::optional<Frame>();
        Frame frame;
        frame.control = (std::uint8_t(view[0]) & 0x80) != 0;
        frame.flags = std::uint8_t(view[4]);
        const std::string_view payload = view.substr(kFrameHeader, length);
        if (!frame.control) {
            frame.streamId = read32(view, 0) & 0x7fffffff;
            frame.data.assign(payload);
            m_buffer.erase(0, kFrameHeader + length);
            return std::optional<Frame>(std::move(frame));
        }
        const std::uint16_t version = ((std::uint8_t(view[0]) & 0x7f) << 8) | std::uint8_t(view[1]);
        if (version != kVersion)
            return Status(StatusCode::BadRequest, "SPDY version " + std::to_string(version) + " is not served (only 3)");
        const std::uint16_t type = (std::uint8_t(view[2]) << 8) | std::uint8_t(view[3]);
        frame.type = FrameType(type);
        const Status invalid(StatusCode::BadRequest, "invalid SPDY control frame of type " + std::to_string(type));
        auto need = [&](std::size_t bytes) { return payload.size() >= bytes; };
        bool known = true;
        switch (frame.type) {
        case FrameType::SynStream:
            if (!need(10))
                return invalid;
            frame.streamId = read32(payload, 0) & 0x7fffffff;
            frame.associatedId = read32(payload, 4) & 0x7fffffff;
            frame.priority = std::uint8_t(payload[8]) >> 5;
            break;
        case FrameType::SynReply:
        case FrameType::Headers:
            if (!need(4))
                return invalid;
            frame.streamId = read32(payload, 0) & 0x7fffffff;
            break;
        case FrameType::RstStream:
        case FrameType::WindowUpdate:
        case FrameType::GoAway:
            if (!need(8))
                return invalid;
            frame.streamId = read32(payload, 0) & 0x7fffffff;
            frame.value = read32(payload, 4);
            break;
        case FrameType::Ping:
            if (!need(4))
                return invalid;
            frame.value = read32(payload, 0);
            break;
        case FrameType::Settings:
            break; // the peer's settings change nothing the lab does
        default:
            known = false;
        }
        if (frame.type == FrameType::SynStream || frame.type == FrameType::SynReply || frame.type == FrameType::Headers) {
            // Every block goes through the one inflater, in order, or the next one breaks.
            Result<Headers> headers = decompress(payload.substr(frame.type == FrameType::SynStream ? 10 : 4));
            if (!headers.ok())
                return headers.status();
            frame.headers = std::move(*headers);
        }
        m_buffer.erase(0, kFrameHeader + length);
        if (known)
            return std::optional<Frame>(std::move(frame));
    }
}

bool FrameReader::deliver(std::string_view bytes, const std::function<bool(const Frame &)> &handle)
{
    feed(bytes);
    for (;;) {
        Result<std::optional<Frame>> frame = next();
        if (!frame.ok())
            return false;
        if (!frame->has_value())
            return true;
        if (!handle(**frame))
            return false;
    }
}

} // namespace k8slab::apiserver::spdy

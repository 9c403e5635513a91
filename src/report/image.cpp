#include "report/image.hpp"

#include <openssl/evp.h>
#include <zlib.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace exertrack::report {
namespace {

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};

std::uint32_t be32(std::string_view b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

void put_be32(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 24) & 0xFF);
  out += static_cast<char>((v >> 16) & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}

struct Chunk {
  std::string_view type;
  std::string_view data;
  std::size_t begin = 0;  // offset of the length field
  std::size_t end = 0;    // offset after the CRC
};

// Walks the chunks (the PNG spec, section 5.3: length, type, data, CRC over
// type + data), checking each CRC with zlib's crc32.
std::vector<Chunk> chunks(std::string_view b) {
  if (b.size() < kPngSignature.size() || b.substr(0, kPngSignature.size()) != kPngSignature) {
    throw std::runtime_error("not a PNG file (bad signature)");
  }
  std::vector<Chunk> out;
  std::size_t pos = kPngSignature.size();
  while (true) {
    if (pos + 12 > b.size()) throw std::runtime_error("PNG truncated at byte " + std::to_string(pos));
    const std::uint32_t len = be32(b, pos);
    if (len > b.size() - pos - 12) throw std::runtime_error("PNG chunk at byte " + std::to_string(pos) + " runs past the end");
    Chunk c{b.substr(pos + 4, 4), b.substr(pos + 8, len), pos, pos + 12 + len};
    const auto crc = static_cast<std::uint32_t>(
        crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(b.data() + pos + 4), static_cast<uInt>(len + 4)));
    if (crc != be32(b, pos + 8 + len)) {
      throw std::runtime_error("PNG chunk " + std::string(c.type) + " at byte " + std::to_string(pos) + " has a bad CRC");
    }
    out.push_back(c);
    pos = c.end;
    if (c.type == "IEND") break;
  }
  if (out.front().type != "IHDR" || out.front().data.size() != 13) throw std::runtime_error("PNG does not start with IHDR");
  return out;
}

std::string chunk_bytes(std::string_view type, std::string_view data) {
  std::string out;
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type);
  body += data;
  out += body;
  put_be32(out, static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(body.data()),
                                                 static_cast<uInt>(body.size()))));
  return out;
}

bool is_title_chunk(const Chunk& c) {
  return (c.type == "tEXt" || c.type == "iTXt") && c.data.substr(0, 6) == std::string_view("Title\0", 6);
}

}  // namespace

PngInfo png_info(std::string_view bytes) {
  const auto cs = chunks(bytes);
  PngInfo info;
  info.width = be32(cs.front().data, 0);
  info.height = be32(cs.front().data, 4);
  if (info.width == 0 || info.height == 0 || info.width > 20000 || info.height > 20000) {
    throw std::runtime_error("PNG size " + std::to_string(info.width) + "x" + std::to_string(info.height) +
                             " is not plausible");
  }
  for (const auto& c : cs) {
    if (!is_title_chunk(c)) continue;
    if (c.type == "tEXt") {
      info.title = std::string(c.data.substr(6));
    } else {
      // iTXt: keyword\0 flag method language\0 translated\0 text
      std::string_view rest = c.data.substr(6 + 2);
      for (int skip = 0; skip < 2; ++skip) {
        const auto z = rest.find('\0');
        rest = z == std::string_view::npos ? std::string_view() : rest.substr(z + 1);
      }
      info.title = std::string(rest);
    }
  }
  return info;
}

std::string png_with_title(std::string_view bytes, std::string_view title) {
  const auto cs = chunks(bytes);
  std::string data("Title\0\0\0\0\0", 10);  // keyword, uncompressed, method 0, no language, no translation
  data += title;
  std::string out(kPngSignature);
  for (const auto& c : cs) {
    if (is_title_chunk(c)) continue;
    out += bytes.substr(c.begin, c.end - c.begin);
    if (c.type == "IHDR") out += chunk_bytes("iTXt", data);
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string svg_with_title(std::string_view svg, std::string_view title) {
  const std::string escaped = "<title>" + xml_escape(title) + "</title>";
  const auto open = svg.find("<title>");
  if (open != std::string_view::npos) {
    const auto close = svg.find("</title>", open);
    if (close != std::string_view::npos) {
      return std::string(svg.substr(0, open)) + escaped + std::string(svg.substr(close + 8));
    }
  }
  const auto tag = svg.find("<svg");
  if (tag == std::string_view::npos) throw std::runtime_error("not an SVG file (no <svg element)");
  const auto tag_end = svg.find('>', tag);
  if (tag_end == std::string_view::npos) throw std::runtime_error("not an SVG file (unterminated <svg tag)");
  return std::string(svg.substr(0, tag_end + 1)) + "\n" + escaped + std::string(svg.substr(tag_end + 1));
}

std::string svg_title(std::string_view svg) {
  const auto open = svg.find("<title>");
  if (open == std::string_view::npos) return {};
  const auto close = svg.find("</title>", open);
  if (close == std::string_view::npos) return {};
  return std::string(svg.substr(open + 7, close - open - 7));
}

std::string thousands(long long v) {
  const std::string digits = std::to_string(v < 0 ? -(v + 1) + 1ULL : static_cast<unsigned long long>(v));
  std::string out = v < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string base64(std::string_view bytes) {
  // OpenSSL's EVP_EncodeBlock: 4 output bytes per 3 input, plus a NUL.
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace exertrack::report

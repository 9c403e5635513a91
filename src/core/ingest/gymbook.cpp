#include "core/ingest/gymbook.hpp"

#include <cstdint>

#include "core/util/error.hpp"

using exertrack::core::util::throw_input_error;

namespace exertrack::core::ingest {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// UTF-16 (after its byte-order mark) to UTF-8; an unpaired surrogate becomes U+FFFD.
std::string utf16_to_utf8(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size() / 2);
  const auto unit = [&](std::size_t i) {
    const auto lo = static_cast<unsigned char>(bytes[little_endian ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(bytes[little_endian ? i + 1 : i]);
    return static_cast<std::uint32_t>(lo | (hi << 8));
  };
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    append_utf8(out, cp);
  }
  return out;
}

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    const std::string_view name = text.substr(i + 1, semi - i - 1);
    if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name == "amp") {
      out += '&';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (name.size() >= 2 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      std::uint32_t cp = 0;
      bool ok = name.size() > (hex ? 2u : 1u);
      for (std::size_t k = hex ? 2 : 1; k < name.size() && ok; ++k) {
        const char c = name[k];
        const int d = c >= '0' && c <= '9' ? c - '0'
                      : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                    : -1;
        ok = d >= 0 && cp < 0x110000;
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d < 0 ? 0 : d);
      }
      if (!ok || cp == 0 || cp >= 0x110000) {
        out.append(text.substr(i, semi - i + 1));
      } else {
        append_utf8(out, cp);
      }
    } else {
      out.append(text.substr(i, semi - i + 1));  // unknown entity: kept as written
    }
    i = semi;
  }
  return out;
}

// The text of <tag>...</tag> inside one <log> element; "" when absent or <tag/>.
std::string tag_text(std::string_view log, const std::string& tag) {
  const std::string open = "<" + tag + ">";
  const std::size_t start = log.find(open);
  if (start == std::string_view::npos) return "";
  const std::size_t from = start + open.size();
  const std::size_t end = log.find("</" + tag + ">", from);
  if (end == std::string_view::npos) return "";
  std::string text = decode_entities(log.substr(from, end - from));
  // GymBook pads some values with no-break spaces (U+00A0, U+202F): read them as spaces.
  for (const std::string_view nbsp : {std::string_view("\xC2\xA0"), std::string_view("\xE2\x80\xAF")}) {
    for (std::size_t p; (p = text.find(nbsp)) != std::string::npos;) text.replace(p, nbsp.size(), " ");
  }
  return text;
}

}  // namespace

bool looks_like_xml(std::string_view head) {
  if (head.size() >= 4 && head.substr(0, 2) == "\xFF\xFE") return head[2] == '<' && head[3] == '\0';
  if (head.size() >= 4 && head.substr(0, 2) == "\xFE\xFF") return head[2] == '\0' && head[3] == '<';
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (!head.empty() && (head.front() == ' ' || head.front() == '\n' || head.front() == '\r' || head.front() == '\t')) {
    head.remove_prefix(1);
  }
  return head.substr(0, 5) == "<?xml" || head.substr(0, 5) == "<logs";
}

std::vector<std::vector<std::string>> read_gymbook_logs(std::string_view bytes, const std::string& source) {
  std::string text;
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    text = utf16_to_utf8(bytes.substr(2), bytes[0] == '\xFF');
  } else {
    text.assign(bytes.substr(bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0));
  }
  if (text.find("<logs") == std::string::npos) {
    throw_input_error({source, 1, ""}, "the file is XML but not a GymBook export (no <logs> element); export the logs "
                                       "from GymBook, or a CSV from another app");
  }
  std::vector<std::vector<std::string>> logs;
  for (std::size_t pos = 0;;) {
    const std::size_t start = text.find("<log>", pos);
    if (start == std::string::npos) break;
    const std::size_t end = text.find("</log>", start);
    if (end == std::string::npos) {
      throw_input_error({source, logs.size() + 1, ""}, "the <log> element " + std::to_string(logs.size() + 1) +
                                                           " is not closed: the file is cut short");
    }
    const std::string_view log = std::string_view(text).substr(start, end - start);
    std::vector<std::string> fields;
    fields.reserve(kGymBookFields.size());
    for (const std::string& tag : kGymBookFields) fields.push_back(tag_text(log, tag));
    logs.push_back(std::move(fields));
    pos = end + 6;
  }
  return logs;
}

}  // namespace exertrack::core::ingest

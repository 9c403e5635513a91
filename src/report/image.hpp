#pragma once
// Small facts about PNG and SVG files: enough to check what the plotting
// tool wrote and to give each picture its title.
#include <cstdint>
#include <string>
#include <string_view>

namespace exertrack::report {

struct PngInfo {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string title;  // the iTXt/tEXt "Title" chunk, if any
};

// Checks the PNG signature, that the first chunk is a 13-byte IHDR with a
// sane size (1..20000 px), and every chunk's CRC up to IEND. Throws
// std::runtime_error saying what is wrong.
[[nodiscard]] PngInfo png_info(std::string_view bytes);

// The same PNG with an iTXt "Title" chunk (UTF-8) after IHDR, replacing any
// Title chunk it already had.
[[nodiscard]] std::string png_with_title(std::string_view bytes, std::string_view title);

// Sets the SVG's <title> (gnuplot writes "Gnuplot") to `title`, escaped;
// adds one after the <svg ...> tag when there is none. Throws
// std::runtime_error if `svg` has no <svg element.
[[nodiscard]] std::string svg_with_title(std::string_view svg, std::string_view title);

// Text of the first <title> element (entities left as written), "" if none.
[[nodiscard]] std::string svg_title(std::string_view svg);

// &, <, >, " and ' as entities; for HTML and XML text and attribute values.
[[nodiscard]] std::string xml_escape(std::string_view text);

// 1234567 -> "1,234,567".
[[nodiscard]] std::string thousands(long long v);

// RFC 4648 base64 (with padding), for data: URIs.
[[nodiscard]] std::string base64(std::string_view bytes);

}  // namespace exertrack::report

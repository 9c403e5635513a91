#include "report/image.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <stdexcept>
#include <string>

namespace exertrack::report {
namespace {

void put_be32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xFF);
}

std::string chunk(const std::string& type, const std::string& data) {
  std::string out;
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  const std::string body = type + data;
  out += body;
  put_be32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
  return out;
}

// A valid 2x1 RGB PNG, built by hand so the test does not depend on the code under test.
std::string tiny_png() {
  std::string ihdr;
  put_be32(ihdr, 2);
  put_be32(ihdr, 1);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);
  const std::string raw("\x00\xff\x00\x00\x00\x00\xff", 7);  // filter 0, red, blue
  uLongf len = compressBound(raw.size());
  std::string z(len, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()), raw.size());
  z.resize(len);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) + chunk("IEND", "");
}

TEST(Image, PngInfoReadsSize) {
  const PngInfo info = png_info(tiny_png());
  EXPECT_EQ(info.width, 2U);
  EXPECT_EQ(info.height, 1U);
  EXPECT_EQ(info.title, "");
}

TEST(Image, PngInfoRejectsBrokenFiles) {
  EXPECT_THROW((void)png_info("GIF89a"), std::runtime_error);
  std::string png = tiny_png();
  EXPECT_THROW((void)png_info(png.substr(0, png.size() - 5)), std::runtime_error);  // truncated
  png[20] ^= 0x01;                                                                    // inside IHDR: CRC mismatch
  EXPECT_THROW((void)png_info(png), std::runtime_error);
}

TEST(Image, PngTitleRoundTripsAndReplaces) {
  const std::string titled = png_with_title(tiny_png(), "Confusion matrix — test set");
  const PngInfo info = png_info(titled);
  EXPECT_EQ(info.title, "Confusion matrix — test set");
  EXPECT_EQ(info.width, 2U);
  const std::string again = png_with_title(titled, "second");
  EXPECT_EQ(png_info(again).title, "second");
  EXPECT_EQ(again.size(), titled.size() - std::string("Confusion matrix — test set").size() + 6);
}

TEST(Image, SvgTitleIsReplacedOrInsertedAndEscaped) {
  const std::string gnuplot = "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"10\">\n<title>Gnuplot</title>\n<g/></svg>";
  const std::string out = svg_with_title(gnuplot, "Bench <EZ> & \"bar\"");
  EXPECT_EQ(svg_title(out), "Bench &lt;EZ&gt; &amp; &quot;bar&quot;");
  EXPECT_EQ(out.find("Gnuplot"), std::string::npos);
  const std::string bare = svg_with_title("<svg width=\"1\"><g/></svg>", "T");
  EXPECT_EQ(bare, "<svg width=\"1\">\n<title>T</title><g/></svg>");
  EXPECT_THROW((void)svg_with_title("<html></html>", "T"), std::runtime_error);
  EXPECT_EQ(svg_title("<svg/>"), "");
}

TEST(Image, TextHelpers) {
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(thousands(0), "0");
  EXPECT_EQ(thousands(999), "999");
  EXPECT_EQ(thousands(1950), "1,950");
  EXPECT_EQ(thousands(-1234567), "-1,234,567");
}

}  // namespace
}  // namespace exertrack::report

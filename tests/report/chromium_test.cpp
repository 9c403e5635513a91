// Opens report.html in headless Chromium (Debian's chromium, which .ci/run
// installs): a screenshot that is not blank, and every section in the DOM.
#include <gtest/gtest.h>
#include <png.h>

#include <cmath>
#include <cstdlib>

#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "report/process.hpp"
#include "report/report.hpp"
#include "run_fixture.hpp"

using exertrack::core::util::read_file;

namespace exertrack::report {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string chromium() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    if (!find_program(name).empty()) return name;
  }
  return "";
}

std::vector<std::string> chromium_args(const std::string& exe, const fs::path& profile) {
  return {exe,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile.string(),
          "--window-size=1280,2000"};
}

struct Pixels {
  unsigned width = 0, height = 0;
  std::vector<unsigned char> rgb;
};

// libpng's simplified API (png_image, libpng 1.6).
Pixels decode_png(const std::string& bytes) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) == 0) {
    throw std::runtime_error(std::string("libpng: ") + image.message);
  }
  image.format = PNG_FORMAT_RGB;
  Pixels p;
  p.width = image.width;
  p.height = image.height;
  p.rgb.resize(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, p.rgb.data(), 0, nullptr) == 0) {
    throw std::runtime_error(std::string("libpng: ") + image.message);
  }
  return p;
}

class Chromium : public ::testing::Test {
 protected:
  void SetUp() override {
    exe_ = chromium();
    if (exe_.empty()) GTEST_SKIP() << "chromium is not installed (apt-get install chromium; .ci/run installs it)";
    ReportOptions options;
    options.plots.top_exercises = 3;
    report_ = write_report(testing_fixture::full_run(), options);
  }
  std::string exe_;
  ReportResult report_;
};

TEST_F(Chromium, ScreenshotIsNotBlank) {
  const auto dir = exertrack::testing::scratch_dir("report_chromium_shot");
  const fs::path shot = dir / "shot.png";
  auto args = chromium_args(exe_, dir / "profile");
  args.push_back("--screenshot=" + shot.string());
  args.push_back("file://" + fs::absolute(report_.html).string());
  const ProcessResult r = run_process(args, dir, 120s);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(fs::exists(shot)) << r.output;
  const Pixels p = decode_png(read_file(shot));
  EXPECT_EQ(p.width, 1280U);
  EXPECT_EQ(p.height, 2000U);
  // A rendered page: plenty of non-white pixels (text, tables, cards) and
  // real variation, not one flat colour.
  std::size_t non_white = 0;
  double sum = 0, sum2 = 0;
  for (std::size_t i = 0; i + 2 < p.rgb.size(); i += 3) {
    const double v = (p.rgb[i] + p.rgb[i + 1] + p.rgb[i + 2]) / 3.0;
    non_white += v < 240 ? 1 : 0;
    sum += v;
    sum2 += v * v;
  }
  const double n = static_cast<double>(p.rgb.size() / 3);
  const double sd = std::sqrt(sum2 / n - (sum / n) * (sum / n));
  EXPECT_GT(static_cast<double>(non_white) / n, 0.01);
  EXPECT_GT(sd, 10.0);
}

TEST_F(Chromium, EverySectionAndPictureIsInTheDom) {
  const auto dir = exertrack::testing::scratch_dir("report_chromium_dom");
  auto args = chromium_args(exe_, dir / "profile");
  args.push_back("--dump-dom");
  args.push_back("file://" + fs::absolute(report_.html).string());
  const ProcessResult r = run_process(args, dir, 120s, 256U << 20);
  ASSERT_EQ(r.exit_code, 0) << r.output.substr(0, 2000);
  const std::string& dom = r.output;
  ASSERT_NE(dom.find("</html>"), std::string::npos) << dom.substr(0, 2000);
  for (const auto& id : section_ids()) {
    EXPECT_NE(dom.find("<section id=\"" + id + "\">"), std::string::npos) << id;
  }
  for (const auto& p : report_.plots) EXPECT_NE(dom.find("<figure id=\"plot-" + p.name + "\">"), std::string::npos) << p.name;
  EXPECT_NE(dom.find("id=\"label-leak\""), std::string::npos);
}

}  // namespace
}  // namespace exertrack::report

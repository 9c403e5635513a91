#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/test_data.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"

namespace exertrack::core::util {
namespace {

TEST(WriteFileAtomic, ReplacesWholeFileAndCreatesDirectories) {
  const auto dir = testing::scratch_dir("util-atomic");
  const auto file = dir / "a" / "b" / "out.txt";
  write_file_atomic(file, "first version, longer");
  write_file_atomic(file, "second");
  EXPECT_EQ(read_file(file), "second");
  // No temporary file is left behind.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(file.parent_path())) ++entries;
  EXPECT_EQ(entries, 1U);
}

TEST(WriteFileAtomic, DevicesAreWrittenInPlaceNotReplaced) {
  write_file_atomic("/dev/null", "discarded");
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "/dev/null must stay a character device";
}

TEST(WriteFileAtomic, DirectoryTargetIsAnInputError) {
  const auto dir = testing::scratch_dir("util-atomic-dir");
  EXPECT_THROW(write_file_atomic(dir, "x"), InputError);
}

TEST(ReadFile, MissingFileAndDirectoryAreInputErrors) {
  const auto dir = testing::scratch_dir("util-read");
  try {
    (void)read_file(dir / "nope.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("nope.csv: no such file"), std::string::npos);
  }
  EXPECT_THROW((void)read_file(dir), InputError);
  write_file_atomic(dir / "x", std::string("a\0b", 3));
  EXPECT_EQ(read_file(dir / "x"), std::string("a\0b", 3));
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Describe, NamesFileLineColumnAndProblem) {
  EXPECT_EQ(describe({"f.csv", 3, "Weight"}, "value 'x' is not a number"),
            "f.csv:3: column 'Weight': value 'x' is not a number");
  EXPECT_EQ(describe({"", 0, ""}, "empty"), "<input>: empty");
  EXPECT_THROW(throw_input_error({"f", 1, "c"}, "bad"), InputError);
}

}  // namespace
}  // namespace exertrack::core::util

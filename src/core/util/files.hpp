#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace exertrack::core::util {

// Reads a whole regular file; throws InputError naming the path when it is
// missing, a directory or unreadable.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

// Writes through a temporary file in the same directory, fsyncs and renames
// it over `path`, so readers see the old or the new content, never half.
// Creates missing parent directories. A target that exists and is not a
// regular file (/dev/null, /dev/stdout, a FIFO) is written in place instead;
// a directory is an InputError.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Lowercase hex SHA-256 of the bytes.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace exertrack::core::util

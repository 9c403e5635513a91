#include "core/util/files.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <fstream>
#include <random>
#include <system_error>

#include "core/util/error.hpp"

namespace exertrack::core::util {
namespace fs = std::filesystem;
namespace {

// Joins with append(): GCC 12 raises a false -Wrestrict on
// `"literal" + std::string` (GCC bug 105329), which -Werror turns fatal.
std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out.append(p);
  return out;
}

}  // namespace

std::string read_file(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw InputError(path.string() + ": no such file");
  if (fs::is_directory(status)) throw InputError(path.string() + ": is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open: " + std::strerror(errno));
  std::string content;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size > 0) {
    content.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(content.data(), size);
  }
  if (in.bad()) throw InputError(path.string() + ": read error");
  return content;
}

namespace {

// Plain write for targets that are not regular files (/dev/stdout,
// /dev/null, a FIFO): renaming over them would replace the device itself.
void write_in_place(const fs::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), concat({"cannot open ", path.string()}));
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw std::system_error(err, std::generic_category(), concat({"cannot write ", path.string()}));
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

}  // namespace

void write_file_atomic(const fs::path& path, std::string_view content) {
  std::error_code ec;
  const auto existing = fs::status(path, ec);
  if (!ec && fs::exists(existing) && !fs::is_regular_file(existing)) {
    if (fs::is_directory(existing)) throw InputError(concat({path.string(), ": is a directory, expected a file name"}));
    write_in_place(path, content);
    return;
  }
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  fs::create_directories(dir);
  std::random_device rd;
  const fs::path tmp = dir / concat({".", path.filename().string(), ".tmp", std::to_string(::getpid()), "-",
                                     std::to_string(rd())});
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), concat({"cannot create ", tmp.string()}));
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::system_error(err, std::generic_category(), concat({"cannot write ", tmp.string()}));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::system_error(err, std::generic_category(), concat({"cannot flush ", tmp.string()}));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::system_error(err, std::generic_category(), concat({"cannot rename into ", path.string()}));
  }
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace exertrack::core::util

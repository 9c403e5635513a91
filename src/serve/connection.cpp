#include "serve/connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace exertrack::serve {
namespace {

constexpr std::size_t kReadBuffer = 16 * 1024;
// A response larger than this goes out in pieces as it is written.
constexpr std::size_t kWriteBuffer = 64 * 1024;

void set_timeout(int sock, int option, std::chrono::milliseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(t.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
  ::setsockopt(sock, SOL_SOCKET, option, &tv, sizeof tv);
}

bool timed_out(int err) { return err == EAGAIN || err == EWOULDBLOCK; }

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  } else {
    port = 0;
  }
  ip = text;
}

}  // namespace

ConnectionStream::ConnectionStream(int sock, const ConnectionLimits& limits)
    : sock_(sock), limits_(limits), in_(new char[kReadBuffer]) {
  limits_.tick = std::max(std::chrono::milliseconds(1),
                          std::min({limits_.tick, limits_.read_timeout, limits_.write_timeout, limits_.keep_alive_timeout}));
  set_timeout(sock_, SO_RCVTIMEO, limits_.tick);
  set_timeout(sock_, SO_SNDTIMEO, limits_.tick);
}

ssize_t ConnectionStream::fill(std::chrono::milliseconds timeout, const std::function<bool()>* stopping) {
  in_begin_ = in_end_ = 0;
  std::chrono::milliseconds waited{0};
  for (;;) {
    const ssize_t n = ::recv(sock_, in_.get(), kReadBuffer, 0);
    if (n >= 0) {
      in_end_ = static_cast<std::size_t>(n);
      return n;
    }
    if (errno == EINTR) continue;
    if (!timed_out(errno)) return -1;
    waited += limits_.tick;
    if (waited >= timeout || (stopping != nullptr && (*stopping)())) return -1;
  }
}

bool ConnectionStream::wait_for_request(const std::function<bool()>& stopping) {
  if (in_begin_ < in_end_) return true;  // pipelined: the next request is here already
  if (!flush()) return false;
  return fill(limits_.keep_alive_timeout, &stopping) > 0;
}

bool ConnectionStream::flush() {
  std::size_t sent = 0;
  std::chrono::milliseconds waited{0};
  while (sent < out_.size()) {
    const ssize_t n = ::send(sock_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      waited = std::chrono::milliseconds(0);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && timed_out(errno) && (waited += limits_.tick) < limits_.write_timeout) continue;
    out_.clear();
    return false;
  }
  out_.clear();
  return true;
}

bool ConnectionStream::is_readable() const { return true; }  // reads wait themselves, up to read_timeout

bool ConnectionStream::is_writable() const { return true; }  // writes are buffered

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (in_begin_ == in_end_) {
    // The client may be waiting for what was written so far (e.g.
    // "100 Continue") before it sends more.
    if (!flush()) return -1;
    const ssize_t n = fill(limits_.read_timeout, nullptr);
    if (n <= 0) return n;
  }
  const std::size_t k = std::min(size, in_end_ - in_begin_);
  std::memcpy(ptr, in_.get() + in_begin_, k);
  in_begin_ += k;
  return static_cast<ssize_t>(k);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  out_.append(ptr, size);
  if (out_.size() >= kWriteBuffer && !flush()) return -1;
  return static_cast<ssize_t>(size);
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  cached_address(::getpeername, remote_ip_, remote_port_);
  ip = remote_ip_;
  port = remote_port_;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  cached_address(::getsockname, local_ip_, local_port_);
  ip = local_ip_;
  port = local_port_;
}

void ConnectionStream::cached_address(int (*query)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
  if (port >= 0) return;
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (query(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
  port = std::max(port, 0);
}

socket_t ConnectionStream::socket() const { return sock_; }

void serve_connection(int sock, const ConnectionLimits& limits, const std::function<bool()>& stopping,
                      const ProcessRequest& process) {
  ConnectionStream stream(sock, limits);
  for (std::size_t left = std::max<std::size_t>(limits.keep_alive_max_requests, 1); left > 0; --left) {
    if (stopping() || !stream.wait_for_request(stopping)) break;
    const bool close_connection = left == 1 || stopping();
    bool connection_closed = false;
    const bool ok = process(stream, close_connection, connection_closed);
    // The answer goes out even when httplib gave up on the request (its
    // 400/413 responses are written before it returns false).
    if (!stream.flush() || !ok || connection_closed) break;
  }
}

}  // namespace exertrack::serve

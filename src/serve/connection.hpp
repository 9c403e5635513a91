#pragma once
// The socket side of one HTTP connection, under cpp-httplib's request
// parser, router and response writer.
//
// Why not httplib's own SocketStream: Debian's libcpp-httplib 0.11 makes
// eleven system calls per keep-alive request — a poll() before every read
// and every write, getpeername() and getsockname() for every request, and
// headers and body in two send()s (two TCP segments, two wake-ups of the
// client). strace -c under wrk (16 connections, one-exercise body): 6 poll,
// 2 sendto, 1 recvfrom, 1 getpeername, 1 getsockname per request. This
// stream makes one recv() and one send() per request: reads block with the
// socket's receive timeout set to a short tick (timeouts are counted in
// ticks, so no poll), the response is buffered and sent once, before the
// next read or when the request is done, and the addresses are read once per
// connection. bench/README.md has the throughput before and after.
#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace exertrack::serve {

struct ConnectionLimits {
  std::chrono::milliseconds read_timeout{5000};   // longest wait of one read within a request
  std::chrono::milliseconds write_timeout{5000};  // longest wait of one write
  std::chrono::milliseconds keep_alive_timeout{5000};  // longest wait for the next request
  std::size_t keep_alive_max_requests = 100000;        // then the connection is closed
  // How often a blocked read or write wakes to count time and to see a stop:
  // an idle connection notices the server stopping within one tick.
  std::chrono::milliseconds tick{200};
};

// httplib's per-request entry point: (stream, close_connection,
// connection_closed) -> keep going (httplib::Server::process_request).
using ProcessRequest = std::function<bool(httplib::Stream&, bool, bool&)>;

// Serves requests on the connected socket `sock` until the client closes it,
// a read or write times out, keep_alive_max_requests were served, or
// `stopping()` turns true while waiting for the next request (the request in
// flight is always answered). Does not close `sock`.
void serve_connection(int sock, const ConnectionLimits& limits, const std::function<bool()>& stopping,
                      const ProcessRequest& process);

// The Stream serve_connection hands to httplib: buffered reads, one send per
// response. Exposed for its tests.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int sock, const ConnectionLimits& limits);

  // Waits up to keep_alive_timeout for the next request's first bytes
  // (true), or until the client closes, an error, or `stopping()` (false).
  bool wait_for_request(const std::function<bool()>& stopping);
  // Sends what the response wrote; false when the client is gone or the
  // write timed out.
  bool flush();

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

 private:
  // recv() into the buffer, waiting up to `timeout`; > 0 bytes, 0 closed,
  // -1 error, timeout or (with `stopping`) stop.
  ssize_t fill(std::chrono::milliseconds timeout, const std::function<bool()>* stopping);

  // getpeername / getsockname into (ip, port), once per connection.
  void cached_address(int (*query)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const;

  int sock_;
  ConnectionLimits limits_;
  std::unique_ptr<char[]> in_;
  std::size_t in_begin_ = 0;
  std::size_t in_end_ = 0;
  std::string out_;
  mutable std::string remote_ip_, local_ip_;
  mutable int remote_port_ = -1, local_port_ = -1;
};

}  // namespace exertrack::serve

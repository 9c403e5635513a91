#pragma once
// `exertrack serve`: the HTTP/1.1 JSON API on cpp-httplib (Debian's
// libcpp-httplib 0.11).
//
//   GET  /healthz                   {"status": "ok"}
//   GET  /v1/model                  the served model's metadata
//   POST /v1/recommendations        JSON histories -> one result per exercise
//   POST /v1/recommendations/csv    an export file -> every exercise's result
//   GET  /  (/app.js, /app.css)     the web page (web/), built into the binary
//   GET  /openapi.yaml              the contract below, built into the binary
//   OPTIONS <any of these>          204 with Allow (and CORS preflight answers)
//
// Errors are JSON ({"error": {"status", "code", "message"}}; api.hpp's
// ErrorCode) with 400 (not JSON /
// malformed HTTP), 404, 405, 413 (body or history too large), 415 (wrong
// Content-Type), 422 (valid JSON, wrong content). docs/openapi.yaml is the
// contract.
//
// Workers: cpp-httplib serves each connection on one pool thread for its
// whole keep-alive life, so a fixed pool can be held by slow or idle
// clients. This pool grows with the connections (up to max_connections
// threads, idle ones retire), so a stalled client holds only its own thread
// and never delays another; each read waits at most read_timeout and an idle
// keep-alive connection is closed after keep_alive_timeout. httplib parses,
// routes and answers; the socket I/O under it is serve/connection.hpp's.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/api.hpp"

namespace exertrack::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port (bind() returns it)
  int min_workers = 4;            // threads kept even when idle
  int max_connections = 1000;     // concurrent connections served (one thread each); more wait
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 100000;
  std::chrono::milliseconds read_timeout{5000};   // each read of a request
  std::chrono::milliseconds write_timeout{5000};  // each write of a response
  ApiLimits limits;
  // Origins (scheme://host[:port], compared exactly) whose pages may call the
  // API from a browser: their requests get Access-Control-Allow-Origin and
  // preflights are answered. Empty: no CORS header is ever sent.
  std::vector<std::string> cors_origins;
  // One line per request (no trailing newline); empty: no access log.
  std::function<void(std::string_view)> access_log;
};

// What is served: a model of either task behind its API (TaskApi), plus
// where it came from.
struct ServedModel {
  std::unique_ptr<const TaskApi> api;
  std::string dir;
  std::string loaded_at;  // ISO 8601 UTC
  std::string info_json;  // GET /v1/model's body, made once
};

// Reads the model directory (open_task_api: the one place that asks which
// task trained it) into a ServedModel.
[[nodiscard]] std::shared_ptr<const ServedModel> load_served_model(const std::filesystem::path& model_dir);

class Server {
 public:
  // Loads the model; throws InputError when it cannot be served.
  Server(std::filesystem::path model_dir, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port; returns the port (the ephemeral one for port 0).
  // Throws std::runtime_error when the address cannot be bound.
  int bind();
  // Serves until stop(); returns then, after every accepted connection's
  // in-flight request is answered.
  void run();
  // Stops accepting and makes run() return once the in-flight requests are
  // done (idle keep-alive connections notice within 200 ms and close).
  // Thread-safe; not async-signal-safe (serve_until_signal calls it from a
  // signal-waiting thread).
  void stop();
  // Re-reads the model directory and swaps the new model in atomically:
  // requests already running finish on the model they started with, later
  // ones see the new one. On failure the served model stays and the error
  // is returned (empty string on success).
  [[nodiscard]] std::string reload();

  [[nodiscard]] std::shared_ptr<const ServedModel> model() const;
  [[nodiscard]] bool is_running() const;
  // Connections being served right now (threads busy with one).
  [[nodiscard]] std::size_t active_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs `server` (already bound) until SIGTERM or SIGINT, reloading the
// model on SIGHUP. The signals are taken by a sigwait thread, never by a
// handler; the caller must call it before starting other threads (it blocks
// the signals in the calling thread, which the workers inherit). `log`
// receives one line per signal handled. Returns 0.
int serve_until_signal(Server& server, const std::function<void(std::string_view)>& log);
// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread (and so in every
// thread it starts afterwards). A program that starts threads before
// serve_until_signal (e.g. an access-log flusher) calls this first, or a
// signal could be delivered to such a thread and kill the process.
void block_server_signals();

// The access-log line of one request:
// 2026-11-28T02:30:00.123Z 127.0.0.1:51234 "POST /v1/recommendations" 200 312B 0.41ms
[[nodiscard]] std::string access_log_line(std::string_view remote_addr, int remote_port, std::string_view method,
                                          std::string_view path, int status, std::size_t bytes, double millis);

}  // namespace exertrack::serve

#include "serve/server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
#include <signal.h>

#include <algorithm>
#include <cstdint>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/ingest/read_settings.hpp"
#include "core/util/error.hpp"
#include "serve/connection.hpp"
#include "serve/web_assets.hpp"

using exertrack::core::ingest::read_settings;
using exertrack::core::ingest::ReadSetting;
using exertrack::core::util::InputError;

namespace exertrack::serve {
namespace {

using Clock = std::chrono::steady_clock;

std::string utc_now_iso(bool millis) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  if (millis) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    n += static_cast<std::size_t>(std::snprintf(buf + n, sizeof buf - n, ".%03lldZ", static_cast<long long>(ms)));
  } else {
    buf[n++] = 'Z';
  }
  return std::string(buf, n);
}

// cpp-httplib's TaskQueue that grows with the connections. httplib runs one
// connection per task for its whole keep-alive life; with its fixed
// ThreadPool, N idle or stalled clients hold all N threads and every other
// client waits. Here a task gets an idle thread or a new one (up to
// max_threads), and threads idle for `retire_after` exit down to min_threads.
class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(std::size_t min_threads, std::size_t max_threads, std::chrono::seconds retire_after,
              std::atomic<std::size_t>& busy)
      : min_(min_threads), max_(std::max(max_threads, std::size_t{1})), retire_after_(retire_after), busy_(busy) {
    std::lock_guard lock(m_);
    for (std::size_t i = 0; i < min_; ++i) spawn();
  }
  ~ElasticPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::lock_guard lock(m_);
    jobs_.push_back(std::move(fn));
    if (idle_ < jobs_.size() && threads_ < max_) {
      spawn();
    } else {
      work_.notify_one();
    }
  }

  // Runs the queued connections, then waits for every thread to finish.
  void shutdown() override {
    std::unique_lock lock(m_);
    stopping_ = true;
    work_.notify_all();
    done_.wait(lock, [&] { return threads_ == 0; });
  }

 private:
  // Threads are detached and counted: a retiring thread cannot be joined by
  // the one that would need its slot, and shutdown() waits on the count.
  void spawn() {
    ++threads_;
    std::thread([this] { work(); }).detach();
  }

  void work() {
    std::unique_lock lock(m_);
    for (;;) {
      ++idle_;
      const bool ready = work_.wait_for(lock, retire_after_, [&] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (!ready) {
        if (threads_ > min_) break;
        continue;
      }
      if (jobs_.empty()) break;  // stopping and drained
      std::function<void()> fn = std::move(jobs_.front());
      jobs_.pop_front();
      ++busy_;
      lock.unlock();
      fn();
      fn = nullptr;
      lock.lock();
      --busy_;
    }
    --threads_;
    done_.notify_all();
  }

  std::mutex m_;
  std::condition_variable work_;
  std::condition_variable done_;
  std::deque<std::function<void()>> jobs_;
  std::size_t threads_ = 0;
  std::size_t idle_ = 0;
  bool stopping_ = false;
  const std::size_t min_;
  const std::size_t max_;
  const std::chrono::seconds retire_after_;
  std::atomic<std::size_t>& busy_;
};

// httplib's server with the connection I/O of serve/connection.hpp: httplib
// still parses, routes and writes every request; overriding its (private
// virtual) per-connection entry point is how httplib's own SSLServer swaps
// the stream.
class HttpServer final : public httplib::Server {
 public:
  ConnectionLimits connection_limits;

 private:
  bool process_and_close_socket(socket_t sock) override {
    const auto stopping = [this] { return svr_sock_ == INVALID_SOCKET; };
    serve_connection(sock, connection_limits, stopping, [this](httplib::Stream& strm, bool close, bool& closed) {
      return process_request(strm, close, closed, nullptr);
    });
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return true;
  }
};

const char* kJson = "application/json";

void send(httplib::Response& res, const ApiResponse& r) {
  res.status = r.status;
  res.set_content(r.body, kJson);
}

void send_error(httplib::Response& res, int status, ErrorCode code, std::string_view message) {
  res.status = status;
  res.set_content(error_body(status, code, message), kJson);
}

// The media types each POST endpoint reads. Checked before the body is read
// (pre-routing), so a large upload of the wrong type is 415, not 413.
bool json_type(std::string_view t) { return media_type_is(t, {"application/json"}); }
bool csv_type(std::string_view t) {
  // GymBook's logs export is XML; the reader tells the formats apart.
  return media_type_is(t, {"text/csv", "text/plain", "application/csv", "application/octet-stream", "text/xml", "application/xml"});
}

// Why a POST cannot be read by its endpoint's media type ("" when it can).
// Asked before the body is read (pre-routing) and again when httplib refused
// a body past its size limit before routing: a large upload of the wrong
// type is 415, which says what to fix, not 413.
std::string wrong_media_type(const httplib::Request& req) {
  if (req.method != "POST") return {};
  const std::string type = req.get_header_value("Content-Type");
  if (req.path == "/v1/recommendations" && !json_type(type)) {
    return "Content-Type must be application/json (got '" + type + "')";
  }
  if (req.path == "/v1/recommendations/csv" && !csv_type(type)) {
    return "Content-Type must be text/csv (or text/plain, application/csv, application/octet-stream, text/xml, "
           "application/xml) (got '" + type + "')";
  }
  return {};
}

// The methods each path answers, for Allow and CORS preflights.
const char* allowed_methods(std::string_view path) {
  if (path == "/v1/recommendations" || path == "/v1/recommendations/csv") return "POST, OPTIONS";
  if (path == "/healthz" || path == "/v1/model") return "GET, OPTIONS";
  for (const WebAsset* a = web_assets_begin(); a != web_assets_end(); ++a) {
    if (a->path == path) return "GET, OPTIONS";
  }
  return nullptr;
}

// The request's start (after its headers were read), for the access log.
thread_local Clock::time_point tl_request_start{};
// Each worker thread's prediction buffers and JSON parser (reused across requests).
thread_local ApiWorkspace tl_workspace;

// What a 404 points to: the page only when it is built in (EXERTRACK_WEB).
const std::string& endpoints_served() {
  static const std::string text = [] {
    std::string t;
    for (const WebAsset* a = web_assets_begin(); a != web_assets_end(); ++a) {
      if (a->path == "/") t += "GET / (the web page), ";
    }
    return t + "GET /openapi.yaml, GET /healthz, GET /v1/model, POST /v1/recommendations, POST /v1/recommendations/csv";
  }();
  return text;
}

}  // namespace

std::shared_ptr<const ServedModel> load_served_model(const std::filesystem::path& model_dir) {
  auto m = std::make_shared<ServedModel>();
  m->dir = model_dir.string();
  m->loaded_at = utc_now_iso(false);
  m->api = open_task_api(model_dir);
  m->info_json = m->api->info_json(m->dir, m->loaded_at);
  return m;
}

std::string access_log_line(std::string_view remote_addr, int remote_port, std::string_view method,
                            std::string_view path, int status, std::size_t bytes, double millis) {
  std::string line = utc_now_iso(true);
  line += ' ';
  line += remote_addr;
  line += ':';
  line += std::to_string(remote_port);
  line += " \"";
  // The path is the client's: control characters and quotes would forge
  // log lines, so they are escaped.
  for (char c : method.substr(0, 16)) line += (c >= 0x21 && c < 0x7F && c != '"') ? c : '?';
  line += ' ';
  for (char c : path.substr(0, 512)) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F && c != '"' && c != '\\') {
      line += c;
    } else {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      line += esc;
    }
  }
  line += "\" ";
  line += std::to_string(status);
  line += ' ';
  line += std::to_string(bytes);
  line += "B ";
  if (millis >= 0) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.3fms", millis);
    line += ms;
  } else {
    line += '-';
  }
  return line;
}

struct Server::Impl {
  std::filesystem::path model_dir;
  ServerOptions options;
  HttpServer http;
  mutable std::mutex model_mutex;
  std::shared_ptr<const ServedModel> model;
  std::atomic<std::size_t> busy{0};
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> run_entered{false};
  std::atomic<bool> run_finished{false};
  int listen_fd = -1;  // the listening socket, seen by the socket-options hook

  // Which model `model` is: unique in the process, so a thread's copy is
  // never mistaken for another server's (or a freed one's) model.
  std::atomic<std::uint64_t> generation{0};

  std::shared_ptr<const ServedModel> current() const {
    std::lock_guard lock(model_mutex);
    return model;
  }
  void set_model(std::shared_ptr<const ServedModel> m) {
    static std::atomic<std::uint64_t> models_loaded{0};
    std::lock_guard lock(model_mutex);
    model = std::move(m);
    generation = ++models_loaded;
  }
  // The model for the request this thread serves, with no lock and no
  // shared reference count touched on the way (every thread would contend
  // for both on every request): the thread keeps its own reference and
  // takes the lock only on its first request after a reload. A request
  // runs on the model it started with.
  const ServedModel& for_request() const {
    thread_local std::uint64_t seen = 0;
    thread_local std::shared_ptr<const ServedModel> kept;
    if (generation.load(std::memory_order_acquire) != seen) {
      std::lock_guard lock(model_mutex);
      kept = model;
      seen = generation.load(std::memory_order_relaxed);
    }
    return *kept;
  }

  // The routes and handlers, in the order httplib consults them.
  void install_routes();
  // Before routing: the start time and a 415 for the wrong media type; after
  // routing: CORS for the configured origins.
  void install_request_hooks();
  // GET of the embedded files (the page, when built in, and /openapi.yaml)
  // and OPTIONS for every path.
  void install_file_routes();
  // /healthz, /v1/model and the two recommendation endpoints.
  void install_api_routes();
  // 405 with Allow for a known path asked with the wrong method.
  void install_method_errors();
  // JSON bodies for httplib's own statuses and for exceptions; the access log.
  void install_error_handlers();
};

void Server::Impl::install_routes() {
  install_request_hooks();
  install_file_routes();
  install_api_routes();
  install_method_errors();
  install_error_handlers();
}

void Server::Impl::install_request_hooks() {
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    tl_request_start = Clock::now();
    if (const std::string message = wrong_media_type(req); !message.empty()) {
      send_error(res, 415, ErrorCode::unsupported_media_type, message);
      // The body was not read: the connection cannot carry another request.
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // CORS: only for the configured origins, and nothing at all without them.
  // Vary: Origin, because the answer differs by origin and a cache must not
  // hand one origin's answer to another.
  http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const auto& origins = options.cors_origins;
    if (origins.empty()) return;
    res.set_header("Vary", "Origin");
    const std::string origin = req.get_header_value("Origin");
    if (origin.empty() || std::find(origins.begin(), origins.end(), origin) == origins.end()) return;
    res.set_header("Access-Control-Allow-Origin", origin);
    if (req.method == "OPTIONS" && req.has_header("Access-Control-Request-Method")) {
      if (const char* allow = allowed_methods(req.path)) {
        res.set_header("Access-Control-Allow-Methods", allow);
        res.set_header("Access-Control-Allow-Headers", "Content-Type");
        res.set_header("Access-Control-Max-Age", "600");
      }
    }
  });
}

void Server::Impl::install_file_routes() {
  // OPTIONS names what a path allows (204); unknown paths stay 404.
  http.Options(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
    const char* allow = allowed_methods(req.path);
    if (allow == nullptr) {
      res.status = 404;
      return;
    }
    res.status = 204;
    res.set_header("Allow", allow);
  });

  for (const WebAsset* a = web_assets_begin(); a != web_assets_end(); ++a) {
    http.Get(std::string(a->path), [a](const httplib::Request&, httplib::Response& res) {
      res.set_content(a->body.data(), a->body.size(), std::string(a->content_type).c_str());
      // The page loads only its own files and talks only to this server.
      if (a->content_type.starts_with("text/html")) {
        res.set_header("Content-Security-Policy",
                       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
      }
      res.set_header("X-Content-Type-Options", "nosniff");
    });
  }
}

void Server::Impl::install_api_routes() {
  const ApiLimits limits = options.limits;
  http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\",\"model_loaded_at\":\"" + for_request().loaded_at + "\"}", kJson);
  });
  http.Get("/v1/model", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(for_request().info_json, kJson);
  });
  http.Post("/v1/recommendations", [this, limits](const httplib::Request& req, httplib::Response& res) {
    send(res, for_request().api->recommend_json(req.body, limits, tl_workspace));
  });
  http.Post("/v1/recommendations/csv", [this, limits](const httplib::Request& req, httplib::Response& res) {
    CsvQuery q;
    if (req.has_param("unit")) q.unit = req.get_param_value("unit");
    for (const ReadSetting& s : read_settings()) {
      const std::string name(s.name);
      if (req.has_param(name)) q.read[name] = req.get_param_value(name);
    }
    if (req.has_param("exercise")) q.exercise = req.get_param_value("exercise");
    if (req.has_param("history")) q.history = req.get_param_value("history");
    send(res, for_request().api->recommend_csv(req.body, q, limits, tl_workspace));
  });
}

void Server::Impl::install_method_errors() {
  // The right path with the wrong method is 405 with Allow, not 404.
  auto not_allowed = [](const char* allow) {
    return [allow](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", allow);
      send_error(res, 405, ErrorCode::method_not_allowed, "method " + req.method + " is not allowed here (allowed: " + allow + ")");
    };
  };
  std::vector<std::string> get_paths = {"/healthz", "/v1/model"};
  for (const WebAsset* a = web_assets_begin(); a != web_assets_end(); ++a) get_paths.emplace_back(a->path);
  for (const std::string& path : get_paths) {
    http.Post(path, not_allowed("GET"));
    http.Put(path, not_allowed("GET"));
    http.Delete(path, not_allowed("GET"));
    http.Patch(path, not_allowed("GET"));
  }
  for (const char* path : {"/v1/recommendations", "/v1/recommendations/csv"}) {
    http.Get(path, not_allowed("POST"));
    http.Put(path, not_allowed("POST"));
    http.Delete(path, not_allowed("POST"));
    http.Patch(path, not_allowed("POST"));
  }
}

void Server::Impl::install_error_handlers() {
  // Statuses httplib sets itself (400 malformed request, 404, 413 past the
  // payload limit, 414 long URI, ...) get a JSON body too.
  http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413) {
      if (std::string wrong = wrong_media_type(req); !wrong.empty()) {
        res.status = 415;
        res.set_content(error_body(415, ErrorCode::unsupported_media_type, wrong), kJson);
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    const auto [code, message] = [&]() -> std::pair<ErrorCode, std::string> {
      switch (res.status) {
        case 400: return {ErrorCode::malformed_http, "malformed HTTP request"};
        case 404: return {ErrorCode::not_found, "no such endpoint: " + req.path + " (see " + endpoints_served() + ")"};
        case 413: return {ErrorCode::too_large, "the request body is larger than the server accepts"};
        case 414: return {ErrorCode::uri_too_long, "the request URI is too long"};
        default: return {ErrorCode::http_error, "HTTP status " + std::to_string(res.status)};
      }
    }();
    res.set_content(error_body(res.status, code, message), kJson);
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = std::string("internal error: ") + e.what();
    } catch (...) {
    }
    send_error(res, 500, ErrorCode::internal_error, what);
  });

  if (options.access_log) {
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      double ms = -1;
      if (tl_request_start != Clock::time_point{}) {
        ms = std::chrono::duration<double, std::milli>(Clock::now() - tl_request_start).count();
      }
      tl_request_start = {};
      options.access_log(access_log_line(req.remote_addr, req.remote_port, req.method, req.path, res.status,
                                         res.body.size(), ms));
    });
  }
}

Server::Server(std::filesystem::path model_dir, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->model_dir = std::move(model_dir);
  impl_->options = std::move(options);
  impl_->set_model(load_served_model(impl_->model_dir));
  const ServerOptions& o = impl_->options;
  if (o.max_connections < 1 || o.min_workers < 0 || o.min_workers > o.max_connections) {
    throw InputError("server: need 0 <= min_workers <= max_connections and max_connections >= 1");
  }
  auto& http = impl_->http;
  Impl* impl = impl_.get();
  // The timeouts are the connection stream's (serve/connection.hpp), not
  // httplib's: its keep-alive loop and socket stream are not used.
  http.connection_limits = ConnectionLimits{o.read_timeout, o.write_timeout,
                                            std::chrono::duration_cast<std::chrono::milliseconds>(o.keep_alive_timeout),
                                            std::max<std::size_t>(o.keep_alive_max_requests, 1)};
  // A response goes out in one send(), but "100 Continue" and large bodies
  // are sent as they come: no Nagle delay for those. Set on the listening
  // socket, it is inherited by accepted ones (Linux).
  http.set_tcp_nodelay(true);
  // httplib's default sets SO_REUSEPORT, which lets a second server bind the
  // same port and silently split its traffic: only SO_REUSEADDR here, so a
  // busy port is an error.
  http.set_socket_options([impl](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    impl->listen_fd = sock;
  });
  http.set_payload_max_length(std::max(o.limits.max_json_body_bytes, o.limits.max_csv_body_bytes));
  http.new_task_queue = [impl] {
    const auto& opt = impl->options;
    return new ElasticPool(static_cast<std::size_t>(opt.min_workers), static_cast<std::size_t>(opt.max_connections),
                           std::chrono::seconds(30), impl->busy);
  };
  impl_->install_routes();
}

Server::~Server() { stop(); }

int Server::bind() {
  const ServerOptions& o = impl_->options;
  int port = o.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(o.host);
  } else if (!impl_->http.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                             " (address in use, or not an address of this machine)");
  }
  // Debian's libcpp-httplib is compiled with a listen backlog of 5: a burst
  // of new connections overflows it and each dropped SYN costs its client a
  // 1 s retransmit. listen() again on the bound socket raises it (Linux).
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  return port;
}

void Server::run() {
  impl_->run_entered = true;
  if (!impl_->stop_requested) impl_->http.listen_after_bind();
  impl_->run_finished = true;
}

void Server::stop() {
  impl_->stop_requested = true;
  // A stop that races run()'s start must not be lost: wait until the
  // listener runs (or run() was never entered), then close it.
  if (impl_->run_entered) {
    for (int i = 0; i < 2000 && !impl_->run_finished && !impl_->http.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  impl_->http.stop();
}

std::string Server::reload() {
  try {
    auto fresh = load_served_model(impl_->model_dir);
    impl_->set_model(std::move(fresh));
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::shared_ptr<const ServedModel> Server::model() const { return impl_->current(); }

bool Server::is_running() const { return impl_->http.is_running(); }

std::size_t Server::active_connections() const { return impl_->busy.load(); }

namespace {

sigset_t server_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGUSR2);  // internal: run() ended on its own
  return set;
}

}  // namespace

void block_server_signals() {
  const sigset_t set = server_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int serve_until_signal(Server& server, const std::function<void(std::string_view)>& log) {
  const sigset_t set = server_signals();
  sigset_t old;
  pthread_sigmask(SIG_BLOCK, &set, &old);
  std::atomic<bool> waiter_done{false};
  std::thread waiter([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGHUP) {
        const std::string error = server.reload();
        if (log) {
          log(error.empty() ? "SIGHUP: reloaded the model (" + server.model()->dir + ", " + server.model()->loaded_at + ")"
                            : "SIGHUP: reload failed, still serving the previous model: " + error);
        }
        continue;
      }
      if (sig == SIGTERM || sig == SIGINT) {
        if (log) log(std::string(sig == SIGTERM ? "SIGTERM" : "SIGINT") + ": finishing in-flight requests, then exiting");
        server.stop();
      }
      break;
    }
    waiter_done = true;
  });
  server.run();
  if (!waiter_done) pthread_kill(waiter.native_handle(), SIGUSR2);
  waiter.join();
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return 0;
}

}  // namespace exertrack::serve

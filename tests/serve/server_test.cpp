// The HTTP server in-process on an ephemeral loopback port: every endpoint
// and error status, model reload, graceful stop, malformed-request storms,
// stalled clients, and the real CLI under real signals.
#include "serve/server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "notebook/export/tfjs.hpp"
#include "notebook/predict/test_model.hpp"
#include "serve/access_log.hpp"

namespace ex = exertrack;
namespace sv = exertrack::serve;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const char* kIssueExample =
    R"json({"exercises": [{"name": "Bench Press (Barbell)", "unit": "kg", "sets": [
        {"weight": 100, "reps": 10}, {"weight": 100, "reps": 10}, {"weight": 100, "reps": 10},
        {"weight": 100, "reps": 20}, {"weight": 100, "reps": 30}, {"weight": 120, "reps": 10},
        {"weight": 130, "reps": 8}]}]})json";

std::filesystem::path model_dir() { return ex::testing::trained_721_run() / "model"; }

// A copy of the test model in a directory of its own (reload tests rewrite it).
std::filesystem::path copy_model(const std::string& name) {
  const auto dir = ex::testing::scratch_dir(name);
  std::filesystem::copy(model_dir(), dir, std::filesystem::copy_options::recursive);
  return dir;
}

// A server on 127.0.0.1:<ephemeral> running in a thread for one test.
class RunningServer {
 public:
  explicit RunningServer(const std::filesystem::path& dir, sv::ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    if (!options.access_log) {
      options.access_log = [this](std::string_view line) {
        std::lock_guard lock(log_mutex_);
        log_.emplace_back(line);
      };
    }
    server_ = std::make_unique<sv::Server>(dir, std::move(options));
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    for (int i = 0; i < 5000 && !server_->is_running(); ++i) std::this_thread::sleep_for(1ms);
  }
  ~RunningServer() { stop(); }
  void stop() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }
  [[nodiscard]] int port() const { return port_; }
  sv::Server& server() { return *server_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(10, 0);
    c.set_write_timeout(10, 0);
    c.set_keep_alive(true);
    c.set_tcp_nodelay(true);
    return c;
  }
  std::vector<std::string> log() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

 private:
  std::unique_ptr<sv::Server> server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

// A raw TCP connection for what an HTTP client library will not send.
class RawSocket {
 public:
  explicit RawSocket(int port, std::chrono::milliseconds recv_timeout = 10000ms) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{static_cast<time_t>(recv_timeout.count() / 1000), static_cast<suseconds_t>((recv_timeout.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;
  [[nodiscard]] bool connected() const { return connected_; }
  void send(std::string_view bytes) { (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // Everything until the peer closes (or the receive timeout): what the server answered.
  std::string read_all() {
    std::string out;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  // Until the end of the response headers (the connection may stay open).
  std::string read_head() {
    std::string out;
    char buf[4096];
    while (out.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  // -1: timed out (still open); 0: closed by the peer; > 0: bytes arrived.
  ssize_t wait_readable_bytes() {
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n < 0 ? -1 : n;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

json body_of(const httplib::Result& r) { return json::parse(r->body); }

}  // namespace

TEST(Server, HealthModelAndTheIssueExample) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  RunningServer s(model_dir());
  auto c = s.client();
  auto r = c.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(body_of(r)["status"], "ok");
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");

  r = c.Get("/v1/model");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(body_of(r)["classes"].size(), 3U);
  EXPECT_EQ(body_of(r)["metadata"]["standardization"]["applied"], "folded into first Dense layer");

  r = c.Post("/v1/recommendations", kIssueExample, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json res = body_of(r)["results"][0];
  EXPECT_EQ(res["label"], "increase reps");  // the original server said "increase weight"
  EXPECT_EQ(res["rule_label"], "increase reps");
  EXPECT_EQ(res["target"], (json{{"weight", 130}, {"unit", "kg"}, {"reps", 9}}));

  // One access-log line per request, in order (written after the response,
  // so the last one may trail the client by a moment).
  for (int i = 0; i < 2000 && s.log().size() < 3; ++i) std::this_thread::sleep_for(1ms);
  const auto log = s.log();
  ASSERT_EQ(log.size(), 3U);
  EXPECT_NE(log[0].find("\"GET /healthz\" 200"), std::string::npos) << log[0];
  EXPECT_NE(log[2].find("\"POST /v1/recommendations\" 200"), std::string::npos) << log[2];
}

TEST(Server, CsvUploadAndErrorStatuses) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  sv::ServerOptions o;
  o.limits.max_json_body_bytes = 4096;
  o.limits.max_csv_body_bytes = 1 << 20;
  RunningServer s(model_dir(), o);
  auto c = s.client();

  const std::string all = ex::core::util::read_file(ex::testing::data_file("weightlifting_721_workouts.csv"));
  const std::string head = all.substr(0, all.find('\n', 20000) + 1);
  auto r = c.Post("/v1/recommendations/csv?unit=kg", head, "text/csv");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_GT(body_of(r)["results"].size(), 3U);
  EXPECT_EQ(body_of(r)["results"][0]["target"]["unit"], "kg");
  r = c.Post("/v1/recommendations/csv?exercise=Squat%20(Barbell)", head, "text/csv; charset=utf-8");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(body_of(r)["results"].size(), 1U);

  struct Case {
    const char* method;
    const char* path;
    std::string body;
    const char* type;
    int status;
    const char* code;
  };
  const std::vector<Case> cases = {
      {"POST", "/v1/recommendations", "{", "application/json", 400, "not_json"},
      {"POST", "/v1/recommendations", kIssueExample, "text/plain", 415, "unsupported_media_type"},
      {"POST", "/v1/recommendations", kIssueExample, "", 415, "unsupported_media_type"},
      {"POST", "/v1/recommendations", R"({"exercises": []})", "application/json", 422, "invalid_request"},
      {"POST", "/v1/recommendations", std::string(5000, ' '), "application/json", 413, "too_large"},
      // past the server's payload limit: refused by the HTTP layer before the API sees it
      {"POST", "/v1/recommendations", std::string(2 << 20, 'x'), "application/json", 413, "too_large"},
      {"POST", "/v1/recommendations/csv", head, "application/json", 415, "unsupported_media_type"},
      {"POST", "/v1/recommendations/csv", "not,a\nworkout,export\n", "text/csv", 422, "unreadable_export"},
      {"POST", "/v1/recommendations/csv?unit=stone", head, "text/csv", 422, "invalid_request"},
      {"POST", "/v1/recommendations/csv?strict=maybe", head, "text/csv", 422, "invalid_request"},
      {"POST", "/v1/recommendations/csv?exercise=Nope", head, "text/csv", 422, "no_such_exercise"},
      {"GET", "/nope", "", "", 404, "not_found"},
      {"GET", "/v1/recommendations", "", "", 405, "method_not_allowed"},
      {"DELETE", "/v1/model", "", "", 405, "method_not_allowed"},
      {"POST", "/healthz", "{}", "application/json", 405, "method_not_allowed"},
  };
  for (const Case& k : cases) {
    httplib::Result res = std::string(k.method) == "GET"      ? c.Get(k.path)
                          : std::string(k.method) == "DELETE" ? c.Delete(k.path)
                                                              : c.Post(k.path, k.body, k.type);
    ASSERT_TRUE(res) << k.method << " " << k.path;
    EXPECT_EQ(res->status, k.status) << k.method << " " << k.path << " -> " << res->body;
    json j;
    ASSERT_NO_THROW(j = json::parse(res->body)) << res->body;
    EXPECT_EQ(j["error"]["status"], k.status);
    EXPECT_EQ(j["error"]["code"], k.code) << k.method << " " << k.path;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
  }
  // Still healthy.
  r = c.Post("/v1/recommendations", kIssueExample, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(Server, ReloadSwapsTheModelAndKeepsItOnFailure) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  const auto dir = copy_model("serve-reload");
  RunningServer s(dir);
  auto c = s.client();
  auto first = c.Post("/v1/recommendations", kIssueExample, "application/json");
  ASSERT_TRUE(first);
  const json p0 = body_of(first)["results"][0]["probabilities"];

  // A different model in the same directory: the test model with its output
  // bias pushed towards "increase weight, decrease reps".
  ex::notebook::export_::LoadedModel m = ex::notebook::export_::read_tfjs_model(dir);
  const auto cls = std::find(m.classes.begin(), m.classes.end(), "increase weight, decrease reps") - m.classes.begin();
  m.model.layers.back().bias(cls) += 50.0F;
  ex::notebook::export_::write_tfjs_model(dir, m.model, m.metadata);

  // Requests keep succeeding while the model is swapped under them.
  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, answered{0};
  std::thread hammer([&] {
    auto hc = s.client();
    while (!done) {
      auto r = hc.Post("/v1/recommendations", kIssueExample, "application/json");
      if (!r || r->status != 200) ++failures;
      ++answered;
    }
  });
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(s.server().reload(), "");
    std::this_thread::sleep_for(5ms);
  }
  while (answered < 20) std::this_thread::sleep_for(1ms);
  done = true;
  hammer.join();
  EXPECT_EQ(failures, 0);

  auto after = c.Post("/v1/recommendations", kIssueExample, "application/json");
  ASSERT_TRUE(after);
  const json res = body_of(after)["results"][0];
  EXPECT_EQ(res["label"], "increase weight, decrease reps");
  EXPECT_NE(res["probabilities"], p0);

  // A broken directory: reload reports it and the served model stays.
  ex::core::util::write_file_atomic(dir / "model.json", "{ not json");
  const std::string error = s.server().reload();
  EXPECT_NE(error.find("model.json"), std::string::npos) << error;
  auto still = c.Post("/v1/recommendations", kIssueExample, "application/json");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
  EXPECT_EQ(body_of(still)["results"][0]["label"], "increase weight, decrease reps");
}

TEST(Server, StopFinishesTheInFlightRequest) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  RunningServer s(model_dir());
  const std::string body = kIssueExample;
  RawSocket sock(s.port());
  ASSERT_TRUE(sock.connected());
  // The request is in flight: headers and half of the body have arrived...
  sock.send("POST /v1/recommendations HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, body.size() / 2));
  std::this_thread::sleep_for(100ms);
  // ...when the server is told to stop (as SIGTERM does).
  std::thread stopper([&] { s.stop(); });
  std::this_thread::sleep_for(100ms);
  sock.send(body.substr(body.size() / 2));
  const std::string answer = sock.read_all();
  stopper.join();
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0U) << answer;
  EXPECT_NE(answer.find("increase reps"), std::string::npos);
  // New connections are refused now.
  RawSocket late(s.port(), 1000ms);
  EXPECT_FALSE(late.connected());
}

// The connection stream (serve/connection.hpp) under httplib: pipelining,
// "100 Continue", responses past its write buffer, the keep-alive maximum.
TEST(Server, ConnectionStreamKeepsHttpSemantics) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  sv::ServerOptions o;
  o.keep_alive_max_requests = 3;
  RunningServer s(model_dir(), o);
  const std::string body = kIssueExample;
  const std::string post = "POST /v1/recommendations HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                           "Content-Length: " + std::to_string(body.size()) + "\r\n";
  {
    // Three requests in one write: three answers, and the third closes the
    // connection (the keep-alive maximum).
    RawSocket sock(s.port());
    sock.send(post + "\r\n" + body + post + "\r\n" + body + "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string all = sock.read_all();
    std::size_t answers = 0;
    for (std::size_t at = all.find("HTTP/1.1 200"); at != std::string::npos; at = all.find("HTTP/1.1 200", at + 1)) ++answers;
    EXPECT_EQ(answers, 3U) << all;
    EXPECT_NE(all.find("Connection: close"), std::string::npos);
    EXPECT_NE(all.rfind("\"status\":\"ok\""), std::string::npos);
  }
  {
    // A client that waits for "100 Continue" before sending the body gets it.
    RawSocket sock(s.port(), 3000ms);
    sock.send(post + "Expect: 100-continue\r\n\r\n");
    EXPECT_EQ(sock.read_head().rfind("HTTP/1.1 100 Continue", 0), 0U);
    sock.send(body);
    const std::string answer = sock.read_head();
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0U) << answer;
  }
  {
    // An answer larger than the stream's 64 KB buffer arrives whole.
    json many = {{"exercises", json::array()}};
    for (int i = 0; i < 200; ++i) {
      json e = json::parse(kIssueExample)["exercises"][0];
      e["name"] = "Exercise " + std::to_string(i);
      many["exercises"].push_back(e);
    }
    auto c = s.client();
    auto r = c.Post("/v1/recommendations", many.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    EXPECT_GT(r->body.size(), 64U * 1024U);
    const json j = body_of(r);
    ASSERT_EQ(j["results"].size(), 200U);
    EXPECT_EQ(j["results"][199]["name"], "Exercise 199");
  }
}

TEST(Server, StopDoesNotWaitOutIdleKeepAliveConnections) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  sv::ServerOptions o;
  o.keep_alive_timeout = 30s;
  RunningServer s(model_dir(), o);
  // A client that got its answer and keeps the connection open.
  auto c = s.client();
  ASSERT_TRUE(c.Get("/healthz"));
  RawSocket idle(s.port());
  ASSERT_TRUE(idle.connected());
  std::this_thread::sleep_for(50ms);
  const auto start = std::chrono::steady_clock::now();
  s.stop();
  const auto took = std::chrono::steady_clock::now() - start;
  // Idle connections notice the stop within one wait tick (200 ms), not
  // after keep_alive_timeout.
  EXPECT_LT(took, 2s);
  EXPECT_EQ(idle.wait_readable_bytes(), 0);  // closed
}

TEST(Server, ThousandsOfMalformedRequestsThenAGoodOne) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  sv::ServerOptions o;
  o.limits.max_json_body_bytes = 64 * 1024;
  o.limits.max_csv_body_bytes = 256 * 1024;
  o.read_timeout = 500ms;
  RunningServer s(model_dir(), o);
  std::mt19937 rng(7);
  auto byte = [&] { return static_cast<char>(rng() & 0xFFU); };

  // 1. Mutated JSON bodies on one keep-alive connection: every answer is a
  // JSON 200/400/413/422, never a dropped connection.
  auto c = s.client();
  const std::string good = kIssueExample;
  int answered = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string b = good;
    switch (i % 5) {
      case 0: b = b.substr(0, rng() % b.size()); break;                       // truncated
      case 1: for (int k = 0; k < 4; ++k) b[rng() % b.size()] = byte(); break;  // bytes flipped
      case 2: b.insert(rng() % b.size(), std::string(1 + rng() % 8, byte())); break;
      case 3: b = std::string(rng() % 300, '\0') + b; break;
      case 4: {  // a valid shape with hostile values
        const char* vals[] = {"-1", "1e999", "null", "\"\"", "[]", "{}", "1e-400", "18446744073709551616", "-0"};
        const auto at = b.find("130");
        b.replace(at, 3, vals[rng() % 9]);
        break;
      }
    }
    auto r = c.Post("/v1/recommendations", b, "application/json");
    ASSERT_TRUE(r) << "request " << i << " got no answer: " << b;
    EXPECT_TRUE(r->status == 200 || r->status == 400 || r->status == 413 || r->status == 422) << r->status;
    EXPECT_TRUE(json::accept(r->body)) << r->body;
    ++answered;
  }
  EXPECT_EQ(answered, 1500);

  // 2. Garbage CSV uploads.
  for (int i = 0; i < 300; ++i) {
    std::string b = "Date,Exercise Name,Weight,Reps\n2020-01-01 10:00:00,Squat,100,5\n";
    for (int k = 0; k < 1 + i % 20; ++k) b.insert(rng() % b.size(), 1, byte());
    auto r = c.Post("/v1/recommendations/csv?weight_unit=kg", b, "text/csv");
    ASSERT_TRUE(r) << "csv " << i;
    EXPECT_TRUE(r->status == 200 || r->status == 422) << r->status << " " << r->body;
  }

  // 3. Raw garbage, truncated and oversized HTTP on fresh connections,
  // closed without waiting (the server must clean up after each).
  const std::vector<std::string> raw = {
      "GARBAGE\r\n\r\n",
      "GET / HTTP/1.1\r\nHost",
      "POST /v1/recommendations HTTP/1.1\r\nContent-Length: 100000\r\nContent-Type: application/json\r\n\r\n{\"ex",
      "POST /v1/recommendations HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
      "POST /v1/recommendations HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n",
      "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\r\nX: " + std::string(20000, 'b') + "\r\n\r\n",
      std::string("\0\0\0\0\r\n\r\n", 8),
  };
  for (int i = 0; i < 1200; ++i) {
    RawSocket sock(s.port(), 2000ms);
    ASSERT_TRUE(sock.connected()) << "connection " << i << " refused";
    if (i % 3 == 0) {
      std::string junk(1 + rng() % 512, ' ');
      for (char& ch : junk) ch = byte();
      sock.send(junk);
    } else {
      sock.send(raw[static_cast<std::size_t>(i) % raw.size()]);
    }
  }
  // A few complete bad requests whose answers are read: JSON errors.
  for (const std::string& req : {raw[3], raw[5], raw[6], std::string("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n")}) {
    RawSocket sock(s.port(), 5000ms);
    sock.send(req);
    const std::string answer = sock.read_head();
    EXPECT_EQ(answer.rfind("HTTP/1.1 4", 0), 0U) << answer.substr(0, 200);
  }

  // The server still answers a good request correctly.
  auto fresh = s.client();
  auto r = fresh.Post("/v1/recommendations", kIssueExample, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(body_of(r)["results"][0]["label"], "increase reps");
  EXPECT_EQ(body_of(r)["results"][0]["target"]["reps"], 9);
}

TEST(Server, StalledAndIdleClientsTimeOutAndBlockNobody) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  sv::ServerOptions o;
  o.min_workers = 2;
  o.read_timeout = 1000ms;
  o.keep_alive_timeout = 1s;
  RunningServer s(model_dir(), o);
  // More stalled clients than the pool keeps threads: half a request each.
  std::vector<std::unique_ptr<RawSocket>> stalled;
  for (int i = 0; i < 16; ++i) {
    stalled.push_back(std::make_unique<RawSocket>(s.port(), 8000ms));
    stalled.back()->send("POST /v1/recommendations HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                         "Content-Length: 500\r\n\r\n{\"exercises\": [");
  }
  RawSocket idle(s.port(), 8000ms);  // connects and says nothing
  std::this_thread::sleep_for(100ms);
  // Nobody waits behind them.
  auto c = s.client();
  c.set_read_timeout(3, 0);
  auto r = c.Post("/v1/recommendations", kIssueExample, "application/json");
  ASSERT_TRUE(r) << "a good request waited behind stalled clients";
  EXPECT_EQ(r->status, 200);
  // And the stalled ones are cut once a read has waited read_timeout, the
  // idle one after keep_alive_timeout: each sees the connection close.
  for (auto& sock : stalled) {
    const ssize_t n = sock->wait_readable_bytes();
    EXPECT_NE(n, -1) << "a stalled connection was never closed";
  }
  EXPECT_EQ(idle.wait_readable_bytes(), 0);
}

TEST(Server, ConcurrentClientsGetTheirOwnAnswers) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  RunningServer s(model_dir());
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto c = s.client();
      for (int i = 0; i < 50; ++i) {
        const double w = 50 + t * 10 + i;
        const json body = {{"exercises", {{{"name", "E" + std::to_string(t)}, {"unit", "kg"},
                                           {"sets", {{{"weight", w}, {"reps", 5}}, {{"weight", w}, {"reps", 5}}}}}}}};
        auto r = c.Post("/v1/recommendations", body.dump(), "application/json");
        if (!r || r->status != 200) {
          ++wrong;
          continue;
        }
        const json res = json::parse(r->body)["results"][0];
        if (res["name"] != "E" + std::to_string(t) || res["last_set"]["weight"] != w) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, 0);
}

TEST(Server, BadModelDirectoryAndBusyPortAreErrors) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  EXPECT_THROW(sv::Server bad(ex::testing::scratch_dir("serve-empty-model"), {}), ex::core::util::InputError);
  RunningServer s(model_dir());
  sv::ServerOptions o;
  o.host = "127.0.0.1";
  o.port = s.port();
  sv::Server second(model_dir(), o);
  EXPECT_THROW((void)second.bind(), std::runtime_error);
}

TEST(AccessLogSink, WritesOneLinePerCall) {
  const auto path = ex::testing::scratch_dir("serve-access-log") / "access.log";
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  {
    sv::AccessLog log(f, 10ms);
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; ++t) {
      ts.emplace_back([&log, t] {
        for (int i = 0; i < 100; ++i) log.write("line " + std::to_string(t) + " " + std::to_string(i));
      });
    }
    for (auto& th : ts) th.join();
  }
  std::fclose(f);
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(line.rfind("line ", 0), 0U) << line;
    ++n;
  }
  EXPECT_EQ(n, 400);
}

// The CLI under real signals: SIGHUP reloads, SIGTERM exits 0.
TEST(ServeCli, RealSignals) {
  EXERTRACK_REQUIRE_DATA(ex::testing::data_721());
  const auto exe = ex::testing::binary_dir() / "apps" / "exertrack" / "exertrack";
  if (!std::filesystem::exists(exe)) GTEST_SKIP() << exe << " is not built";
  const auto dir = copy_model("serve-cli-model");
  int err_pipe[2];
  ASSERT_EQ(::pipe(err_pipe), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(err_pipe[1], 2);
    ::close(err_pipe[0]);
    ::execl(exe.c_str(), exe.c_str(), "serve", "--model", dir.c_str(), "--port", "0", "--keep-alive-timeout-s", "1",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(err_pipe[1]);
  std::string err;
  auto read_until = [&](const std::string& needle) {
    char buf[512];
    while (err.find(needle) == std::string::npos) {
      const ssize_t n = ::read(err_pipe[0], buf, sizeof buf);
      if (n <= 0) return false;
      err.append(buf, static_cast<std::size_t>(n));
    }
    return true;
  };
  ASSERT_TRUE(read_until(" (SIGHUP")) << err;
  const auto at = err.find("http://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << err;
  const int port = std::stoi(err.substr(at + 17));
  httplib::Client c("127.0.0.1", port);
  c.set_tcp_nodelay(true);
  auto r = c.Post("/v1/recommendations", kIssueExample, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  ASSERT_TRUE(read_until("\"POST /v1/recommendations\" 200")) << err;  // the access log
  ::kill(pid, SIGHUP);
  ASSERT_TRUE(read_until("SIGHUP: reloaded the model")) << err;
  r = c.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  ::kill(pid, SIGTERM);
  ASSERT_TRUE(read_until("stopped")) << err;
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ::close(err_pipe[0]);
}

// What the web page needs from `exertrack serve`: the page and the contract
// built into the binary, CORS only for the configured origins, preflights,
// 415 before a body of the wrong type is read, and each exercise's session
// history and plates in the upload's answer. A next-session model trained
// here on the embedded synthetic log, so these run without the shared data.
#include "serve/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/train.hpp"
#include "synth/synth.hpp"

namespace forecast = exertrack::next_session::train;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::read_file;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::next_session::model::ForecastModel;
using exertrack::synth::SynthOptions;

namespace exertrack::serve {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// A small next-session model's directory, written once. The model object is
// never destroyed (XGBoost's globals may be gone at exit).
const std::filesystem::path& model_dir() {
  static const std::filesystem::path dir = [] {
    const WorkoutLog log = synth_workout_log(SynthOptions{});
    std::vector<forecast::Lifter> lifters{forecast::lifter_from_log(log, "synthetic", WeightUnit::lb, ForecastDefinition{})};
    forecast::ForecastTrainOptions o;
    o.set_rounds(20);
    o.threads = 1;
    const auto* m = new ForecastModel(forecast::train_model(lifters, forecast::all_transitions(lifters), o));
    // One directory per process: CTest runs each of these tests as its own
    // process, side by side, and a shared one was removed under another's write.
    const auto d = testing::scratch_dir("serve_web_model-" + std::to_string(::getpid()));
    m->write(d);
    return d;
  }();
  return dir;
}

class RunningServer {
 public:
  explicit RunningServer(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(model_dir(), std::move(options));
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    for (int i = 0; i < 5000 && !server_->is_running(); ++i) std::this_thread::sleep_for(1ms);
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(10, 0);
    return c;
  }

 private:
  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::thread thread_;
};

const char* kSquatKg =
    "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n"
    "2024-01-01 10:00:00,A,Squat (Barbell),1,100,5,,,\n"
    "2024-01-01 10:00:00,A,Squat (Barbell),2,100,5,,,\n"
    "2024-01-03 10:00:00,A,Squat (Barbell),1,102.5,5,,,\n"
    "2024-01-05 10:00:00,A,Squat (Barbell),1,105,5,,,\n"
    "2024-01-05 10:00:00,A,Curl (Dumbbell),1,12,10,,,\n";

TEST(ServeWeb, ThePageAndTheContractAreBuiltIn) {
  RunningServer s;
  auto c = s.client();
  // A 404 points to the page only when there is one.
  auto r = c.Get("/nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body.find("the web page") != std::string::npos, bool(EXERTRACK_WEB)) << r->body;
  EXPECT_NE(r->body.find("GET /openapi.yaml"), std::string::npos) << r->body;
  r = c.Get("/");
#if !EXERTRACK_WEB
  // Built without the page: no page at /, the API's contract all the same.
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = c.Get("/openapi.yaml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  GTEST_SKIP() << "built with EXERTRACK_WEB=OFF: the page is left out";
#endif
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r->body.find("src=\"/app.js\""), std::string::npos);
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("connect-src 'self'"), std::string::npos);
  r = c.Get("/app.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  // The bundle holds uPlot (its legal comment) and the page's upload call.
  EXPECT_NE(r->body.find("uPlot"), std::string::npos);
  EXPECT_NE(r->body.find("/v1/recommendations/csv"), std::string::npos);
  r = c.Get("/app.css");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find(".uplot"), std::string::npos);
  r = c.Get("/openapi.yaml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/yaml; charset=utf-8");
  // Compared as a whole, reported short: the file is long.
  EXPECT_TRUE(r->body == read_file(testing::source_dir() / "docs" / "openapi.yaml"))
      << "GET /openapi.yaml is not docs/openapi.yaml (" << r->body.size() << " bytes served)";
  r = c.Post("/", "x", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "GET");
}

TEST(ServeWeb, NoCorsHeadersUnlessOriginsAreConfigured) {
  RunningServer s;
  auto c = s.client();
  const httplib::Headers from_page = {{"Origin", "http://localhost:5173"}};
  auto r = c.Get("/healthz", from_page);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(r->has_header("Vary"));
  // OPTIONS still says what the path allows; a preflight gets no permission.
  r = c.Options("/v1/recommendations/csv", {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->get_header_value("Allow"), "POST, OPTIONS");
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Methods"));
}

TEST(ServeWeb, CorsForTheConfiguredOriginsOnly) {
  ServerOptions o;
  o.cors_origins = {"http://localhost:5173", "https://lift.example"};
  RunningServer s(o);
  auto c = s.client();
  auto r = c.Get("/v1/model", {{"Origin", "https://lift.example"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "https://lift.example");
  EXPECT_EQ(r->get_header_value("Vary"), "Origin");
  r = c.Get("/v1/model", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(r->get_header_value("Vary"), "Origin");
  // Preflight of the upload from an allowed page.
  r = c.Options("/v1/recommendations/csv", {{"Origin", "http://localhost:5173"},
                                            {"Access-Control-Request-Method", "POST"},
                                            {"Access-Control-Request-Headers", "content-type"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "http://localhost:5173");
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Methods"), "POST, OPTIONS");
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Headers"), "Content-Type");
  EXPECT_EQ(r->get_header_value("Access-Control-Max-Age"), "600");
  r = c.Options("/healthz", {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Methods"), "GET, OPTIONS");
  // Unknown paths are 404 to OPTIONS too.
  r = c.Options("/nope", {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  // Errors carry the header too, so the page can read their message.
  r = c.Post("/v1/recommendations/csv", {{"Origin", "http://localhost:5173"}}, "a,b\n", "image/png");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "http://localhost:5173");
}

TEST(ServeWeb, WrongContentTypeIs415EvenPastTheSizeLimit) {
  ServerOptions o;
  o.limits.max_json_body_bytes = 1024;
  o.limits.max_csv_body_bytes = 2048;
  RunningServer s(o);
  auto c = s.client();
  // Past both limits but within the socket buffers: the server answers
  // before reading the body and closes, and a body larger than the buffers
  // could make the client's send fail first (a reset) under load.
  const std::string big(8192, 'x');
  for (const char* type : {"image/png", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    for (const char* path : {"/v1/recommendations/csv", "/v1/recommendations"}) {
      auto r = c.Post(path, big, type);
      ASSERT_TRUE(r) << path << " " << type;
      EXPECT_EQ(r->status, 415) << path << " " << type << ": " << r->body;
      EXPECT_EQ(json::parse(r->body)["error"]["status"], 415);
    }
  }
  // No Content-Type at all (httplib's client would send text/plain): raw.
  {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(s.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const std::string request = "POST /v1/recommendations/csv HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n";
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    ::close(fd);
    ASSERT_GT(n, 0);
    const std::string answer(buf, static_cast<std::size_t>(n));
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 415") << answer;
    EXPECT_NE(answer.find("got ''"), std::string::npos) << answer;
  }
  // The right type past the limit is 413; the server still answers after.
  auto r = c.Post("/v1/recommendations/csv", big, "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  r = c.Post("/v1/recommendations/csv", kSquatKg, "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

// GymBook's XML export uploads as XML and is answered in the unit its cells
// name (kg), whatever the default for a column that names none.
TEST(ServeWeb, AGymBookXmlUploadIsReadInItsOwnUnit) {
  RunningServer s;
  auto c = s.client();
  const std::string xml = read_file(testing::source_dir() / "tests" / "data" / "ingest" / "gymbook_en.xml");
  auto r = c.Post("/v1/recommendations/csv", xml, "application/xml");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto j = nlohmann::json::parse(r->body);
  ASSERT_FALSE(j.at("results").empty());
  for (const auto& res : j.at("results")) EXPECT_EQ(res.at("unit"), "kg") << res.dump();
}

TEST(ServeWeb, HistoryOnRequestAndPlatesForBarbellTargets) {
  RunningServer s;
  auto c = s.client();
  auto r = c.Post("/v1/recommendations/csv?history=true", kSquatKg, "text/csv");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json results = json::parse(r->body)["results"];
  ASSERT_EQ(results.size(), 2U);
  const json& curl = results[0];
  const json& squat = results[1];
  ASSERT_EQ(squat["name"], "Squat (Barbell)");
  EXPECT_EQ(squat["history"], json::parse(R"([
      {"date": "2024-01-01", "weight": 100, "reps": 5, "e1rm": 116.666667},
      {"date": "2024-01-03", "weight": 102.5, "reps": 5, "e1rm": 119.583333},
      {"date": "2024-01-05", "weight": 105, "reps": 5, "e1rm": 122.5}])"));
  // The plates make the target: the 20 kg bar plus twice the plates per side.
  ASSERT_TRUE(squat["plates_per_side"].is_array()) << squat.dump();
  double loaded = 20;
  for (const auto& p : squat["plates_per_side"]) loaded += 2 * p.get<double>();
  EXPECT_DOUBLE_EQ(loaded, squat["target"]["weight"].get<double>());
  EXPECT_TRUE(curl["plates_per_side"].is_null());
  // In pounds the 45 lb bar and pound plates.
  r = c.Post("/v1/recommendations/csv?unit=lb&history=1", kSquatKg, "text/csv");
  ASSERT_TRUE(r);
  const json lb = json::parse(r->body)["results"][1];
  EXPECT_EQ(lb["unit"], "lb");
  EXPECT_EQ(lb["history"][2]["e1rm"], 270.066271);  // 122.5 kg, to 1e-6
  // Without asking, no history; a bad value is 422 naming it.
  r = c.Post("/v1/recommendations/csv", kSquatKg, "text/csv");
  ASSERT_TRUE(r);
  EXPECT_FALSE(json::parse(r->body)["results"][1].contains("history"));
  r = c.Post("/v1/recommendations/csv?history=yes", kSquatKg, "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("history: must be true or false"), std::string::npos);
}

}  // namespace
}  // namespace exertrack::serve

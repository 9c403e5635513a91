#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "core/util/error.hpp"
#include "serve/access_log.hpp"
#include "serve/server.hpp"
#include "shipped_model.hpp"

using exertrack::core::util::InputError;

namespace exertrack::cli {

void add_serve_command(CLI::App& app) {
  // The flags hold whole seconds and milliseconds; their defaults are
  // ServerOptions' own, defined once there.
  struct Options {
    std::string model;
    serve::ServerOptions server;
    std::string access_log = "-";
    std::int64_t keep_alive_s = server.keep_alive_timeout.count();
    std::int64_t read_timeout_ms = server.read_timeout.count();
    std::int64_t write_timeout_ms = server.write_timeout.count();
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("serve", "HTTP/1.1 JSON API: recommendations from a model directory");
  cmd->add_option("--model", o->model,
                  "Model directory written by `exertrack train` (either task) or a run directory holding model/; default: "
                  "the next-session model shipped with exertrack; SIGHUP re-reads it");
  cmd->add_option("--host", o->server.host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o->server.port, "Port (0: any free port)")->check(CLI::Range(0, 65535))->capture_default_str();
  cmd->add_option("--max-connections", o->server.max_connections, "Connections served at once (one thread each)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--min-workers", o->server.min_workers, "Worker threads kept when idle")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  cmd->add_option("--keep-alive-timeout-s", o->keep_alive_s, "Seconds an idle keep-alive connection stays open")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{3600}))
      ->capture_default_str();
  cmd->add_option("--read-timeout-ms", o->read_timeout_ms, "Most milliseconds one read of a request may wait")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{600000}))
      ->capture_default_str();
  cmd->add_option("--write-timeout-ms", o->write_timeout_ms, "Most milliseconds one write of a response may wait")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{600000}))
      ->capture_default_str();
  cmd->add_option("--max-body-bytes", o->server.limits.max_json_body_bytes, "Largest JSON request body")
      ->check(CLI::Range(std::size_t{64}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--max-csv-bytes", o->server.limits.max_csv_body_bytes, "Largest CSV upload")
      ->check(CLI::Range(std::size_t{64}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--max-exercises", o->server.limits.max_exercises, "Most exercises in one JSON request")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  cmd->add_option("--max-sets", o->server.limits.max_sets_per_exercise, "Longest history (sets) of one exercise")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24))
      ->capture_default_str();
  // An origin is what a browser sends in Origin: scheme, host and port,
  // nothing after; anything else could never match and is a typo.
  cmd->add_option("--cors-origin", o->server.cors_origins,
                  "An origin (e.g. http://localhost:5173) whose pages may call the API from a browser; repeatable. "
                  "Without it no CORS header is sent")
      ->check(CLI::Validator(
          [](const std::string& origin) -> std::string {
            const auto scheme = origin.find("://");
            const bool http = origin.starts_with("http://") || origin.starts_with("https://");
            if (!http || scheme == std::string::npos || origin.size() == scheme + 3 ||
                origin.find('/', scheme + 3) != std::string::npos) {
              return "'" + origin + "' is not an origin: scheme://host[:port], e.g. http://localhost:5173 (no path, no trailing /)";
            }
            return {};
          },
          "ORIGIN"));
  cmd->add_option("--access-log", o->access_log, "Access log: - (stderr), a file path, or off")->capture_default_str();
  cmd->callback([o] {
    serve::block_server_signals();  // before any thread starts
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
    std::unique_ptr<serve::AccessLog> access;
    if (o->access_log != "off") {
      std::FILE* out = stderr;
      if (o->access_log != "-") {
        file.reset(std::fopen(o->access_log.c_str(), "a"));
        if (!file) throw InputError("--access-log: cannot open '" + o->access_log + "' for appending");
        out = file.get();
      }
      access = std::make_unique<serve::AccessLog>(out);
      o->server.access_log = [log = access.get()](std::string_view line) { log->write(line); };
    }
    o->server.keep_alive_timeout = std::chrono::seconds(o->keep_alive_s);
    o->server.read_timeout = std::chrono::milliseconds(o->read_timeout_ms);
    o->server.write_timeout = std::chrono::milliseconds(o->write_timeout_ms);
    const std::filesystem::path model_dir = model_dir_or_shipped(o->model);
    serve::Server server(model_dir, o->server);
    if (const std::string summary = server.model()->api->summary(); !summary.empty()) announce_model(model_dir, summary, o->model.empty());
    const int port = server.bind();
    // Each line in one write: a script reading stderr (web/tests) must not
    // see the address without its port (std::cerr writes every << at once).
    const std::string address = "http://" + o->server.host + ":" + std::to_string(port);
    std::cerr << ("exertrack: serving " + model_dir.string() + " on " + address + " (SIGHUP reloads the model, SIGTERM stops)\n" +
                  "exertrack: the web page: " + address + "/\n")
              << std::flush;
    serve::serve_until_signal(server, [](std::string_view line) { std::cerr << "exertrack: " << line << std::endl; });
    std::cerr << "exertrack: stopped" << std::endl;
  });
}

}  // namespace exertrack::cli

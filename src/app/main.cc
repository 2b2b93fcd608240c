// The `takt` command line: serve, demo, user add, verify, upgrade, schedule solve.
#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/demo.h"
#include "app/simulator.h"
#include "connect/http/server.h"
#include "connect/sparkplug/mqtt_host.h"
#include "connect/web/web.h"
#include "core/hash.h"
#include "journal/journal.h"
#include "metrics/metrics.h"
#include "plan/queue.h"
#include "plan/watcher.h"
#include "runtime/runtime.h"
#include "schedule/checker.h"
#include "schedule/instance_io.h"
#include "schedule/solver.h"

namespace takt::app {
namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// `takt schedule solve`: reads a benchmark instance, solves it, prints the schedule.
int SolveFile(const std::string& path, const std::string& format_name, const schedule::SolveOptions& options) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "takt: cannot read %s\n", path.c_str());
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto format = format_name == "fjsp" ? schedule::Format::kFjsp : schedule::Format::kJssp;
  auto problem = schedule::ParseInstance(text.str(), format);
  if (!problem.ok()) {
    std::fprintf(stderr, "takt: %s: %s\n", path.c_str(), problem.status().message().c_str());
    return 2;
  }
  auto solved = schedule::Solve(*problem, options);
  if (!solved.ok()) {
    std::fprintf(stderr, "takt: %s: %s\n", path.c_str(), solved.status().message().c_str());
    return 2;
  }
  // Never print a schedule that the independent checker refuses.
  if (Status s = schedule::CheckSchedule(*problem, *solved); !s.ok()) {
    std::fprintf(stderr, "takt: internal error, invalid schedule: %s\n", s.message().c_str());
    return 3;
  }
  std::fputs(schedule::FormatSchedule(*solved, format).c_str(), stdout);
  return 0;
}

std::chrono::milliseconds Milliseconds(double ms) {
  return std::chrono::milliseconds(static_cast<int64_t>(ms));
}

int Fail(const Status& s) {
  std::fprintf(stderr, "takt: %s\n", s.message().c_str());
  return s.code() == Code::kInternal ? 3 : 2;
}

struct ServeFlags {
  std::string db = "sqlite:takt.db";
  std::string key_file;  // empty: beside the database
  int verify_every = 86400;
  std::string listen = "127.0.0.1:8080";
  uint64_t snapshot_every = 100000;
  int threads = 0;
  std::string mqtt;            // Sparkplug B host application's broker; empty: none
  bool simulate = false;       // the demo's machine simulator feeds every work unit
  int replan_every = 15;       // seconds between looks for breakdowns in machine data; 0: never
  std::string metrics_listen;  // HOST:PORT serving GET /metrics without a token; empty: none
  // Abuse guards of the HTTP server and API (see http::ServerOptions, http::ApiOptions).
  int max_connections = 0;
  int max_connections_per_address = 0;
  int idle_timeout_s = 10;
  double max_plan_seconds = 120;
  int auth_failures = 10;
  int auth_backoff_ms = 1000;
  // Web UI sessions (http::SessionStore).
  double session_hours = 12;
  double session_idle_minutes = 60;
  bool secure_cookies = false;
};

// The breakdown watcher on a timer thread of its own, stopped and joined when it goes. Each look
// (and its repair) runs on the plan queue's thread, ahead of waiting plans, so that it neither
// races a plan nor waits behind more than the job running.
class WatcherLoop {
 public:
  WatcherLoop(runtime::Runtime& rt, plan::PlanQueue& plans, std::chrono::seconds every)
      : watcher_(std::make_shared<plan::BreakdownWatcher>(rt)), plans_(plans), thread_([this, every] { Run(every); }) {}
  ~WatcherLoop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void Run(std::chrono::seconds every) {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, every, [&] { return stop_; })) {
      lock.unlock();
      // A look still waiting for the queue is not doubled; the watcher is used by one job at a time.
      plans_.Post([w = watcher_] { Look(*w); });
      lock.lock();
    }
  }

  static void Look(plan::BreakdownWatcher& watcher) {
    auto now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
    auto seen = watcher.Tick(Timestamp{now.count()});
    if (!seen.ok())
      std::fprintf(stderr, "takt: schedule repair (breakdown or late operation) failed, tried again: %s\n",
                   seen.status().ToString().c_str());
    else if (seen->repaired)
      std::printf("takt: schedule repaired: down [%s], back [%s], running late [%s]\n", Join(seen->down).c_str(),
                  Join(seen->back).c_str(), Join(seen->late).c_str());
    std::fflush(stdout);
  }

  std::shared_ptr<plan::BreakdownWatcher> watcher_;  // shared with a look still in the queue
  plan::PlanQueue& plans_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

void AddKeyFileFlag(CLI::App* cmd, std::string& key_file) {
  cmd->add_option("--key-file", key_file,
                  "the journal's chain key, a regular file (not a symbolic link) owned by the user takt runs as, "
                  "mode 0600 (default: the database's path with .key appended; created with a new journal, which "
                  "takt never makes under an existing key)");
}

// An unkeyed journal opens, replays and verifies, but proves nothing against whoever can write it.
void WarnIfUnkeyed(const journal::Journal& j, const std::string& db) {
  if (j.chain().keyed()) return;
  std::fprintf(stderr,
               "takt: WARNING: the journal %s has an unkeyed hash chain (written before keyed chains): anyone who "
               "can write the file can rewrite its history undetected; run  takt upgrade --db %s  to key it\n",
               db.c_str(), db.c_str());
}

void AddServeFlags(CLI::App* cmd, ServeFlags& f) {
  cmd->add_option("--db", f.db, "journal database URL (sqlite:PATH)")->capture_default_str();
  AddKeyFileFlag(cmd, f.key_file);
  cmd->add_option("--verify-every", f.verify_every,
                  "seconds between full verifications of the journal in the background (0: only the one at start)")
      ->capture_default_str()
      ->check(CLI::Range(0, 365 * 86400));
  cmd->add_option("--listen", f.listen, "HOST:PORT to listen on (port 0 picks a free one)")->capture_default_str();
  cmd->add_option("--snapshot-every", f.snapshot_every, "events between snapshots")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_option("--threads", f.threads, "HTTP threads (0: one per core)")->check(CLI::Range(0, 256));
  cmd->add_option("--mqtt", f.mqtt,
                  "also run a Sparkplug B host on this MQTT broker: "
                  "mqtt://HOST[:PORT][?host_id=ID&reorder_timeout_ms=N&session_timeout_ms=N]");
  cmd->add_option("--metrics-listen", f.metrics_listen,
                  "HOST:PORT that serves GET /metrics without a token (keep it private); /metrics on --listen "
                  "needs the read_journal permission");
  cmd->add_option("--replan-every", f.replan_every,
                  "seconds between looks at machine data for breakdowns that repair the schedule (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  cmd->add_option("--max-connections", f.max_connections,
                  "open HTTP connections at most (0: min(4096, descriptor limit - 64)); more get 503")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  cmd->add_option("--max-connections-per-address", f.max_connections_per_address,
                  "open HTTP connections per client address at most (0: a quarter of the total, at most 256); "
                  "more get 429")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  cmd->add_option("--idle-timeout", f.idle_timeout_s,
                  "seconds an idle keep-alive connection, or a request's headers, may take before it is closed")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-plan-seconds", f.max_plan_seconds, "the largest time_limit_s a plan or repair may ask for")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--auth-failures", f.auth_failures,
                  "failed authentications per client address before its tokens are refused for a while (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--auth-backoff-ms", f.auth_backoff_ms,
                  "the first such wait in milliseconds; it doubles with each further failure, up to 5 minutes")
      ->capture_default_str()
      ->check(CLI::Range(1, 300000));
  cmd->add_option("--session-hours", f.session_hours,
                  "a web UI session ends this many hours after sign-in at the latest (fractions allowed)")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 8760.0));
  cmd->add_option("--session-idle-minutes", f.session_idle_minutes,
                  "a web UI session ends after this many minutes without a request (fractions allowed)")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 525600.0));
  cmd->add_flag("--secure-cookies", f.secure_cookies,
                "mark the session cookie Secure (browsers then send it over https only): set it when clients reach "
                "takt through TLS (a reverse proxy)");
}

// Opens the runtime, lets `prepare` populate it, then serves until SIGINT/SIGTERM.
int Serve(const ServeFlags& f, const std::function<Status(runtime::Runtime&)>& prepare) {
  http::ServerOptions so;
  so.threads = f.threads;
  so.max_connections = f.max_connections;
  so.max_connections_per_address = f.max_connections_per_address;
  so.idle_timeout = std::chrono::seconds(f.idle_timeout_s);
  if (Status s = http::ParseListen(f.listen, so.host, so.port); !s.ok()) return Fail(s);
  std::optional<http::ServerOptions> metrics_so;
  if (!f.metrics_listen.empty()) {
    metrics_so.emplace();
    metrics_so->threads = 1;
    Status s = http::ParseListen(f.metrics_listen, metrics_so->host, metrics_so->port);
    if (!s.ok()) return Fail(Status::Invalid("--metrics-listen: " + s.message(), "metrics-listen"));
  }
  // Counters of the writer, HTTP and Sparkplug; outlives everything that reports to it.
  metrics::Registry registry;
  const uint64_t descriptors = http::ResolveLimits(so);
  std::optional<sparkplug::MqttOptions> mo;
  if (!f.mqtt.empty()) {
    auto parsed = sparkplug::ParseMqttUrl(f.mqtt);
    if (!parsed.ok()) return Fail(parsed.status());
    mo = std::move(parsed).value();
  }
  runtime::Options ro;
  ro.db_url = f.db;
  ro.key_file = f.key_file;
  ro.snapshot_every = f.snapshot_every;
  ro.metrics = &registry;
  ro.verify_every = std::chrono::seconds(f.verify_every);
  auto rt = runtime::Runtime::Open(ro);
  if (!rt.ok()) return Fail(rt.status());
  WarnIfUnkeyed((*rt)->journal(), f.db);
  if (prepare) {
    if (Status s = prepare(**rt); !s.ok()) return Fail(s);
  }
  // The demo's machines: eight hours of history at once, then live, through the writer like any gateway.
  std::unique_ptr<MachineSimulator> simulator;
  if (f.simulate) {
    simulator = std::make_unique<MachineSimulator>(**rt, 1);
    auto now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
    if (Status s = simulator->Start(Timestamp{now.count()}, std::chrono::hours(8)); !s.ok()) return Fail(s);
    std::printf("takt: machine simulator running (%llu readings of history)\n",
                static_cast<unsigned long long>(simulator->readings()));
  }
  // Plans and repairs run on the queue's thread; the watcher below uses it too.
  auto plans = std::make_unique<plan::PlanQueue>(**rt);
  http::Api api(**rt, *plans,
                {.auth_failures = f.auth_failures,
                 .auth_backoff = std::chrono::milliseconds(f.auth_backoff_ms),
                 .max_plan_seconds = f.max_plan_seconds,
                 .session_max_age = Milliseconds(f.session_hours * 3600e3),
                 .session_idle = Milliseconds(f.session_idle_minutes * 60e3),
                 .secure_cookies = f.secure_cookies},
                &registry);
  // The web UI at every path outside /api and /metrics; the API for the rest.
  auto server = http::StartServer(so, [&api](const http::Request& req, http::Reply reply) {
    if (web::IsWebPath(req.target)) return reply(web::Serve(req));
    api.Handle(req, std::move(reply));
  });
  if (!server.ok()) return Fail(server.status());
  std::printf("takt: at most %d connections, %d per client address (%llu descriptors)\n", so.max_connections,
              so.max_connections_per_address, static_cast<unsigned long long>(descriptors));
  if (static_cast<uint64_t>(so.max_connections) + 64 > descriptors)
    std::printf("takt: warning: --max-connections %d leaves fewer than 64 of %llu descriptors for the rest\n",
                so.max_connections, static_cast<unsigned long long>(descriptors));
  std::unique_ptr<http::Server> metrics_server;
  if (metrics_so) {
    auto started = http::StartServer(*metrics_so, [&api](const http::Request& req, http::Reply reply) {
      api.HandleMetricsOnly(req, std::move(reply));
    });
    if (!started.ok()) return Fail(started.status());
    metrics_server = std::move(started).value();
  }
  const auto& st = (*rt)->open_stats();
  std::printf("takt: journal %s at event %llu (snapshot %llu + %llu replayed in %.3f s)\n", f.db.c_str(),
              static_cast<unsigned long long>((*rt)->journal().head().seq),
              static_cast<unsigned long long>(st.snapshot_seq), static_cast<unsigned long long>(st.replayed),
              st.seconds);
  // Sparkplug B next to HTTP: it connects (and reconnects) in the background.
  std::unique_ptr<sparkplug::MqttHost> mqtt;
  if (mo) {
    std::printf("takt: sparkplug host '%s' on mqtt://%s:%u\n", mo->session.host_id.c_str(), mo->host.c_str(), mo->port);
    mo->metrics = &registry;
    auto started = sparkplug::MqttHost::Start(*mo, **rt);
    if (!started.ok()) return Fail(started.status());
    mqtt = std::move(started).value();
  }
  // Breakdowns that machine data shows repair the schedule by themselves (state models say when).
  std::unique_ptr<WatcherLoop> watcher;
  if (f.replan_every > 0) watcher = std::make_unique<WatcherLoop>(**rt, *plans, std::chrono::seconds(f.replan_every));
  std::string host = so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host;
  // Nothing fails after this point: the thread is joined below.
  std::thread metrics_thread;
  if (metrics_server) metrics_thread = std::thread([&] { metrics_server->Run(); });
  if (metrics_server)
    std::printf("takt: metrics on http://%s:%u/metrics\n", metrics_so->host.c_str(), metrics_server->port());
  std::printf("takt: listening on http://%s:%u\n", host.c_str(), (*server)->port());
  std::fflush(stdout);
  (*server)->Run();
  std::printf("takt: stopping\n");
  if (metrics_server) {
    metrics_server->Stop();
    metrics_thread.join();
  }
  if (mqtt) mqtt->Stop();  // STATE offline and the last batches, while the runtime still runs
  watcher.reset();
  // The plan queue stops its solve and answers what waits while the server's context, stopped
  // but not yet destroyed, can still take the replies (it drops them).
  plans.reset();
  simulator.reset();
  // Commit and answer what is queued while the server and the API, which the answers reach, still
  // exist; their destructors run after this, the runtime's last.
  (*rt)->Stop();
  return 0;
}

Status DemoPrepare(runtime::Runtime& rt, const std::string& listen) {
  auto created = EnsureDemoPlant(rt);
  if (!created.ok()) return created.status();
  auto orders = EnsureDemoOrders(rt, Timestamp{std::chrono::duration_cast<std::chrono::microseconds>(
                                                   std::chrono::system_clock::now().time_since_epoch())
                                                   .count()});
  if (!orders.ok()) return orders.status();
  // Tokens are stored only as hashes, so the demo issues fresh tokens at each start: one user per
  // role, so that the web UI can be tried as each of them.
  struct DemoUser {
    const char* name;
    plant::Role role;
    const char* what;
    std::string token;
  };
  DemoUser users[] = {{"demo-operator", plant::Role::kOperator, "the operator terminal", {}},
                      {"demo-supervisor", plant::Role::kSupervisor, "plant board, orders, schedule, recall", {}},
                      {"demo-admin", plant::Role::kAdmin, "everything, users", {}},
                      {"demo-viewer", plant::Role::kViewer, "reads only", {}}};
  for (DemoUser& u : users) {
    u.token = RandomToken();
    bool exists = rt.Read([&](const plant::Plant& p) { return p.FindUser(u.name) != nullptr; });
    auto r = exists ? rt.Execute(plant::IssueToken{u.name, TokenHash(u.token)}, "system:demo")
                    : rt.Execute(plant::AddUser{u.name, u.role, TokenHash(u.token)}, "system:demo");
    if (!r.ok()) return r.status();
  }
  std::printf("takt: demo plant ready (%zu resources and %zu work orders created now)\n", *created, *orders);
  std::printf("takt: admin token for this run: %s\n", users[2].token.c_str());
  std::printf("takt: open http://%s/ in a browser and sign in with one of these (tokens change at each start):\n",
              listen.c_str());
  for (const DemoUser& u : users) std::printf("takt:   user %-16s token %s   (%s)\n", u.name, u.token.c_str(), u.what);
  std::printf("takt: the REST API: curl -H 'Authorization: Bearer %s' http://%s/api/v1/equipment?level=site\n",
              users[2].token.c_str(), listen.c_str());
  std::printf(
      "takt: and  /api/v1/work-orders, /api/v1/schedules/active, /api/v1/dispatch?work_center=LYON-MACH-TURN,\n"
      "           /api/v1/material-lots/L-STEEL20-2611-001/trace?direction=forward,\n"
      "           /api/v1/kpi?equipment=LYON&window=day, /api/v1/live?equipment=LYON-MACH (live OEE)\n");
  return Status::Ok();
}

}  // namespace

int Main(int argc, char** argv) {
  InitCrypto();
  CLI::App app{"Takt: manufacturing operations management on an append-only journal"};
  app.require_subcommand(1);
  app.failure_message(
      [](const CLI::App*, const CLI::Error& e) { return std::string("takt: ") + e.what() + " (see --help)\n"; });

  ServeFlags serve_flags;
  auto* serve = app.add_subcommand("serve", "serve the plant's REST API");
  AddServeFlags(serve, serve_flags);

  ServeFlags demo_flags;
  demo_flags.db = "sqlite:takt-demo.db";
  auto* demo = app.add_subcommand("demo", "create (once) the demo plant and serve it, with simulated machines");
  AddServeFlags(demo, demo_flags);
  bool no_simulator = false;
  demo->add_flag("--no-simulator", no_simulator, "do not simulate the demo's machines");

  auto* user = app.add_subcommand("user", "manage API users");
  user->require_subcommand(1);
  std::string user_name, user_role, user_db = "sqlite:takt.db", user_key_file;
  auto* user_add = user->add_subcommand("add", "create a user and print its API token once");
  user_add->add_option("NAME", user_name, "user name")->required();
  user_add->add_option("--role", user_role, "admin, supervisor, operator or viewer")
      ->required()
      ->check(CLI::IsMember({"admin", "supervisor", "operator", "viewer"}));
  user_add->add_option("--db", user_db, "journal database URL")->capture_default_str();
  AddKeyFileFlag(user_add, user_key_file);

  std::string verify_db = "sqlite:takt.db", verify_key_file;
  auto* verify = app.add_subcommand(
      "verify",
      "check the whole journal: its keyed hash chain, head, snapshots and file (detects edited, added or "
      "deleted events), and print its head (keep the seq and hash elsewhere: they show a later rollback)");
  verify->add_option("--db", verify_db, "journal database URL")->capture_default_str();
  AddKeyFileFlag(verify, verify_key_file);

  std::string upgrade_db = "sqlite:takt.db", upgrade_key_file;
  auto* upgrade = app.add_subcommand(
      "upgrade",
      "key the hash chain of a journal written before keyed chains, from its next event on (checks it "
      "first; creates a new key file, and refuses if one exists: it never seals the history there under an "
      "existing key)");
  upgrade->add_option("--db", upgrade_db, "journal database URL")->capture_default_str();
  AddKeyFileFlag(upgrade, upgrade_key_file);

  auto* openapi = app.add_subcommand(
      "openapi", "print the REST API's OpenAPI 3.1 document (what GET /api/v1/openapi.json serves), e.g. for clients");

  auto* sched = app.add_subcommand("schedule", "finite-capacity scheduling engine");
  sched->require_subcommand(1);
  std::string solve_file, solve_format = "jssp";
  schedule::SolveOptions solve_options;
  auto* solve = sched->add_subcommand("solve", "solve a job-shop (jssp) or flexible job-shop (fjsp) instance file");
  solve->add_option("FILE", solve_file, "instance file")->required();
  solve->add_option("--format", solve_format, "jssp or fjsp")
      ->capture_default_str()
      ->check(CLI::IsMember({"jssp", "fjsp"}));
  solve->add_option("--time-limit", solve_options.time_limit_s, "seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  solve->add_option("--seed", solve_options.seed, "random seed")->capture_default_str();
  solve->add_option("--threads", solve_options.threads, "search threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  solve
      ->add_option("--iterations", solve_options.max_iterations,
                   "per-thread iteration budget (0: none); makes runs reproducible")
      ->capture_default_str();

  CLI11_PARSE(app, argc, argv);

  if (solve->parsed()) return SolveFile(solve_file, solve_format, solve_options);
  if (openapi->parsed()) {
    std::printf("%s\n", http::OpenApiDocument().c_str());
    return 0;
  }

  if (serve->parsed()) return Serve(serve_flags, nullptr);
  demo_flags.simulate = !no_simulator;
  if (demo->parsed())
    return Serve(demo_flags, [&](runtime::Runtime& rt) { return DemoPrepare(rt, demo_flags.listen); });
  if (user_add->parsed()) {
    runtime::Options ro;
    ro.db_url = user_db;
    ro.key_file = user_key_file;
    ro.verify = false;  // a one-shot command; start-up's checks still run
    auto rt = runtime::Runtime::Open(ro);
    if (!rt.ok()) return Fail(rt.status());
    WarnIfUnkeyed((*rt)->journal(), user_db);
    std::string token = RandomToken();
    auto r = (*rt)->Execute(plant::AddUser{user_name, *plant::ParseRole(user_role), TokenHash(token)}, "system:cli");
    if (!r.ok()) return Fail(r.status());
    std::printf("user %s (%s) created; API token, shown only now:\n%s\n", user_name.c_str(), user_role.c_str(),
                token.c_str());
    return 0;
  }
  if (verify->parsed()) {
    auto j = journal::Open(verify_db, {journal::Mode::kReadOnly, verify_key_file});
    if (!j.ok()) return Fail(j.status());
    WarnIfUnkeyed(**j, verify_db);
    auto report = journal::Verify(**j);
    const journal::Head head = (*j)->head();
    if (!report.status.ok()) {
      std::fprintf(stderr, "takt: journal NOT intact after %llu good events: %s\n",
                   static_cast<unsigned long long>(report.events), report.status.message().c_str());
      return 1;
    }
    std::printf("journal intact: %llu events, %s hash chain verified, %llu snapshot%s checked\n",
                static_cast<unsigned long long>(report.events), (*j)->chain().keyed() ? "keyed" : "UNKEYED",
                static_cast<unsigned long long>(report.snapshots), report.snapshots == 1 ? "" : "s");
    // Kept elsewhere, these show a later rollback of the whole file (SECURITY.md).
    std::printf("head: event %llu, hash %s\n", static_cast<unsigned long long>(head.seq), ToHex(head.hash).c_str());
    return 0;
  }
  if (upgrade->parsed()) {
    if (Status s = journal::UpgradeToKeyed(upgrade_db, upgrade_key_file); !s.ok()) return Fail(s);
    auto j = journal::Open(upgrade_db, {journal::Mode::kReadOnly, upgrade_key_file});
    if (!j.ok()) return Fail(j.status());
    std::printf(
        "journal %s keyed from event %llu on; back its key file up apart from the journal: without it the "
        "journal can be neither verified nor written\n",
        upgrade_db.c_str(), static_cast<unsigned long long>((*j)->chain().keyed_from()));
    return 0;
  }
  return 2;
}

}  // namespace takt::app

int main(int argc, char** argv) {
  return takt::app::Main(argc, argv);
}

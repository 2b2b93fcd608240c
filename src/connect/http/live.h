// Live streams (server-sent events) of machine states and KPIs per hierarchy node.
//
// The hub listens to the runtime's commits: each committed state change and stop
// classification goes at once to the streams of every node above its work unit. A ticker
// thread sends each stream its node's KPIs over the current shift (or local day, without a
// calendar) every `kpi_every`, and a heartbeat that tells it when a client has gone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "connect/http/api.h"
#include "core/event.h"
#include "core/status.h"

namespace takt::http {

class LiveStream;

class LiveHub {
 public:
  // Registers as `rt`'s commit listener; the destructor unregisters and stops the ticker.
  explicit LiveHub(runtime::Runtime& rt, std::chrono::milliseconds kpi_every = std::chrono::seconds(5));
  ~LiveHub();

  // A stream for `equipment`; kNotFound for unknown equipment. Threads: any.
  Result<std::shared_ptr<EventStream>> Open(const std::string& equipment);

 private:
  void OnCommit(const std::vector<Event>& events);
  void Tick();
  std::vector<std::shared_ptr<LiveStream>> Streams();

  runtime::Runtime& rt_;
  std::chrono::milliseconds kpi_every_;
  std::mutex mu_;
  std::vector<std::weak_ptr<LiveStream>> streams_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace takt::http

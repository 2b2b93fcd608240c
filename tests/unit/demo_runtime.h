// A runtime on a fresh SQLite journal holding the demo plant, for tests that run the product's
// services the way `takt demo` does.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "app/demo.h"
#include "runtime/runtime.h"
#include "support/process.h"

namespace takt::test {

// Null (with a test failure recorded) if the runtime or the demo plant cannot be made.
inline std::unique_ptr<runtime::Runtime> OpenDemoPlant(const TempDir& dir) {
  runtime::Options o;
  o.db_url = "sqlite:" + dir.File("demo.db");
  auto rt = runtime::Runtime::Open(o);
  if (!rt.ok()) {
    ADD_FAILURE() << rt.status().ToString();
    return nullptr;
  }
  if (auto made = app::EnsureDemoPlant(**rt); !made.ok()) {
    ADD_FAILURE() << made.status().ToString();
    return nullptr;
  }
  return std::move(rt).value();
}

}  // namespace takt::test

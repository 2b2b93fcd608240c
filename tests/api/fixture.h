// A real `takt serve` on a temporary SQLite file, with one user per role.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"

namespace takt::test {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* role : {"admin", "supervisor", "operator", "viewer"})
      tokens_[role] = AddUser(db(), std::string(role) + "-user", role);
    server_ = std::make_unique<ServerProcess>(db(), "serve", server_args_);
  }

  std::string db() const { return dir_.File("plant.db"); }
  HttpClient Client(const std::string& role = "admin") { return HttpClient(server_->base(), tokens_[role]); }
  uint64_t JournalHead() {
    auto r = Client().Get("/api/v1/health");
    return r.json().at("journal_seq").to_number<uint64_t>();
  }

  TempDir dir_;
  std::vector<std::string> server_args_;  // more `takt serve` flags, set before SetUp
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace takt::test

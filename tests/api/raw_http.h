// Raw TCP and HTTP for tests that need what a client library will not do: a chosen source
// address (any 127/8 address: Linux routes them on lo), idle or half-sent requests, framing
// headers that libcurl would fix, and the process's CPU time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace takt::test {

// A connection to 127.0.0.1:`port` from `source`; -1 if it failed.
int Connect(int port, const char* source = "127.0.0.1");

// What a connection gave until the peer closed it (or reset it), or until `limit` passed.
struct Reading {
  std::string data;
  bool closed = false;
};
Reading ReadToClose(int fd, std::chrono::milliseconds limit);

// Whether the peer closed `fd` (end of stream, or a reset). Reads and drops what is pending;
// does not block.
bool PeerClosed(int fd);

// One request (`text` as sent) on a fresh connection from `source`, read until the server closes.
struct RawReply {
  int status = 0;  // 0: no reply
  std::string head, body;
  int replies = 0;  // status lines seen: more than one means a second request was served
  bool closed = false;
};
RawReply Exchange(int port, const std::string& text, const char* source = "127.0.0.1",
                  std::chrono::milliseconds limit = std::chrono::seconds(10));
// GET `path` (Connection: close), with a bearer token unless empty.
RawReply RawGet(int port, const std::string& path, const std::string& token = "", const char* source = "127.0.0.1");

// User plus system CPU seconds the process has used (all its threads), from /proc/PID/stat.
double CpuSeconds(pid_t pid);

}  // namespace takt::test

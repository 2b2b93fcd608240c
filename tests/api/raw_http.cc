#include "api/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>
#include <vector>

#include "support/child.h"

namespace takt::test {

int Connect(int port, const char* source) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

Reading ReadToClose(int fd, std::chrono::milliseconds limit) {
  Reading r;
  auto deadline = std::chrono::steady_clock::now() + limit;
  char buf[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return r;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      r.data.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    r.closed = true;  // end of stream, or reset
    return r;
  }
}

bool PeerClosed(int fd) {
  char buf[4096];
  while (true) {
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    return !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
  }
}

RawReply Exchange(int port, const std::string& text, const char* source, std::chrono::milliseconds limit) {
  RawReply out;
  int fd = Connect(port, source);
  if (fd < 0) return out;
  size_t sent = 0;
  while (sent < text.size()) {
    ssize_t n = send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  Reading r = ReadToClose(fd, limit);
  close(fd);
  out.closed = r.closed;
  for (size_t at = 0; (at = r.data.find("HTTP/1.1 ", at)) != std::string::npos; at += 9) ++out.replies;
  if (r.data.rfind("HTTP/1.", 0) != 0 || r.data.size() < 12) return out;
  out.status = std::stoi(r.data.substr(9, 3));
  auto split = r.data.find("\r\n\r\n");
  out.head = r.data.substr(0, split);
  if (split != std::string::npos) out.body = r.data.substr(split + 4);
  return out;
}

RawReply RawGet(int port, const std::string& path, const std::string& token, const char* source) {
  std::string text = "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n";
  if (!token.empty()) text += "Authorization: Bearer " + token + "\r\n";
  return Exchange(port, text + "\r\n", source);
}

double CpuSeconds(pid_t pid) {
  std::string stat = ReadAll("/proc/" + std::to_string(pid) + "/stat");
  auto paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream in(stat.substr(paren + 2));  // from field 3, the state
  std::vector<std::string> f;
  for (std::string s; in >> s;) f.push_back(s);
  if (f.size() < 13) return -1;
  return static_cast<double>(std::stoull(f[11]) + std::stoull(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace takt::test

// takt_openapi FILE: writes the OpenAPI document, for building the web UI's typed client before the
// takt binary (which embeds the UI) exists.
#include <cstdio>
#include <fstream>

#include "connect/http/api.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: takt_openapi FILE\n");
    return 2;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << takt::http::OpenApiDocument() << '\n';
  out.close();
  if (!out) {
    std::fprintf(stderr, "takt_openapi: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}

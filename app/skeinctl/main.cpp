// skeinctl: the headless command-line interface (placeholder until the commands land).
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
    std::puts("usage: skeinctl <command> ...");
    return argc < 2 ? 2 : 0;
  }
  std::fprintf(stderr, "skeinctl: unknown command '%s'\n", argv[1]);
  return 2;
}

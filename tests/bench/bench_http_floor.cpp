// The loopback HTTP bound, as bench_memcpy is the memory bound: fetches every chunk of a Zarr v2
// array (keys "z.y.x") from a local HTTP server over keep-alive connections and does nothing with
// the bodies. Plain sockets and a minimal HTTP/1.1 reader on purpose: no library, no decoding, no
// copy beyond the kernel's, so what it measures is what the server and the kernel cost.
//   bench_http_floor PORT PATH GZ GY GX [--connections N] [--keep | --place EDGE]
// PATH is the array's URL path ("/em1024.zarr"), GZ GY GX its chunk grid. Without options, every
// body is read into one small buffer and dropped (it stays in the cache); with --keep, each
// connection reads its bodies into a buffer of their own, as a client that decodes them must;
// --place EDGE also copies each chunk (uint8, EDGE³, stored by blosc as a plain copy, as in the
// benchmark's EM volume) into its place in a slab of the output, with skeinctl's copyBlock, which
// is all the work `skeinctl array cat` does on such a chunk besides receiving it.
// Prints one JSON line with the best of 3 runs.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/format/BoxCopy.h"

namespace {

constexpr std::size_t kDiscardBytes = 256 * 1024;

struct Connection {
  int fd = -1;
  bool busy = false;          // a request is outstanding
  std::size_t chunk = 0;      // index of the requested path
  bool inHeader = false;
  std::string header;
  std::int64_t remaining = 0;  // body bytes still to read
  std::vector<char> body;      // --keep: this connection's own body buffer
  std::int64_t received = 0;
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_http_floor: %s\n", what.c_str());
  std::exit(1);
}

int connectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    fail("cannot connect to 127.0.0.1:" + std::to_string(port));
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

void sendRequest(Connection& c, const std::string& path) {
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  if (::send(c.fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) fail("send failed");
  c.busy = c.inHeader = true;
  c.header.clear();
  c.remaining = c.received = 0;
}

// Reads the response head (one byte past it at most is never consumed: it is peeked first).
bool readHeader(Connection& c) {
  char peek[4096];
  const ssize_t n = ::recv(c.fd, peek, sizeof peek, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) fail("the server closed the connection");
  if (n < 0) return false;
  const std::size_t before = c.header.size();
  c.header.append(peek, static_cast<std::size_t>(n));
  const std::size_t end = c.header.find("\r\n\r\n");
  const std::size_t take = end == std::string::npos ? static_cast<std::size_t>(n) : end + 4 - before;
  if (::recv(c.fd, peek, take, 0) != static_cast<ssize_t>(take)) fail("recv failed");
  if (end == std::string::npos) return false;
  c.header.resize(end + 4);
  if (c.header.compare(0, 12, "HTTP/1.1 200") != 0) fail("unexpected response: " + c.header.substr(0, c.header.find('\r')));
  std::string lower = c.header;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
  const std::size_t at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) fail("a response without Content-Length");
  c.remaining = std::atoll(lower.c_str() + at + 17);
  c.inHeader = false;
  if (c.body.size() < static_cast<std::size_t>(c.remaining) && !c.body.empty()) c.body.resize(static_cast<std::size_t>(c.remaining));
  return true;
}

// The output of --place: two slabs of EDGE rows along z, used in turn as skeinctl does.
struct Placement {
  std::int64_t edge = 0;
  int gy = 0, gx = 0;
  struct Free {
    void operator()(std::uint8_t* p) const { std::free(p); }
  };
  std::vector<std::unique_ptr<std::uint8_t, Free>> slabs;  // page-aligned, like skeinctl's

  void place(std::size_t chunk, const std::vector<char>& body, std::int64_t size) {
    constexpr std::int64_t kBloscHeader = 16;
    constexpr std::uint8_t kBloscMemcpyed = 0x02;
    if (size != kBloscHeader + edge * edge * edge || !(static_cast<std::uint8_t>(body[2]) & kBloscMemcpyed))
      fail("--place expects uint8 chunks stored by blosc as a plain copy");
    const std::int64_t z = static_cast<std::int64_t>(chunk) / (gy * gx), y = (static_cast<std::int64_t>(chunk) / gx) % gy,
                       x = static_cast<std::int64_t>(chunk) % gx;
    const std::int64_t chunkOrigin[3] = {z * edge, y * edge, x * edge}, chunkShape[3] = {edge, edge, edge};
    const std::int64_t slabOrigin[3] = {z * edge, 0, 0}, slabShape[3] = {edge, gy * edge, gx * edge};
    const std::int64_t hi[3] = {chunkOrigin[0] + edge, chunkOrigin[1] + edge, chunkOrigin[2] + edge};
    skein::copyBlock({reinterpret_cast<const std::uint8_t*>(body.data()) + kBloscHeader, chunkOrigin, chunkShape},
                     {slabs[static_cast<std::size_t>(z % 2)].get(), slabOrigin, slabShape}, chunkOrigin, hi, 1,
                     skein::CopyStores::Streaming);
  }
};

double fetchAll(int port, const std::vector<std::string>& paths, int connections, bool keep, Placement* placement,
                std::int64_t& bytes) {
  std::vector<char> discard(kDiscardBytes);
  std::vector<Connection> conns(static_cast<std::size_t>(connections));
  const auto start = std::chrono::steady_clock::now();
  std::size_t next = 0, done = 0;
  bytes = 0;
  for (Connection& c : conns) {
    c.fd = connectLoopback(port);
    if (keep) c.body.resize(kDiscardBytes);
    if (next < paths.size()) {
      c.chunk = next;
      sendRequest(c, paths[next++]);
    }
  }
  std::vector<pollfd> fds(conns.size());
  while (done < paths.size()) {
    for (std::size_t i = 0; i < conns.size(); ++i) fds[i] = {conns[i].busy ? conns[i].fd : -1, POLLIN, 0};
    if (::poll(fds.data(), fds.size(), 5000) <= 0) fail("no answer within 5 s");
    for (std::size_t i = 0; i < conns.size(); ++i) {
      Connection& c = conns[i];
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (c.inHeader && !readHeader(c)) continue;
      while (c.remaining > 0) {
        char* into = keep ? c.body.data() + c.received : discard.data();
        const std::size_t room = keep ? static_cast<std::size_t>(c.remaining) : std::min<std::size_t>(discard.size(), c.remaining);
        const ssize_t n = ::recv(c.fd, into, room, MSG_DONTWAIT);
        if (n == 0) fail("the server closed the connection mid-body");
        if (n < 0) break;
        c.remaining -= n;
        c.received += n;
        bytes += n;
      }
      if (c.remaining == 0) {
        if (placement) placement->place(c.chunk, c.body, c.received);
        ++done;
        c.busy = false;
        if (next < paths.size()) {
          c.chunk = next;
          sendRequest(c, paths[next++]);
        }
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (Connection& c : conns) ::close(c.fd);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: bench_http_floor PORT PATH GZ GY GX [--connections N] [--keep]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const std::string prefix = argv[2];
  const int gz = std::atoi(argv[3]), gy = std::atoi(argv[4]), gx = std::atoi(argv[5]);
  int connections = 8;
  bool keep = false;
  Placement placement;
  for (int i = 6; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--keep") keep = true;
    else if (arg == "--place" && i + 1 < argc) keep = (placement.edge = std::atoll(argv[++i])) > 0;
    else if (arg == "--connections" && i + 1 < argc) connections = std::max(1, std::atoi(argv[++i]));
    else fail("unknown argument " + std::string(arg));
  }
  std::vector<std::string> paths;
  for (int z = 0; z < gz; ++z)
    for (int y = 0; y < gy; ++y)
      for (int x = 0; x < gx; ++x)
        paths.push_back(prefix + "/" + std::to_string(z) + "." + std::to_string(y) + "." + std::to_string(x));
  if (placement.edge > 0) {
    placement.gy = gy;
    placement.gx = gx;
    const auto slabBytes = static_cast<std::size_t>(placement.edge * gy * placement.edge * gx * placement.edge);
    for (int s = 0; s < 2; ++s)
      placement.slabs.emplace_back(static_cast<std::uint8_t*>(std::aligned_alloc(4096, (slabBytes + 4095) / 4096 * 4096)));
  }
  double best = 1e9;
  std::int64_t bytes = 0;
  for (int run = 0; run < 3; ++run)
    best = std::min(best, fetchAll(port, paths, connections, keep, placement.edge > 0 ? &placement : nullptr, bytes));
  const char* mode = placement.edge > 0 ? "place" : keep ? "keep" : "discard";
  std::printf("{\"bench\":\"http_floor\",\"mode\":\"%s\",\"connections\":%d,\"requests\":%zu,\"bytes\":%lld,"
              "\"best\":%.3f}\n",
              mode, connections, paths.size(), static_cast<long long>(bytes), best);
  return 0;
}

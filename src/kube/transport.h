// HTTP transport to one API server over libcurl.
//
// - TLS verification is always on unless the config sets insecure_skip_tls_verify; client
//   certificates and the CA are handed to OpenSSL from memory (no temporary files).
// - Connections are reused: a thread-safe pool of curl easy handles, each keeping its own
//   connection alive, plus a curl share object for DNS, TLS sessions and the connection cache.
//   HTTP/2 is negotiated by ALPN when the server offers it (kube-apiserver does).
// - Every request first takes a token from the client's TokenBucket (QPS/burst).
// - Retries: up to max_retries with exponential backoff on 429 and 503/504/502 for every
//   method, on 500 for GET only, and on connection failures (only when the connection could not
//   be made, or for idempotent methods). A Retry-After header sets the delay.
// - Non-2xx answers are returned as responses, not errors: the REST client decodes the Status.
//   ApiError is returned only when no usable response arrived (kTransport).
//
// Transport is shared (shared_ptr) by every client of one server; all methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "kube/api_error.h"
#include "kube/config.h"

namespace kro::kube {

struct HttpRequest {
  std::string method = "GET";
  std::string path{};  // absolute path plus query, e.g. "/api/v1/namespaces/x/pods?limit=5"
  std::string body{};
  std::string content_type{};  // set when body is non-empty
  std::string accept = "application/json";
  std::chrono::milliseconds timeout{0};  // 0: the config's timeout
};

struct HttpResponse {
  int status = 0;
  std::string body{};
  std::string content_type{};
  std::string retry_after{};  // raw header, "" when absent
  bool ok() const { return status >= 200 && status < 300; }
};

// A response read incrementally (watches). Created by Transport::open_stream once the headers
// have arrived. read() and cancel() may be called from different threads; after cancel() a
// blocked or later read() returns promptly with a kTransport error whose message says
// "cancelled".
class HttpStream {
 public:
  virtual ~HttpStream() = default;
  virtual int status() const = 0;
  virtual const std::string& content_type() const = 0;
  // Appends the next available bytes to out. Returns false at the normal end of the body.
  virtual ApiResult<bool> read(std::string& out) = 0;
  virtual void cancel() = 0;
  virtual bool cancelled() const = 0;
};

// What a transport has seen so far (monotonic totals; readers take differences).
struct TransportStats {
  std::uint64_t sent = 0;     // requests put on the wire, streams included
  std::uint64_t retries = 0;  // attempts repeated after a failure or a retryable answer
  // Answers of 429 Too Many Requests: the server asks for less (API Priority and Fairness).
  std::uint64_t throttled = 0;
  // Unary requests (not streams) answered, and the time spent waiting for their answers.
  std::uint64_t answered = 0;
  std::chrono::microseconds answer_time{0};
  // Time callers spent waiting for the client-side rate limiter (--client-qps / --client-burst).
  std::chrono::microseconds limiter_wait{0};
};

class Transport {
 public:
  // Validates the config (server URL, that cert and key come together) and prepares TLS.
  static Result<std::shared_ptr<Transport>> create(const RestConfig& config);
  virtual ~Transport() = default;

  // One request with rate limiting and retries.
  virtual ApiResult<HttpResponse> send(const HttpRequest& request) = 0;
  // Starts a streaming request (no overall timeout; rate limited, not retried).
  virtual ApiResult<std::unique_ptr<HttpStream>> open_stream(const HttpRequest& request) = 0;

  virtual const RestConfig& config() const = 0;
  // Counters for benchmarks and metrics.
  virtual std::uint64_t requests_sent() const = 0;
  virtual std::uint64_t retries() const = 0;
  virtual TransportStats stats() const = 0;
};

}  // namespace kro::kube

#include "kube/transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <thread>
#include <vector>

#include "kube/rate_limit.h"
#include "value/strings.h"

namespace kro::kube {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Response headers we care about, collected by the header callback.
struct Headers {
  std::string content_type;
  std::string retry_after;
  bool complete = false;  // the final (non-1xx) header block has ended

  static size_t on_header(char* data, size_t size, size_t n, void* self) {
    auto* h = static_cast<Headers*>(self);
    std::string_view line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {
      // A new status line (after 100 Continue or a redirect) starts a new block.
      h->content_type.clear();
      h->retry_after.clear();
      h->complete = false;
    } else if (line == "\r\n" || line == "\n") {
      h->complete = true;
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
      auto name = ascii_lower(line.substr(0, colon));
      if (name == "content-type") h->content_type = std::string(trim(line.substr(colon + 1)));
      if (name == "retry-after") h->retry_after = std::string(trim(line.substr(colon + 1)));
    }
    return size * n;
  }
};

size_t append_body(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

bool idempotent(const HttpRequest& r) {
  if (r.method == "GET" || r.method == "HEAD" || r.method == "PUT" || r.method == "DELETE")
    return true;
  // Apply and merge patches give the same result when repeated; a JSON patch may not (an
  // "add" to a list appends twice).
  return r.method == "PATCH" && r.content_type != "application/json-patch+json";
}

bool retryable_status(const HttpRequest& r, int status) {
  if (status == 429 || status == 502 || status == 503 || status == 504) return true;
  return status == 500 && r.method == "GET";
}

bool retryable_curl(const HttpRequest& r, CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      return true;  // nothing reached the server
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return idempotent(r);
    default:
      return false;
  }
}

class CurlStream;

class CurlTransport final : public Transport, public std::enable_shared_from_this<CurlTransport> {
 public:
  explicit CurlTransport(RestConfig cfg) : cfg_(std::move(cfg)), bucket_(cfg_.qps, cfg_.burst) {
    global_init();
    if (!cfg_.bearer_token_file.empty())
      token_file_ = std::make_unique<TokenFile>(cfg_.bearer_token_file);
    share_ = curl_share_init();
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlTransport::lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlTransport::unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    // Connections are not shared between handles: libcurl does not support using one
    // connection from several threads at once. Each pooled handle keeps its own connection
    // alive instead; DNS answers and TLS sessions are shared so new connections are cheap.
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    if (!cfg_.tls_server_name.empty()) set_server_name();
  }

  ~CurlTransport() override {
    for (CURL* h : pool_) curl_easy_cleanup(h);
    curl_slist_free_all(connect_to_);
    curl_share_cleanup(share_);
  }

  ApiResult<HttpResponse> send(const HttpRequest& req) override;
  ApiResult<std::unique_ptr<HttpStream>> open_stream(const HttpRequest& req) override;
  const RestConfig& config() const override { return cfg_; }
  std::uint64_t requests_sent() const override { return sent_.load(); }
  std::uint64_t retries() const override { return retries_.load(); }
  TransportStats stats() const override {
    TransportStats s;
    s.sent = sent_.load();
    s.retries = retries_.load();
    s.throttled = throttled_.load();
    s.answered = answered_.load();
    s.answer_time = std::chrono::microseconds(answer_us_.load());
    s.limiter_wait = bucket_.waited();
    return s;
  }

  // Sets every option of a request on h. Returns the header list to free after the transfer.
  ApiResult<curl_slist*> prepare(CURL* h, const HttpRequest& req, bool streaming);

 private:
  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<CurlTransport*>(self)->locks_[static_cast<size_t>(data) % kLocks].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* self) {
    static_cast<CurlTransport*>(self)->locks_[static_cast<size_t>(data) % kLocks].unlock();
  }

  CURL* acquire() {
    {
      std::lock_guard lock(pool_mu_);
      if (!pool_.empty()) {
        CURL* h = pool_.back();
        pool_.pop_back();
        return h;
      }
    }
    return curl_easy_init();
  }
  void release(CURL* h) {
    std::lock_guard lock(pool_mu_);
    constexpr std::size_t kMaxIdle = 64;
    if (pool_.size() < kMaxIdle) {
      pool_.push_back(h);
      return;
    }
    curl_easy_cleanup(h);
  }

  ApiResult<HttpResponse> attempt(const HttpRequest& req, CURLcode& code);

  // libcurl has no separate SNI/verification name: the request goes to
  // https://<tls-server-name>:<port> and CURLOPT_CONNECT_TO sends the connection to the real
  // host, so TLS is checked against tls-server-name.
  void set_server_name() {
    std::string rest = cfg_.server.substr(cfg_.server.find("://") + 3);
    std::string scheme = cfg_.server.substr(0, cfg_.server.find("://"));
    auto colon = rest.rfind(':');
    bool has_port = colon != std::string::npos && rest.find(']', colon) == std::string::npos;
    std::string host = has_port ? rest.substr(0, colon) : rest;
    std::string port = has_port ? rest.substr(colon + 1) : (scheme == "https" ? "443" : "80");
    tls_url_ = scheme + "://" + cfg_.tls_server_name + ":" + port;
    connect_to_ = curl_slist_append(
        nullptr, (cfg_.tls_server_name + ":" + port + ":" + host + ":" + port).c_str());
  }

  static constexpr std::size_t kLocks = 8;
  RestConfig cfg_;
  TokenBucket bucket_;
  std::unique_ptr<TokenFile> token_file_;
  CURLSH* share_ = nullptr;
  std::string tls_url_;
  curl_slist* connect_to_ = nullptr;
  std::array<std::mutex, kLocks> locks_;
  std::mutex pool_mu_;
  std::vector<CURL*> pool_;
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> retries_{0};
  std::atomic<std::uint64_t> throttled_{0};
  std::atomic<std::uint64_t> answered_{0};
  std::atomic<std::int64_t> answer_us_{0};
};

ApiResult<curl_slist*> CurlTransport::prepare(CURL* h, const HttpRequest& req, bool streaming) {
  curl_easy_reset(h);  // keeps the handle's live connection and caches
  std::string url = (tls_url_.empty() ? cfg_.server : tls_url_) + req.path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  if (connect_to_ != nullptr) curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to_);
  curl_easy_setopt(h, CURLOPT_SHARE, share_);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(cfg_.connect_timeout.count()));
  if (!streaming) {
    auto t = req.timeout.count() > 0 ? req.timeout : cfg_.timeout;
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(t.count()));
  }
  // Compressed responses for ordinary requests (large lists shrink ~10x). Not for streams: a
  // compressing server may hold events back in its compressor until it has a block.
  if (!streaming) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_USERAGENT, cfg_.user_agent.c_str());

  // TLS. Verification stays on unless the kubeconfig explicitly turned it off.
  if (cfg_.insecure_skip_tls_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  } else {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  }
  if (!cfg_.ca_pem.empty()) {
    curl_blob ca{const_cast<char*>(cfg_.ca_pem.data()), cfg_.ca_pem.size(), CURL_BLOB_NOCOPY};
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
  }
  if (!cfg_.client_cert_pem.empty()) {
    curl_blob cert{const_cast<char*>(cfg_.client_cert_pem.data()), cfg_.client_cert_pem.size(),
                   CURL_BLOB_NOCOPY};
    curl_blob key{const_cast<char*>(cfg_.client_key_pem.data()), cfg_.client_key_pem.size(),
                  CURL_BLOB_NOCOPY};
    curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
    curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
  }

  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, ("Accept: " + req.accept).c_str());
  if (!req.content_type.empty())
    headers = curl_slist_append(headers, ("Content-Type: " + req.content_type).c_str());
  std::string token = cfg_.bearer_token;
  if (token.empty() && token_file_) {
    auto t = token_file_->token();
    if (!t.ok()) {
      curl_slist_free_all(headers);
      return transport_error(t.error().message);
    }
    token = *t;
  }
  if (!token.empty())
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  else if (!cfg_.username.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, cfg_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, cfg_.password.c_str());
  }
  // Without this, libcurl sends "Expect: 100-continue" for larger bodies and waits a second.
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);

  if (req.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (!req.body.empty() || req.method != "DELETE") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
    }
  }
  return headers;
}

ApiResult<HttpResponse> CurlTransport::attempt(const HttpRequest& req, CURLcode& code) {
  CURL* h = acquire();
  if (h == nullptr) return transport_error("curl_easy_init failed");
  auto headers = prepare(h, req, false);
  if (!headers.ok()) {
    release(h);
    return std::move(headers).take_error();
  }
  HttpResponse resp;
  Headers hdr;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Headers::on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &hdr);
  sent_.fetch_add(1);
  code = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(*headers);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  release(h);
  if (code != CURLE_OK) {
    std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code);
    return transport_error(req.method + " " + cfg_.server + req.path + ": " + detail);
  }
  resp.status = static_cast<int>(status);
  resp.content_type = std::move(hdr.content_type);
  resp.retry_after = std::move(hdr.retry_after);
  return resp;
}

ApiResult<HttpResponse> CurlTransport::send(const HttpRequest& req) {
  bool reauthed = false;
  for (int attempt_no = 0;; ++attempt_no) {
    bucket_.wait();
    CURLcode code = CURLE_OK;
    auto started = std::chrono::steady_clock::now();
    auto r = attempt(req, code);
    if (r.ok()) {
      answered_.fetch_add(1);
      answer_us_ += std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
      if (r->status == 429) throttled_.fetch_add(1);
    }
    bool last = attempt_no >= cfg_.max_retries;
    std::chrono::milliseconds delay{0};
    if (!r.ok()) {
      if (last || !retryable_curl(req, code)) return r;
      delay = backoff_delay(attempt_no, std::chrono::milliseconds(100), std::chrono::seconds(5));
    } else if (r->status == 401 && token_file_ && !reauthed) {
      // A rotated token: re-read the file once and try again at once.
      token_file_->invalidate();
      reauthed = true;
      retries_.fetch_add(1);
      continue;
    } else if (!last && retryable_status(req, r->status)) {
      auto err = decode_api_error(r->status, r->body, r->retry_after);
      delay =
          err.retry_after.count() > 0
              ? std::min<std::chrono::milliseconds>(err.retry_after, std::chrono::seconds(60))
              : backoff_delay(attempt_no, std::chrono::milliseconds(100), std::chrono::seconds(5));
    } else {
      return r;
    }
    retries_.fetch_add(1);
    std::this_thread::sleep_for(delay);
  }
}

// A streaming response driven by its own multi handle, so that read() can wait on the socket
// and cancel() can wake it from another thread (curl_multi_wakeup is thread-safe).
class CurlStream final : public HttpStream {
 public:
  CurlStream(std::shared_ptr<CurlTransport> owner, CURL* easy, curl_slist* headers)
      : owner_(std::move(owner)), easy_(easy), headers_(headers), multi_(curl_multi_init()) {
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &CurlStream::on_data);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Headers::on_header);
    curl_easy_setopt(easy_, CURLOPT_HEADERDATA, &hdr_);
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, errbuf_);
    curl_multi_add_handle(multi_, easy_);
  }
  ~CurlStream() override {
    curl_multi_remove_handle(multi_, easy_);
    curl_easy_cleanup(easy_);
    curl_slist_free_all(headers_);
    curl_multi_cleanup(multi_);
  }
  CurlStream(const CurlStream&) = delete;
  CurlStream& operator=(const CurlStream&) = delete;

  // Drives the transfer until the response headers are in.
  ApiResult<void> start(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!hdr_.complete) {
      KRO_RETURN_IF_ERROR(pump(200));
      if (done_) break;
      if (std::chrono::steady_clock::now() > deadline)
        return transport_error("watch: no response headers within " +
                               std::to_string(timeout.count()) + "ms");
    }
    long status = 0;
    curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
    status_ = static_cast<int>(status);
    if (done_ && result_ != CURLE_OK) return failure();
    return {};
  }

  int status() const override { return status_; }
  const std::string& content_type() const override { return hdr_.content_type; }

  ApiResult<bool> read(std::string& out) override {
    while (true) {
      if (cancelled_.load()) return transport_error("watch cancelled");
      if (!pending_.empty()) {
        out += pending_;
        pending_.clear();
        return true;
      }
      if (done_) {
        if (result_ != CURLE_OK) return failure();
        return false;
      }
      KRO_RETURN_IF_ERROR(pump(1000));
    }
  }

  void cancel() override {
    cancelled_.store(true);
    curl_multi_wakeup(multi_);
  }
  bool cancelled() const override { return cancelled_.load(); }

 private:
  static size_t on_data(char* data, size_t size, size_t n, void* self) {
    auto* s = static_cast<CurlStream*>(self);
    if (s->cancelled_.load()) return 0;  // aborts the transfer
    s->pending_.append(data, size * n);
    return size * n;
  }

  ApiError failure() const {
    std::string detail = errbuf_[0] != '\0' ? errbuf_ : curl_easy_strerror(result_);
    return transport_error("watch: " + detail);
  }

  // One round of transfer work, waiting up to wait_ms for the socket or a wakeup.
  ApiResult<void> pump(int wait_ms) {
    int running = 0;
    CURLMcode mc = curl_multi_perform(multi_, &running);
    if (mc != CURLM_OK) return transport_error(std::string("watch: ") + curl_multi_strerror(mc));
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
      if (msg->msg == CURLMSG_DONE) {
        done_ = true;
        result_ = msg->data.result;
      }
    }
    if (!done_ && pending_.empty() && !cancelled_.load()) {
      mc = curl_multi_poll(multi_, nullptr, 0, wait_ms, nullptr);
      if (mc != CURLM_OK) return transport_error(std::string("watch: ") + curl_multi_strerror(mc));
    }
    return {};
  }

  std::shared_ptr<CurlTransport> owner_;  // keeps the share object alive
  CURL* easy_;
  curl_slist* headers_;
  CURLM* multi_;
  Headers hdr_;
  char errbuf_[CURL_ERROR_SIZE] = {0};
  std::string pending_;
  std::atomic<bool> cancelled_{false};
  bool done_ = false;
  CURLcode result_ = CURLE_OK;
  int status_ = 0;
};

ApiResult<std::unique_ptr<HttpStream>> CurlTransport::open_stream(const HttpRequest& req) {
  bucket_.wait();
  CURL* h = curl_easy_init();
  if (h == nullptr) return transport_error("curl_easy_init failed");
  auto headers = prepare(h, req, true);
  if (!headers.ok()) {
    curl_easy_cleanup(h);
    return std::move(headers).take_error();
  }
  sent_.fetch_add(1);
  auto s = std::make_unique<CurlStream>(shared_from_this(), h, *headers);
  auto timeout = req.timeout.count() > 0 ? req.timeout : cfg_.timeout;
  KRO_RETURN_IF_ERROR(s->start(timeout));
  return std::unique_ptr<HttpStream>(std::move(s));
}

}  // namespace

Result<std::shared_ptr<Transport>> Transport::create(const RestConfig& config) {
  if (config.server.rfind("https://", 0) != 0 && config.server.rfind("http://", 0) != 0)
    return Error("server URL must start with https:// or http://, got \"" + config.server + "\"");
  if (config.client_cert_pem.empty() != config.client_key_pem.empty())
    return Error("a client certificate needs its key and a key its certificate");
  RestConfig c = config;
  while (!c.server.empty() && c.server.back() == '/') c.server.pop_back();
  return std::shared_ptr<Transport>(std::make_shared<CurlTransport>(std::move(c)));
}

}  // namespace kro::kube

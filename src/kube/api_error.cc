#include "kube/api_error.h"

#include <array>
#include <charconv>

namespace kro::kube {

namespace {

struct ReasonName {
  Reason reason;
  std::string_view name;
};

constexpr std::array kReasonNames{
    ReasonName{Reason::kUnauthorized, "Unauthorized"},
    ReasonName{Reason::kForbidden, "Forbidden"},
    ReasonName{Reason::kNotFound, "NotFound"},
    ReasonName{Reason::kAlreadyExists, "AlreadyExists"},
    ReasonName{Reason::kConflict, "Conflict"},
    ReasonName{Reason::kGone, "Gone"},
    ReasonName{Reason::kExpired, "Expired"},
    ReasonName{Reason::kInvalid, "Invalid"},
    ReasonName{Reason::kServerTimeout, "ServerTimeout"},
    ReasonName{Reason::kTimeout, "Timeout"},
    ReasonName{Reason::kTooManyRequests, "TooManyRequests"},
    ReasonName{Reason::kBadRequest, "BadRequest"},
    ReasonName{Reason::kMethodNotAllowed, "MethodNotAllowed"},
    ReasonName{Reason::kNotAcceptable, "NotAcceptable"},
    ReasonName{Reason::kRequestEntityTooLarge, "RequestEntityTooLarge"},
    ReasonName{Reason::kUnsupportedMediaType, "UnsupportedMediaType"},
    ReasonName{Reason::kInternalError, "InternalError"},
    ReasonName{Reason::kServiceUnavailable, "ServiceUnavailable"},
    ReasonName{Reason::kTransport, "Transport"},
    ReasonName{Reason::kDecode, "Decode"},
};

// The reason Kubernetes would give a bare HTTP status (client-go's reasonForError fallback).
Reason reason_for_code(int code) {
  switch (code) {
    case 400:
      return Reason::kBadRequest;
    case 401:
      return Reason::kUnauthorized;
    case 403:
      return Reason::kForbidden;
    case 404:
      return Reason::kNotFound;
    case 405:
      return Reason::kMethodNotAllowed;
    case 406:
      return Reason::kNotAcceptable;
    case 409:
      return Reason::kConflict;
    case 410:
      return Reason::kGone;
    case 413:
      return Reason::kRequestEntityTooLarge;
    case 415:
      return Reason::kUnsupportedMediaType;
    case 422:
      return Reason::kInvalid;
    case 429:
      return Reason::kTooManyRequests;
    case 500:
      return Reason::kInternalError;
    case 503:
      return Reason::kServiceUnavailable;
    case 504:
      return Reason::kServerTimeout;
    default:
      return Reason::kUnknown;
  }
}

std::chrono::seconds parse_retry_after(std::string_view header) {
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  long long secs = 0;
  auto [p, ec] = std::from_chars(header.data(), header.data() + header.size(), secs);
  // An HTTP-date Retry-After is not worth parsing: the API server always sends seconds.
  if (ec != std::errc() || secs < 0) return std::chrono::seconds(0);
  return std::chrono::seconds(secs);
}

}  // namespace

std::string_view reason_name(Reason r) {
  for (const auto& rn : kReasonNames)
    if (rn.reason == r) return rn.name;
  return "";
}

Reason reason_from_name(std::string_view name) {
  for (const auto& rn : kReasonNames)
    if (rn.name == name && rn.reason != Reason::kTransport && rn.reason != Reason::kDecode)
      return rn.reason;
  return Reason::kUnknown;
}

std::string ApiError::str() const {
  std::string out;
  auto rn = reason_name(reason);
  out += rn.empty() ? "Unknown" : std::string(rn);
  if (code != 0) out += " (" + std::to_string(code) + ")";
  out += ": ";
  out += message.empty() ? "no message" : message;
  for (const auto& c : causes) {
    // The server's Invalid message already lists its causes; repeat only what adds to it.
    if (!c.message.empty() && message.find(c.message) != std::string::npos) continue;
    out += "; ";
    if (!c.field.empty()) out += c.field + ": ";
    out += c.message.empty() ? c.type : c.message;
  }
  return out;
}

Error ApiError::to_error() const { return Error(str()); }

ApiError api_error_from_status(const Json& status, int http_code_fallback) {
  ApiError e;
  e.code = http_code_fallback;
  if (!status.is_object()) {
    e.reason = reason_for_code(e.code);
    return e;
  }
  const auto& o = status.get_object();
  if (auto it = o.find("code"); it != o.end() && it->value().is_int64())
    e.code = static_cast<int>(it->value().get_int64());
  e.message = string_at(status, "message");
  e.reason = reason_from_name(string_at(status, "reason"));
  if (e.reason == Reason::kUnknown) e.reason = reason_for_code(e.code);
  if (auto it = o.find("details"); it != o.end() && it->value().is_object()) {
    const auto& d = it->value().get_object();
    e.group = string_at(status, "details.group");
    e.kind = string_at(status, "details.kind");
    e.name = string_at(status, "details.name");
    if (auto ra = d.find("retryAfterSeconds"); ra != d.end() && ra->value().is_int64())
      e.retry_after = std::chrono::seconds(ra->value().get_int64());
    if (auto cs = d.find("causes"); cs != d.end() && cs->value().is_array()) {
      for (const auto& c : cs->value().get_array()) {
        if (!c.is_object()) continue;
        e.causes.push_back(
            {string_at(c, "reason"), string_at(c, "message"), string_at(c, "field")});
      }
    }
  }
  return e;
}

ApiError decode_api_error(int http_code, std::string_view body, std::string_view retry_after) {
  ApiError e;
  bool decoded = false;
  if (auto parsed = parse_json(body); parsed.ok() && parsed->is_object()) {
    if (string_at(*parsed, "kind") == "Status") {
      e = api_error_from_status(*parsed, http_code);
      // The HTTP status is authoritative for the code; Status.code can be 0 in odd proxies.
      if (http_code != 0) e.code = http_code;
      decoded = true;
    }
  }
  if (!decoded) {
    e.code = http_code;
    e.reason = reason_for_code(http_code);
    constexpr std::size_t kMaxBody = 512;
    std::string text(body.substr(0, kMaxBody));
    if (body.size() > kMaxBody) text += "...";
    e.message = text.empty()
                    ? "the server responded with HTTP " + std::to_string(http_code)
                    : "the server responded with HTTP " + std::to_string(http_code) + ": " + text;
  }
  if (auto ra = parse_retry_after(retry_after); ra.count() > 0) e.retry_after = ra;
  return e;
}

ApiError client_side_error(Reason reason, std::string message, int code) {
  ApiError e;
  e.reason = reason;
  e.code = code;
  e.message = std::move(message);
  return e;
}

}  // namespace kro::kube

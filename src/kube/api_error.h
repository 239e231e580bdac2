// Typed Kubernetes API errors, decoded from the metav1.Status the API server sends with every
// failed request, and ApiResult<T>, the value-or-ApiError type every call of the client returns.
//
// Callers branch on the reason (is_not_found(), is_conflict(), ...) the way client-go's
// apierrors.IsNotFound does: the reason comes from Status.reason when the server gives one, else
// from the HTTP status code, so errors from proxies or old servers are still classified.
// Failures that never produced an HTTP response (connection refused, TLS, timeouts) have the
// reason kTransport and code 0; a response body that cannot be decoded has kDecode.
#pragma once

#include <cassert>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "value/json.h"
#include "value/result.h"

namespace kro::kube {

// metav1.StatusReason values, plus two client-side reasons (kTransport, kDecode).
enum class Reason {
  kUnknown,
  kUnauthorized,
  kForbidden,
  kNotFound,
  kAlreadyExists,
  kConflict,
  kGone,
  kExpired,  // "Expired": a watch or list resourceVersion too old; HTTP 410 like kGone
  kInvalid,
  kServerTimeout,
  kTimeout,
  kTooManyRequests,
  kBadRequest,
  kMethodNotAllowed,
  kNotAcceptable,
  kRequestEntityTooLarge,
  kUnsupportedMediaType,
  kInternalError,
  kServiceUnavailable,
  kTransport,  // no HTTP response: connection, TLS, timeout, cancellation
  kDecode,     // a 2xx response whose body is not the JSON we expected
};

// The Kubernetes spelling ("NotFound", ...); "" for kUnknown, "Transport"/"Decode" for ours.
std::string_view reason_name(Reason r);
// Inverse of reason_name for the server's reasons; kUnknown for anything else.
Reason reason_from_name(std::string_view name);

// One entry of Status.details.causes, e.g. {"FieldValueRequired", "Required value",
// "spec.foo"} for an Invalid error, or a field-manager conflict of server-side apply.
struct StatusCause {
  std::string type;
  std::string message;
  std::string field;
};

struct ApiError {
  Reason reason = Reason::kUnknown;
  int code = 0;                         // HTTP status; 0 when no response arrived
  std::string message;                  // Status.message, or a client-side description
  std::vector<StatusCause> causes;      // Status.details.causes
  std::string group, kind, name;        // Status.details, when the server names the object
  std::chrono::seconds retry_after{0};  // Retry-After header or details.retryAfterSeconds

  bool is_not_found() const { return reason == Reason::kNotFound; }
  bool is_already_exists() const { return reason == Reason::kAlreadyExists; }
  bool is_conflict() const { return reason == Reason::kConflict; }
  // Gone or Expired: the resourceVersion is compacted; a watcher must re-list.
  bool is_gone() const {
    return reason == Reason::kGone || reason == Reason::kExpired || code == 410;
  }
  bool is_forbidden() const { return reason == Reason::kForbidden; }
  bool is_unauthorized() const { return reason == Reason::kUnauthorized; }
  bool is_invalid() const { return reason == Reason::kInvalid; }
  bool is_too_many_requests() const { return reason == Reason::kTooManyRequests; }
  bool is_transport() const { return reason == Reason::kTransport; }

  // "NotFound (404): configmaps \"x\" not found", with causes appended as "; field: message".
  std::string str() const;
  // The same text as a kro::Error, for callers that only report.
  Error to_error() const;
};

// Builds an ApiError from an HTTP status and the response body. A body holding a metav1.Status
// supplies reason, message, details and causes; otherwise the reason follows the code and the
// message is the (truncated) body. retry_after_header is the raw Retry-After header or "".
ApiError decode_api_error(int http_code, std::string_view body,
                          std::string_view retry_after_header = "");
// The same from an already parsed Status object (watch ERROR events carry one).
ApiError api_error_from_status(const Json& status, int http_code_fallback = 0);
// A client-side error: `reason` and `message`, with the HTTP `code` of the response it is
// about (0 when there was none).
ApiError client_side_error(Reason reason, std::string message, int code = 0);
// The same without a response.
inline ApiError transport_error(std::string message) {
  return client_side_error(Reason::kTransport, std::move(message));
}
// The same for a response or document that does not decode.
inline ApiError decode_error(std::string message, int code = 0) {
  return client_side_error(Reason::kDecode, std::move(message), code);
}

// Every call of the Kubernetes client returns this: a value or the ApiError the server (or the
// transport) gave. The same Result as every other layer, with a richer error.
template <typename T>
using ApiResult = Result<T, ApiError>;

}  // namespace kro::kube

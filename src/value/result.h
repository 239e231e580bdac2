// Result<T, E>: the value-or-error type every fallible call in kro-cpp returns. Errors that a
// caller is expected to handle (bad user input, API failures) travel as values; exceptions are
// kept for programming errors.
//
// E defaults to kro::Error (a message with an optional source position and field path). Layers
// with a richer error use their own E: the Kubernetes client returns Result<T, kube::ApiError>
// (kube::ApiResult<T>). The two macros at the end propagate errors the way Abseil's
// RETURN_IF_ERROR and ASSIGN_OR_RETURN do, so callers never hand-write the early return.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kro {

// A place in a source file, 1-based; line 0 means "unknown".
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
  // "file:line:col", "file", or "" when nothing is known.
  std::string str() const;
};

struct Error {
  std::string message;
  SourcePos pos;     // where in the user's input, when the error is about input
  std::string path;  // the field path inside an object, e.g. "spec.resources[0].id"

  Error() = default;
  explicit Error(std::string msg) : message(std::move(msg)) {}
  Error(std::string msg, SourcePos p) : message(std::move(msg)), pos(std::move(p)) {}

  // "file:line:col: path: message", leaving out what is unknown.
  std::string str() const;
};

template <typename T, typename E = Error>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  E&& take_error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, E> v_;
};

// Result<void, E>: success or an error.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  Result() = default;
  Result(E error) : err_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !err_.has_value(); }
  explicit operator bool() const { return ok(); }
  const E& error() const {
    assert(!ok());
    return *err_;
  }
  E&& take_error() && {
    assert(!ok());
    return std::move(*err_);
  }

 private:
  std::optional<E> err_;
};

using Status = Result<void>;

}  // namespace kro

// Internal helpers of the macros below.
#define KRO_RESULT_CONCAT_INNER(a, b) a##b
#define KRO_RESULT_CONCAT(a, b) KRO_RESULT_CONCAT_INNER(a, b)
// NOLINTBEGIN(bugprone-macro-parentheses): tmp is a variable name and lhs a declaration or an
// lvalue; parenthesised, neither would compile as a declaration.
#define KRO_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)    \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).take_error(); \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

// KRO_RETURN_IF_ERROR(expr): evaluates a Result (of any T); when it failed, returns its error
// from the enclosing function (whose return type must be constructible from that error).
#define KRO_RETURN_IF_ERROR(expr)                                                      \
  do {                                                                                 \
    auto&& kro_result_checked_ = (expr);                                               \
    if (!kro_result_checked_.ok()) return std::move(kro_result_checked_).take_error(); \
  } while (false)

// KRO_ASSIGN_OR_RETURN(lhs, expr): evaluates a Result<T>; on success moves its value into lhs,
// which may be a declaration (`auto x`, `const Json& y`) or an existing variable; on failure
// returns the error from the enclosing function. Expands to several statements: do not use it
// as the body of an unbraced if or loop.
#define KRO_ASSIGN_OR_RETURN(lhs, expr) \
  KRO_ASSIGN_OR_RETURN_IMPL(KRO_RESULT_CONCAT(kro_result_, __COUNTER__), lhs, expr)

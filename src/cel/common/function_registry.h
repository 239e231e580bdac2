// The function registry: CEL function name -> overloads, each with cel-go's overload id, its call
// style (global `f(x)` or receiver `x.f()`), its parameter kinds and a C++ implementation.
//
// Libraries register themselves as a set (`Status register_xxx(FunctionRegistry&)`), so an
// environment is the union of the libraries it enables. The planner resolves an overload once,
// when the argument kinds are known statically (checked programs: by overload id, keyed by AST
// node id in the checker's output), and otherwise the interpreter dispatches at run time with
// resolve(), which matches arity, call style and the runtime kinds of the arguments.
//
// Strictness. A strict overload (the default) is never called with an error or unknown argument:
// the interpreter returns the first such argument instead (cel-go's behaviour). A non-strict
// overload receives them as values (used by e.g. `@not_strictly_false`). A lazy overload receives
// thunks and decides which arguments to evaluate and when.
//
// Static signatures for the checker are declared by the checker's own environment, keyed by the
// same overload ids; this registry is the runtime half.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cel/common/value.h"
#include "value/result.h"

namespace kro::cel {

// What an overload parameter accepts at run time.
struct ParamKind {
  bool any = true;          // dyn / type parameter: accepts every kind
  Kind kind = Kind::kNull;  // when !any
  std::string opaque;       // when kind == kOpaque: the OpaqueValue::type_name() required

  static ParamKind dyn() { return {}; }
  static ParamKind of(Kind k) { return {false, k, {}}; }
  static ParamKind opaque_type(std::string name) { return {false, Kind::kOpaque, std::move(name)}; }

  bool accepts(const Value& v) const;
};

// Arguments of a lazy overload: each one evaluated on demand (at most once per call is the
// caller's business: evaluating twice evaluates twice).
class LazyArgs {
 public:
  virtual ~LazyArgs() = default;
  virtual std::size_t size() const = 0;
  virtual Value eval(std::size_t i) const = 0;
};

using StrictFn = std::function<Value(std::span<const Value> args)>;
using LazyFn = std::function<Value(const LazyArgs& args)>;

struct Overload {
  std::string id;                 // cel-go's overload id, e.g. "add_int64", "size_string"
  bool receiver = false;          // x.f(y): args[0] is the receiver
  std::vector<ParamKind> params;  // including the receiver
  bool non_strict = false;        // receives error/unknown arguments instead of short-circuiting
  StrictFn fn;                    // strict and non-strict overloads
  LazyFn lazy;                    // lazy overloads (fn empty)

  bool accepts(std::span<const Value> args) const;
};

// All overloads of one function name.
struct FunctionDecl {
  std::string name;
  std::vector<std::unique_ptr<Overload>> overloads;  // stable addresses
};

class FunctionRegistry {
 public:
  // Adds an overload of `name`. Errors: an overload id registered twice, or two overloads of the
  // same name with the same call style and identical parameter kinds.
  Status add(std::string_view name, Overload overload);

  // Convenience forms for the common strict cases.
  Status add_global(std::string_view name, std::string id, std::vector<ParamKind> params,
                    StrictFn fn);
  Status add_receiver(std::string_view name, std::string id, std::vector<ParamKind> params,
                      StrictFn fn);

  // The function's declaration; nullptr when no overload of `name` exists.
  const FunctionDecl* find(std::string_view name) const;
  // An overload by id; nullptr when unknown.
  const Overload* find_overload(std::string_view id) const;

  // Run-time dispatch: the first overload of `name` with the call style and arity given whose
  // parameter kinds accept `args` (for receiver calls args[0] is the receiver).
  const Overload* resolve(std::string_view name, bool receiver, std::span<const Value> args) const;
  // Overloads of `name` that could match a call of this style and arity (planning time, when
  // the argument kinds are not known yet).
  std::vector<const Overload*> candidates(std::string_view name, bool receiver,
                                          std::size_t arity) const;

  std::size_t size() const { return functions_.size(); }

  // Type names a library defines (e.g. "net.IP", "kubernetes.Quantity"): identifiers naming
  // them evaluate to type values, as `type(ip('1.2.3.4')) == net.IP` needs.
  void add_type_name(std::string name) { type_names_.insert(std::move(name)); }
  bool has_type_name(std::string_view name) const { return type_names_.count(name) != 0; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, FunctionDecl, Hash, std::equal_to<>> functions_;
  std::unordered_map<std::string, const Overload*, Hash, std::equal_to<>> by_id_;
  std::unordered_set<std::string, Hash, std::equal_to<>> type_names_;
};

}  // namespace kro::cel

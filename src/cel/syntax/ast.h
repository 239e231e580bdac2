// The public CEL abstract syntax tree, shaped like CEL's canonical expression AST
// (google.api.expr / cel.expr `Expr` + `SourceInfo`), so that checker, planner and tools that walk
// expressions (kro's reference finder) need nothing but this header.
//
// A parsed expression is a tree of `Expr` nodes owned through `ExprPtr` (unique_ptr). Every node,
// and every map entry / struct field, carries an id that is unique within one `ParsedExpr`; side
// tables (positions here, types and references in the checker) are keyed by that id.
//
// Operators are `Call` nodes whose function is one of the internal names below (exactly cel-go's
// `common/operators` names), e.g. `a + b` is Call{function "_+_", args [a, b]}. A receiver-style
// call `x.f(y)` is Call{target x, function "f", args [y]}; a global call has no target.
//
// Macros (has, all, exists, map, ...) are expanded by the parser: `has(a.b)` becomes
// Select{operand a, field "b", test_only true}, the comprehension macros become `Comprehension`
// nodes. `SourceInfo::macro_calls` keeps, for each expanded node id, the call the user wrote.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace kro::cel::syntax {

// Internal function names of operators (cel-go common/operators).
namespace op {
inline constexpr std::string_view kConditional = "_?_:_";
inline constexpr std::string_view kLogicalAnd = "_&&_";
inline constexpr std::string_view kLogicalOr = "_||_";
inline constexpr std::string_view kLogicalNot = "!_";
inline constexpr std::string_view kEquals = "_==_";
inline constexpr std::string_view kNotEquals = "_!=_";
inline constexpr std::string_view kLess = "_<_";
inline constexpr std::string_view kLessEquals = "_<=_";
inline constexpr std::string_view kGreater = "_>_";
inline constexpr std::string_view kGreaterEquals = "_>=_";
inline constexpr std::string_view kAdd = "_+_";
inline constexpr std::string_view kSubtract = "_-_";
inline constexpr std::string_view kMultiply = "_*_";
inline constexpr std::string_view kDivide = "_/_";
inline constexpr std::string_view kModulo = "_%_";
inline constexpr std::string_view kNegate = "-_";
inline constexpr std::string_view kIndex = "_[_]";
inline constexpr std::string_view kOptIndex = "_[?_]";
inline constexpr std::string_view kOptSelect = "_?._";
inline constexpr std::string_view kIn = "@in";
// Emitted only by the comprehension macros (all/exists loop conditions).
inline constexpr std::string_view kNotStrictlyFalse = "@not_strictly_false";
// Legacy spellings some older ASTs use; the parser never emits them.
inline constexpr std::string_view kOldIn = "_in_";
inline constexpr std::string_view kOldNotStrictlyFalse = "__not_strictly_false__";
}  // namespace op

// The hidden accumulator variable of the comprehension macros (cel-go's "@result"); it cannot be
// written in source, so it never collides with a user variable.
inline constexpr std::string_view kAccumulatorName = "@result";

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// A literal. `bytes` values keep their raw bytes in `string_value`.
struct Constant {
  enum class Kind { kNull, kBool, kInt, kUint, kDouble, kString, kBytes };
  Kind kind = Kind::kNull;
  bool bool_value = false;
  int64_t int_value = 0;
  uint64_t uint_value = 0;
  double double_value = 0;
  std::string string_value;  // kString (UTF-8) and kBytes (raw)

  static Constant null() { return {}; }
  static Constant boolean(bool v);
  static Constant integer(int64_t v);
  static Constant uinteger(uint64_t v);
  static Constant dbl(double v);
  static Constant string(std::string v);
  static Constant bytes(std::string v);
  bool operator==(const Constant& o) const;
};

// A name; a leading dot (`.a`) is kept in the name and means "resolve from the root container".
struct Ident {
  std::string name;
};

// `operand.field`; with test_only, the presence test `has(operand.field)`.
struct Select {
  ExprPtr operand;
  std::string field;
  bool test_only = false;
};

// A function call or operator; `target` is null for global calls.
struct Call {
  ExprPtr target;
  std::string function;
  std::vector<ExprPtr> args;
};

// `[a, ?b]`: optional_indices lists the positions of the `?` elements.
struct List {
  std::vector<ExprPtr> elements;
  std::vector<int32_t> optional_indices;
};

struct MapEntry {
  int64_t id = 0;
  ExprPtr key;
  ExprPtr value;
  bool optional = false;  // `{?k: v}`
};

struct Map {
  std::vector<MapEntry> entries;
};

struct StructField {
  int64_t id = 0;
  std::string name;
  ExprPtr value;
  bool optional = false;  // `T{?f: v}`
};

// Message-style construction `a.b.C{f: v}`; message_name is written as in the source (a leading
// dot kept).
struct Struct {
  std::string message_name;
  std::vector<StructField> fields;
};

// CEL's single loop form (see cel-spec langdef "Macros"):
//   accu = accu_init
//   for (iter_var[, iter_var2]) in iter_range:   // list: (elem) or (index, elem); map: (key) or
//     if !loop_condition: break                  // (key, value)
//     accu = loop_step
//   return result
// iter_var2 is empty for one-variable comprehensions.
struct Comprehension {
  std::string iter_var;
  std::string iter_var2;
  ExprPtr iter_range;
  std::string accu_var;
  ExprPtr accu_init;
  ExprPtr loop_condition;
  ExprPtr loop_step;
  ExprPtr result;
};

enum class ExprKind {
  kUnspecified,
  kConstant,
  kIdent,
  kSelect,
  kCall,
  kList,
  kMap,
  kStruct,
  kComprehension
};

// One node. `kind` is monostate only for the id-only placeholders inside macro_calls (see
// SourceInfo) and for a default-constructed node.
struct Expr {
  int64_t id = 0;
  std::variant<std::monostate, Constant, Ident, Select, Call, List, Map, Struct, Comprehension>
      kind;

  ExprKind expr_kind() const { return static_cast<ExprKind>(kind.index()); }
  bool is(ExprKind k) const { return expr_kind() == k; }
  // Typed access; the caller must have checked the kind (std::get throws otherwise).
  const Constant& constant() const { return std::get<Constant>(kind); }
  const Ident& ident() const { return std::get<Ident>(kind); }
  const Select& select() const { return std::get<Select>(kind); }
  const Call& call() const { return std::get<Call>(kind); }
  const List& list() const { return std::get<List>(kind); }
  const Map& map() const { return std::get<Map>(kind); }
  const Struct& strct() const { return std::get<Struct>(kind); }
  const Comprehension& comprehension() const { return std::get<Comprehension>(kind); }
  Constant& constant() { return std::get<Constant>(kind); }
  Ident& ident() { return std::get<Ident>(kind); }
  Select& select() { return std::get<Select>(kind); }
  Call& call() { return std::get<Call>(kind); }
  List& list() { return std::get<List>(kind); }
  Map& map() { return std::get<Map>(kind); }
  Struct& strct() { return std::get<Struct>(kind); }
  Comprehension& comprehension() { return std::get<Comprehension>(kind); }
};

// Node constructors (used by the parser, the macros and tests).
ExprPtr make_constant(int64_t id, Constant c);
ExprPtr make_ident(int64_t id, std::string name);
ExprPtr make_select(int64_t id, ExprPtr operand, std::string field, bool test_only = false);
ExprPtr make_call(int64_t id, std::string function, std::vector<ExprPtr> args);
ExprPtr make_member_call(int64_t id, std::string function, ExprPtr target,
                         std::vector<ExprPtr> args);
ExprPtr make_list(int64_t id, std::vector<ExprPtr> elements, std::vector<int32_t> optional_indices);
ExprPtr make_map(int64_t id, std::vector<MapEntry> entries);
ExprPtr make_struct(int64_t id, std::string message_name, std::vector<StructField> fields);
ExprPtr make_comprehension(int64_t id, std::string iter_var, std::string iter_var2,
                           ExprPtr iter_range, std::string accu_var, ExprPtr accu_init,
                           ExprPtr loop_condition, ExprPtr loop_step, ExprPtr result);

// A deep copy keeping every id.
ExprPtr clone(const Expr& e);

// The direct children of a node in evaluation-neutral source order: select operand; call target
// then args; list elements; map key, value per entry; struct field values; comprehension
// iter_range, accu_init, loop_condition, loop_step, result. Null children are skipped.
void for_each_child(const Expr& e, const std::function<void(const Expr&)>& fn);

// Pre-order walk of the whole tree; `fn` returns false to skip a node's children.
void walk(const Expr& root, const std::function<bool(const Expr&)>& fn);

// Deep structural equality, ids included when `compare_ids`.
bool equal(const Expr& a, const Expr& b, bool compare_ids = true);

// 1-based line and column; columns count Unicode code points.
struct Location {
  int line = 0;
  int column = 0;
};

// Where each node came from.
struct SourceInfo {
  std::string description = "<input>";  // shown in diagnostics, like cel-go
  std::string text;                     // the expression source (UTF-8)
  // Code-point offset of the first character of every line after the first (cel-go layout:
  // offset just past each '\n').
  std::vector<int32_t> line_offsets;
  // Node id (also map-entry / struct-field ids) → code-point offset in `text`.
  std::unordered_map<int64_t, int32_t> positions;
  // Expanded node id → the macro call as written (target and args keep their ids; an argument
  // that is itself an expanded macro is an id-only Expr with monostate kind).
  std::unordered_map<int64_t, ExprPtr> macro_calls;

  // Line/column of a code-point offset; {0,0} if out of range.
  Location location_of(int32_t offset) const;
  // Line/column of a node; {0,0} if the id has no position.
  Location location_of_id(int64_t id) const;
  // Code-point offset of a node, or -1.
  int32_t offset_of(int64_t id) const;
};

// The parser's output: the tree plus its source information. Move-only; the root lives behind
// a pointer so that node addresses stay stable when the ParsedExpr moves.
struct ParsedExpr {
  ExprPtr expr;
  SourceInfo source_info;
  // The largest id in use (the next id a rewriter may allocate is max_id + 1).
  int64_t max_id = 0;
};

}  // namespace kro::cel::syntax

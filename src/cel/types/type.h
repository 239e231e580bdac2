// CEL types as the checker and tools see them: primitives, list(T), map(K, V), type parameters,
// dyn, null_type, type(T), optional_type(T), timestamp, duration, error, and object types (named
// records with typed fields, e.g. built from an OpenAPI schema) and opaque library types
// (kubernetes.Quantity, net.IP ...).
//
// Type is a small immutable value: copying shares the parameters and object description.
// Names follow cel-go (`Name()`: "int", "list", "google.protobuf.Timestamp", "optional_type",
// an object's full name); `ToString()` prints the full type as cel-go's FormatCELType does:
// "list(int)", "map(string, dyn)", "optional_type(bool)", "type(int)".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kro::cel::types {

class ObjectType;

enum class TypeKind {
  kDyn,
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kTimestamp,
  kDuration,
  kList,
  kMap,
  kOptional,
  kType,       // the type of a type value: type(T)
  kTypeParam,  // a type variable in an overload signature, e.g. T in list(T)
  kError,
  kObject,
  kOpaque,
};

class Type {
 public:
  Type() = default;  // dyn

  static Type dyn() { return Type(TypeKind::kDyn); }
  static Type null() { return Type(TypeKind::kNull); }
  static Type boolean() { return Type(TypeKind::kBool); }
  static Type integer() { return Type(TypeKind::kInt); }
  static Type uinteger() { return Type(TypeKind::kUint); }
  static Type dbl() { return Type(TypeKind::kDouble); }
  static Type string() { return Type(TypeKind::kString); }
  static Type bytes() { return Type(TypeKind::kBytes); }
  static Type timestamp() { return Type(TypeKind::kTimestamp); }
  static Type duration() { return Type(TypeKind::kDuration); }
  static Type error() { return Type(TypeKind::kError); }
  static Type list(Type elem);
  static Type map(Type key, Type value);
  static Type optional(Type value);
  static Type type_of(Type t);  // type(T); TypeOf(Dyn()) is plain `type`
  static Type param(std::string name);
  static Type object(std::shared_ptr<const ObjectType> object);
  static Type opaque(std::string name, std::vector<Type> params = {});

  TypeKind kind() const { return kind_; }
  bool is(TypeKind k) const { return kind_ == k; }
  // cel-go's type name ("int", "list", "google.protobuf.Duration", an object's name ...).
  std::string name() const;
  // The full type, e.g. "map(string, list(int))".
  std::string to_string() const;
  // Type parameters: list → {elem}; map → {key, value}; optional/type → {T}; opaque → its own.
  const std::vector<Type>& params() const;
  // list/optional/type element, map value; dyn for others.
  Type elem() const;
  Type key() const;  // map key; dyn for others
  // The object description, or nullptr.
  const ObjectType* object() const;

  bool operator==(const Type& o) const;
  bool operator!=(const Type& o) const { return !(*this == o); }

 private:
  explicit Type(TypeKind k) : kind_(k) {}
  struct Data;
  TypeKind kind_ = TypeKind::kDyn;
  std::shared_ptr<const Data> data_;
};

// One field of an object type.
struct Field {
  std::string name;  // as CEL sees it (Kubernetes-escaped, see escaping.h)
  Type type;
  bool required = false;
};

// A named record type. Field names are unique; lookups are by CEL name.
class ObjectType {
 public:
  ObjectType(std::string name, std::vector<Field> fields);

  const std::string& name() const { return name_; }
  const std::vector<Field>& fields() const { return fields_; }
  // The field called `name`; when none, and `name` is a CEL reserved word, the escaped field
  // `__name__` (kro's SetRecognizeKeywordAsFieldName: `x.namespace` reads `__namespace__`).
  const Field* find_field(std::string_view name) const;

 private:
  std::string name_;
  std::vector<Field> fields_;
  // Positions in fields_ sorted by name: a schema converts to thousands of object types, and a
  // sorted index costs 4 bytes a field where a std::map node with a copy of the name costs ~80.
  std::vector<std::uint32_t> index_;
};

// Whether a value of type `from` may be used where `to` is expected, with dyn (and type
// parameters, and error) compatible with everything, null assignable to optional/object/type
// values, and structural recursion through list/map/optional/type. Objects match by name.
bool is_assignable(const Type& to, const Type& from);

}  // namespace kro::cel::types

#include "cel/types/type.h"

#include <algorithm>
#include <array>
#include <cstddef>

#include "cel/types/escaping.h"

namespace kro::cel::types {

struct Type::Data {
  std::string name;          // type parameter or opaque name
  std::vector<Type> params;  // list/map/optional/type/opaque parameters
  std::shared_ptr<const ObjectType> object;
};

namespace {
const std::vector<Type>& no_params() {
  static const std::vector<Type> kEmpty;
  return kEmpty;
}

constexpr std::size_t kKinds = static_cast<std::size_t>(TypeKind::kOpaque) + 1;
}  // namespace

// list(P) and map(P, Q) of parameterless types (string, int, dyn ...) are shared: a large
// schema has tens of thousands of `additionalProperties: {type: string}` and string arrays.
Type Type::list(Type elem) {
  Type t(TypeKind::kList);
  if (!elem.data_) {
    static const auto kShared = [] {
      std::array<std::shared_ptr<const Data>, kKinds> out;
      for (std::size_t k = 0; k < kKinds; ++k) {
        out[k] = std::make_shared<const Data>(Data{"", {Type(static_cast<TypeKind>(k))}, nullptr});
      }
      return out;
    }();
    t.data_ = kShared[static_cast<std::size_t>(elem.kind_)];
    return t;
  }
  t.data_ = std::make_shared<const Data>(Data{"", {std::move(elem)}, nullptr});
  return t;
}
Type Type::map(Type key, Type value) {
  Type t(TypeKind::kMap);
  if (!key.data_ && !value.data_) {
    static const auto kShared = [] {
      std::array<std::shared_ptr<const Data>, kKinds * kKinds> out;
      for (std::size_t k = 0; k < kKinds; ++k) {
        for (std::size_t v = 0; v < kKinds; ++v) {
          out[k * kKinds + v] = std::make_shared<const Data>(
              Data{"", {Type(static_cast<TypeKind>(k)), Type(static_cast<TypeKind>(v))}, nullptr});
        }
      }
      return out;
    }();
    t.data_ = kShared[static_cast<std::size_t>(key.kind_) * kKinds +
                      static_cast<std::size_t>(value.kind_)];
    return t;
  }
  t.data_ = std::make_shared<const Data>(Data{"", {std::move(key), std::move(value)}, nullptr});
  return t;
}
Type Type::optional(Type value) {
  Type t(TypeKind::kOptional);
  t.data_ = std::make_shared<const Data>(Data{"", {std::move(value)}, nullptr});
  return t;
}
Type Type::type_of(Type of) {
  Type t(TypeKind::kType);
  t.data_ = std::make_shared<const Data>(Data{"", {std::move(of)}, nullptr});
  return t;
}
Type Type::param(std::string name) {
  Type t(TypeKind::kTypeParam);
  t.data_ = std::make_shared<const Data>(Data{std::move(name), {}, nullptr});
  return t;
}
Type Type::object(std::shared_ptr<const ObjectType> object) {
  Type t(TypeKind::kObject);
  t.data_ = std::make_shared<const Data>(Data{"", {}, std::move(object)});
  return t;
}
Type Type::opaque(std::string name, std::vector<Type> params) {
  Type t(TypeKind::kOpaque);
  t.data_ = std::make_shared<const Data>(Data{std::move(name), std::move(params), nullptr});
  return t;
}

const std::vector<Type>& Type::params() const { return data_ ? data_->params : no_params(); }

Type Type::elem() const {
  const auto& p = params();
  switch (kind_) {
    case TypeKind::kList:
    case TypeKind::kOptional:
    case TypeKind::kType:
      return p.empty() ? dyn() : p[0];
    case TypeKind::kMap:
      return p.size() < 2 ? dyn() : p[1];
    default:
      return dyn();
  }
}

Type Type::key() const {
  return kind_ == TypeKind::kMap && params().size() == 2 ? params()[0] : dyn();
}

const ObjectType* Type::object() const { return data_ ? data_->object.get() : nullptr; }

std::string Type::name() const {
  switch (kind_) {
    case TypeKind::kDyn:
      return "dyn";
    case TypeKind::kNull:
      return "null_type";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kUint:
      return "uint";
    case TypeKind::kDouble:
      return "double";
    case TypeKind::kString:
      return "string";
    case TypeKind::kBytes:
      return "bytes";
    case TypeKind::kTimestamp:
      return "google.protobuf.Timestamp";
    case TypeKind::kDuration:
      return "google.protobuf.Duration";
    case TypeKind::kList:
      return "list";
    case TypeKind::kMap:
      return "map";
    case TypeKind::kOptional:
      return "optional_type";
    case TypeKind::kType:
      return "type";
    case TypeKind::kError:
      return "*error*";
    case TypeKind::kTypeParam:
    case TypeKind::kOpaque:
      return data_ ? data_->name : std::string();
    case TypeKind::kObject:
      return object() ? object()->name() : std::string();
  }
  return "";
}

std::string Type::to_string() const {
  std::string out = name();
  if (kind_ == TypeKind::kType && elem().is(TypeKind::kDyn)) return out;
  const auto& p = params();
  if (p.empty() || kind_ == TypeKind::kObject) return out;
  out.append("(");
  for (size_t i = 0; i < p.size(); ++i) {
    if (i > 0) out.append(", ");
    out.append(p[i].to_string());
  }
  out.append(")");
  return out;
}

bool Type::operator==(const Type& o) const {
  if (kind_ != o.kind_) return false;
  if (kind_ == TypeKind::kObject) return name() == o.name();
  if ((kind_ == TypeKind::kTypeParam || kind_ == TypeKind::kOpaque) && name() != o.name()) {
    return false;
  }
  return params() == o.params();
}

ObjectType::ObjectType(std::string name, std::vector<Field> fields)
    : name_(std::move(name)), fields_(std::move(fields)) {
  // Built by push_back, the vector may hold up to twice its size; types live as long as the
  // compiled graphs that use them.
  fields_.shrink_to_fit();
  index_.resize(fields_.size());
  for (std::size_t i = 0; i < fields_.size(); ++i) index_[i] = static_cast<std::uint32_t>(i);
  // Stable: with a repeated name the first field wins, as lookups always did.
  std::stable_sort(index_.begin(), index_.end(), [this](std::uint32_t a, std::uint32_t b) {
    return fields_[a].name < fields_[b].name;
  });
}

const Field* ObjectType::find_field(std::string_view name) const {
  auto lookup = [this](std::string_view n) -> const Field* {
    auto it = std::lower_bound(
        index_.begin(), index_.end(), n,
        [this](std::uint32_t i, std::string_view key) { return fields_[i].name < key; });
    if (it != index_.end() && fields_[*it].name == n) return &fields_[*it];
    return nullptr;
  };
  if (const Field* f = lookup(name)) return f;
  if (is_cel_reserved_symbol(name)) {
    std::string escaped = "__";
    escaped.append(name).append("__");
    return lookup(escaped);
  }
  return nullptr;
}

bool is_assignable(const Type& to, const Type& from) {
  auto loose = [](const Type& t) {
    return t.is(TypeKind::kDyn) || t.is(TypeKind::kTypeParam) || t.is(TypeKind::kError);
  };
  if (loose(to) || loose(from)) return true;
  if (from.is(TypeKind::kNull)) {
    return to.is(TypeKind::kNull) || to.is(TypeKind::kOptional) || to.is(TypeKind::kObject) ||
           to.is(TypeKind::kType) || to.is(TypeKind::kTimestamp) || to.is(TypeKind::kDuration);
  }
  if (to.kind() != from.kind()) return false;
  switch (to.kind()) {
    case TypeKind::kObject:
    case TypeKind::kOpaque:
      if (to.name() != from.name()) return false;
      break;
    default:
      break;
  }
  const auto& a = to.params();
  const auto& b = from.params();
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!is_assignable(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace kro::cel::types

#include "cel/check/decls.h"

#include <cctype>
#include <set>

#include "value/result.h"

namespace kro::cel::check {

using types::Type;
using types::TypeKind;

namespace {

// A recursive-descent reader for the signature text form (see decls.h).
class TypeReader {
 public:
  explicit TypeReader(std::string_view text) : text_(text) {}

  Result<Type> read_type() {
    skip_space();
    std::string name = read_name();
    if (name.empty()) return fail("a type name");
    std::vector<Type> params;
    skip_space();
    if (peek('(')) {
      ++pos_;
      while (true) {
        KRO_ASSIGN_OR_RETURN(auto p, read_type());
        params.push_back(std::move(p));
        skip_space();
        if (peek(',')) {
          ++pos_;
          continue;
        }
        if (peek(')')) {
          ++pos_;
          break;
        }
        return fail("',' or ')'");
      }
    }
    return build(name, std::move(params));
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) {
      ++pos_;
    }
  }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool at_end() {
    skip_space();
    return pos_ >= text_.size();
  }
  bool consume(std::string_view s) {
    skip_space();
    if (text_.substr(pos_, s.size()) != s) return false;
    pos_ += s.size();
    return true;
  }
  Error fail(std::string_view expected) const {
    return Error("signature '" + std::string(text_) + "': expected " + std::string(expected) +
                 " at offset " + std::to_string(pos_));
  }

 private:
  std::string read_name() {
    size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '@') {
        ++pos_;
      } else {
        break;
      }
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  static bool is_type_param_name(std::string_view n) {
    if (n.empty() || std::isupper(static_cast<unsigned char>(n[0])) == 0) return false;
    for (char c : n) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0) return false;
    }
    return n.size() <= 2;
  }

  Result<Type> build(const std::string& n, std::vector<Type> p) const {
    auto arity = [&](size_t k) -> Result<Type> {
      if (p.size() != k) return fail(n + " with " + std::to_string(k) + " parameter(s)");
      return Type::dyn();
    };
    static const std::map<std::string, Type, std::less<>> kSimple = {
        {"int", Type::integer()},         {"uint", Type::uinteger()},
        {"double", Type::dbl()},          {"bool", Type::boolean()},
        {"string", Type::string()},       {"bytes", Type::bytes()},
        {"null_type", Type::null()},      {"dyn", Type::dyn()},
        {"timestamp", Type::timestamp()}, {"google.protobuf.Timestamp", Type::timestamp()},
        {"duration", Type::duration()},   {"google.protobuf.Duration", Type::duration()},
    };
    if (auto it = kSimple.find(n); it != kSimple.end()) {
      KRO_RETURN_IF_ERROR(arity(0));
      return it->second;
    }
    if (n == "list") {
      KRO_RETURN_IF_ERROR(arity(1));
      return Type::list(p[0]);
    }
    if (n == "map") {
      KRO_RETURN_IF_ERROR(arity(2));
      return Type::map(p[0], p[1]);
    }
    if (n == "optional_type") {
      KRO_RETURN_IF_ERROR(arity(1));
      return Type::optional(p[0]);
    }
    if (n == "type") {
      if (p.empty()) return Type::type_of(Type::dyn());
      KRO_RETURN_IF_ERROR(arity(1));
      return Type::type_of(p[0]);
    }
    if (is_type_param_name(n) && p.empty()) return Type::param(n);
    return Type::opaque(n, std::move(p));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void collect_params(const Type& t, std::set<std::string>& out) {
  if (t.is(TypeKind::kTypeParam)) out.insert(t.name());
  for (const auto& p : t.params()) collect_params(p, out);
}

}  // namespace

Result<Type> parse_type(std::string_view text) {
  TypeReader r(text);
  auto t = r.read_type();
  if (!t) return t;
  if (!r.at_end()) return r.fail("the end of the type");
  return t;
}

Result<OverloadDecl> parse_signature(std::string_view id, bool receiver, std::string_view sig) {
  OverloadDecl o;
  o.id = std::string(id);
  o.receiver = receiver;
  TypeReader r(sig);
  if (!r.consume("->")) {
    while (true) {
      KRO_ASSIGN_OR_RETURN(auto t, r.read_type());
      o.params.push_back(std::move(t));
      if (r.consume(",")) continue;
      if (r.consume("->")) break;
      return r.fail("',' or '->'");
    }
  }
  KRO_ASSIGN_OR_RETURN(auto res, r.read_type());
  if (!r.at_end()) return r.fail("the end of the signature");
  o.result = std::move(res);
  if (receiver && o.params.empty()) return r.fail("a receiver type");
  return o;
}

Status Declarations::add_overload(std::string_view function, OverloadDecl overload) {
  if (overload.type_params.empty()) {
    std::set<std::string> names;
    for (const auto& p : overload.params) collect_params(p, names);
    collect_params(overload.result, names);
    overload.type_params.assign(names.begin(), names.end());
  }
  auto it = functions_.find(function);
  if (it == functions_.end()) {
    it = functions_.emplace(std::string(function), FunctionDecl{std::string(function), {}}).first;
  }
  for (const auto& o : it->second.overloads) {
    if (o.id != overload.id) continue;
    if (o.params == overload.params && o.result == overload.result &&
        o.receiver == overload.receiver) {
      return {};  // declared twice the same way: libraries may share overloads
    }
    return Error("overload '" + overload.id + "' of '" + std::string(function) +
                 "' is declared twice with different signatures");
  }
  it->second.overloads.push_back(std::move(overload));
  return {};
}

Status Declarations::add_overload(std::string_view function, std::string_view id, bool receiver,
                                  std::string_view signature) {
  KRO_ASSIGN_OR_RETURN(auto o, parse_signature(id, receiver, signature));
  return add_overload(function, std::move(o));
}

void Declarations::add_variable(std::string name, types::Type type) {
  variables_.insert_or_assign(std::move(name), std::move(type));
}

void Declarations::add_type_name(std::string name, types::Type t) {
  add_variable(std::move(name), Type::type_of(std::move(t)));
}

const FunctionDecl* Declarations::find_function(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

const types::Type* Declarations::find_variable(std::string_view name) const {
  auto it = variables_.find(name);
  return it == variables_.end() ? nullptr : &it->second;
}

Status add_signatures(Declarations& decls, std::span<const SignatureDecl> signatures) {
  for (const SignatureDecl& s : signatures) {
    KRO_RETURN_IF_ERROR(decls.add_overload(s.function, s.id, s.receiver, s.signature));
  }
  return {};
}

bool is_cross_type_numeric_comparison(std::string_view overload_id) {
  for (std::string_view prefix : {"less_", "less_equals_", "greater_", "greater_equals_"}) {
    if (overload_id.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = overload_id.substr(prefix.size());
    for (std::string_view a : {"int64_", "uint64_", "double_"}) {
      if (rest.substr(0, a.size()) != a) continue;
      std::string_view b = rest.substr(a.size());
      if (b == "int64" || b == "uint64" || b == "double") return true;
    }
  }
  return false;
}

}  // namespace kro::cel::check

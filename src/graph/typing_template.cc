#include "graph/typing_template.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "graph/extract.h"
#include "graph/field_path.h"

namespace kro::graph {

namespace {

bool flag(const JsonObject& s, std::string_view key) {
  const Json* v = s.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

void add_unique(std::vector<std::string>& v, std::string_view t) {
  if (std::find(v.begin(), v.end(), t) == v.end()) v.emplace_back(t);
}

std::string join_or(const std::vector<std::string>& types) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += " or ";
    out += types[i];
  }
  return out;
}

class Walker {
 public:
  // With `all`, a field that does not fit is recorded there and its siblings are still walked.
  Walker(const KindSchema& kind, std::vector<Error>* all) : kind_(kind), all_(all) {}

  Status walk(const Json& v, const Json* schema, const std::string& path,
              const std::string& pointer) {
    schema = kind_.deref(schema);
    const JsonObject* s = schema != nullptr ? schema->if_object() : nullptr;
    if (s == nullptr) return fail(pointer, "schema is nil for path " + path);
    if (flag(*s, "x-kubernetes-preserve-unknown-fields")) return {};  // the schemaless walk
    if (!s->contains("type") && !s->contains("oneOf") && !s->contains("anyOf") &&
        !s->contains("additionalProperties")) {
      return fail(pointer, "schema at path " + path +
                               " has no valid type, OneOf, AnyOf, or AdditionalProperties");
    }
    std::vector<std::string> types = expected_types(*s);
    if (types.empty()) return fail(pointer, "unknown schema type");
    auto has = [&types](std::string_view t) {
      return std::find(types.begin(), types.end(), t) != types.end();
    };
    if (const auto* obj = v.if_object()) {
      const bool open_map = additional_allowed(*s);
      if (!has("object") && !open_map) return mismatch(pointer, types, path, "object");
      for (const auto& kv : *obj) {
        std::string field(kv.key());
        const Json* fs = field_schema(*s, field);
        std::string child_pointer = pointer_join(pointer, field);
        if (fs == nullptr) {
          std::string message = "error getting field schema for path ";
          message.append(path).append(".").append(field);
          message.append(": schema not found for field ").append(field);
          // Blame the unknown key itself (its value may be a block several lines below).
          KRO_RETURN_IF_ERROR(keep(fail(child_pointer + "#key", std::move(message))));
          continue;
        }
        if (auto st = walk(kv.value(), fs, join_field(path, field), child_pointer); !st.ok()) {
          if (st = keep(std::move(st).take_error()); !st.ok()) return st;
        }
      }
      return {};
    }
    if (const auto* arr = v.if_array()) {
      if (!has("array")) return mismatch(pointer, types, path, "array");
      const Json* items = s->if_contains("items");
      if (items == nullptr || !items->is_object()) {
        return fail(pointer, "invalid array schema for path " + path +
                                 ": neither Items.Schema nor Properties are defined");
      }
      for (std::size_t i = 0; i < arr->size(); ++i) {
        if (auto st = walk((*arr)[i], items, join_index(path, i), pointer_join(pointer, i));
            !st.ok()) {
          if (st = keep(std::move(st).take_error()); !st.ok()) return st;
        }
      }
      return {};
    }
    if (const auto* str = v.if_string()) {
      auto standalone = is_standalone_expression(*str);
      if (standalone.ok() && *standalone) return {};  // typed by the checker
      // A string whose `${` cannot be scanned was reported by the extraction (validate_rgd
      // goes on past it); it is no literal to check.
      if (!standalone.ok()) return {};
      if (!has("string") && !has("any")) return mismatch(pointer, types, path, "string");
      return {};
    }
    if (v.is_null() || has("any")) return {};
    for (const auto& t : types) {
      if (t == "number" && v.is_number()) return {};
      if (t == "integer" && (v.is_int64() || v.is_uint64())) return {};
      if (t == "boolean" && v.is_bool()) return {};
    }
    std::string actual = v.is_bool()                       ? "boolean"
                         : (v.is_int64() || v.is_uint64()) ? "integer"
                                                           : "float64";
    return mismatch(pointer, types, path, actual);
  }

 private:
  // A child's problem: collecting, recorded (the walk goes on); otherwise returned.
  Status keep(Error e) const {
    if (all_ == nullptr) return e;
    all_->push_back(std::move(e));
    return {};
  }

  static Error fail(const std::string& pointer, std::string message) {
    Error e(std::move(message));
    e.path = pointer;
    return e;
  }
  static Error mismatch(const std::string& pointer, const std::vector<std::string>& types,
                        const std::string& path, std::string_view got) {
    return fail(pointer, "expected " + join_or(types) + " type for path " + path + ", got " +
                             std::string(got));
  }

  static bool additional_allowed(const JsonObject& s) {
    const Json* ap = s.if_contains("additionalProperties");
    if (ap == nullptr) return false;
    if (ap->is_bool()) return ap->get_bool();
    return ap->is_object();
  }

  // getExpectedTypes: extensions, then oneOf/anyOf, then `type`, then an open map ("any").
  std::vector<std::string> expected_types(const JsonObject& s) const {
    if (flag(s, "x-kubernetes-int-or-string")) return {"string", "integer"};
    for (const char* key : {"oneOf", "anyOf"}) {
      const Json* subs = s.if_contains(key);
      if (subs == nullptr || !subs->is_array() || subs->get_array().empty()) continue;
      std::vector<std::string> types;
      for (const Json& sub : subs->get_array()) {
        const Json* d = kind_.deref(&sub);
        const JsonObject* o = d != nullptr ? d->if_object() : nullptr;
        if (o == nullptr) continue;
        if (o->contains("required") || o->contains("not")) add_unique(types, "object");
        if (const Json* t = o->if_contains("type"); t != nullptr && t->is_string()) {
          if (!t->get_string().empty()) add_unique(types, t->get_string());
        }
      }
      if (!types.empty()) return types;
    }
    if (const Json* t = s.if_contains("type");
        t != nullptr && t->is_string() && !t->get_string().empty()) {
      return {std::string(t->get_string())};
    }
    if (additional_allowed(s)) return {"any"};
    return {};
  }

  // getFieldSchema: the property, else the additionalProperties schema.
  const Json* field_schema(const JsonObject& s, const std::string& field) const {
    if (const Json* props = s.if_contains("properties"); props != nullptr && props->is_object()) {
      if (const Json* p = props->get_object().if_contains(field)) return p;
    }
    const Json* ap = s.if_contains("additionalProperties");
    if (ap != nullptr && ap->is_object()) return ap;
    if (ap != nullptr && ap->is_bool() && ap->get_bool()) {
      static const Json kAny = JsonObject{{"x-kubernetes-preserve-unknown-fields", true}};
      return &kAny;
    }
    return nullptr;
  }

  const KindSchema& kind_;
  std::vector<Error>* all_;
};

}  // namespace

Status check_template_schema(const Json& object, const KindSchema& kind,
                             const std::string& pointer) {
  return Walker(kind, nullptr).walk(object, &kind.schema, "", pointer);
}

std::vector<Error> check_template_schema_all(const Json& object, const KindSchema& kind,
                                             const std::string& pointer) {
  std::vector<Error> all;
  auto st = Walker(kind, &all).walk(object, &kind.schema, "", pointer);
  if (!st.ok()) all.push_back(std::move(st).take_error());
  return all;
}

}  // namespace kro::graph

#include "graph/model.h"

#include <initializer_list>

#include "graph/extract.h"
#include "graph/field_path.h"
#include "graph/selector_check.h"
#include "value/strings.h"

namespace kro::graph {

SourcePos Rgd::pos(std::string_view pointer) const {
  return positions ? positions->at(pointer) : SourcePos{};
}

SourcePos Rgd::key_pos(std::string_view pointer) const {
  return positions ? positions->key_at(pointer) : SourcePos{};
}

Error Rgd::error_at(std::string_view pointer, std::string message) const {
  // A "#key" suffix designates the key of a member rather than its value.
  constexpr std::string_view kKey = "#key";
  bool is_key =
      pointer.size() >= kKey.size() && pointer.substr(pointer.size() - kKey.size()) == kKey;
  std::string_view node = is_key ? pointer.substr(0, pointer.size() - kKey.size()) : pointer;
  Error e(std::move(message), is_key ? key_pos(node) : pos(node));
  // Without the document at hand, numeric steps read as array indexes, which they are in every
  // pointer the graph layer builds.
  e.path = pointer_to_path(node, Json(nullptr));
  return e;
}

namespace {

const char* type_name(const Json& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
      return "integer";
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "value";
}

// Walks the document once, reporting every problem it meets; nothing stops at the first error
// so that `kro validate` can show them all.
class Reader {
 public:
  Reader(const YamlDocument& doc, std::vector<Error>& errors) : doc_(doc), errors_(errors) {}

  std::optional<Rgd> read() {
    rgd_.positions = std::make_shared<const SourceMap>(doc_.positions);
    std::size_t before = errors_.size();
    const JsonObject* root = doc_.value.if_object();
    if (root == nullptr) {
      fail("", std::string("a ResourceGraphDefinition must be an object, got ") +
                   type_name(doc_.value));
      return std::nullopt;
    }
    known(*root, "", {"apiVersion", "kind", "metadata", "spec", "status"});
    if (auto v = string_field(*root, "", "apiVersion", true); v && v->value != kRgdApiVersion) {
      fail(v->pointer,
           "apiVersion must be \"" + std::string(kRgdApiVersion) + "\", got \"" + v->value + "\"");
    }
    if (auto k = string_field(*root, "", "kind", true); k && k->value != kRgdKind) {
      fail(k->pointer, "kind must be \"" + std::string(kRgdKind) + "\", got \"" + k->value + "\"");
    }
    if (const JsonObject* md = object_field(*root, "", "metadata", true)) {
      rgd_.metadata = *md;
      if (auto n = string_field(*md, "/metadata", "name", true)) rgd_.name = *n;
    }
    if (const JsonObject* spec = object_field(*root, "", "spec", true)) read_spec(*spec);
    if (errors_.size() != before) return std::nullopt;
    return std::move(rgd_);
  }

 private:
  void fail(std::string_view pointer, std::string message) {
    Error e(std::move(message), doc_.positions.at(pointer));
    e.path = pointer_to_path(pointer, doc_.value);
    errors_.push_back(std::move(e));
  }

  // Members the API would not accept (kubectl's strict field validation rejects them too).
  void known(const JsonObject& obj, std::string_view ptr,
             std::initializer_list<std::string_view> names) {
    for (const auto& kv : obj) {
      bool ok = false;
      for (auto n : names) ok = ok || kv.key() == n;
      if (ok) continue;
      std::string p = pointer_join(ptr, kv.key());
      Error e("unknown field \"" + pointer_to_path(p, doc_.value) + "\"", doc_.positions.key_at(p));
      e.path = pointer_to_path(p, doc_.value);
      errors_.push_back(std::move(e));
    }
  }

  // The member `name` of obj, or nullptr when absent or null (null reads as "not set", as in
  // Kubernetes); reports a missing required member.
  const Json* member(const JsonObject& obj, std::string_view ptr, std::string_view name,
                     bool required) {
    const Json* v = obj.if_contains(name);
    if (v != nullptr && !v->is_null()) return v;
    if (required) fail(ptr, "required field \"" + std::string(name) + "\" is missing");
    return nullptr;
  }

  void wrong_type(std::string_view ptr, const char* want, const Json& got) {
    fail(ptr, std::string("must be ") + want + ", got " + type_name(got));
  }

  std::optional<Text> string_field(const JsonObject& obj, std::string_view ptr,
                                   std::string_view name, bool required) {
    const Json* v = member(obj, ptr, name, required);
    if (v == nullptr) return std::nullopt;
    std::string p = pointer_join(ptr, name);
    if (!v->is_string()) {
      wrong_type(p, "a string", *v);
      return std::nullopt;
    }
    return Text{std::string(v->as_string()), p};
  }

  // The member `name` when it is of JSON kind `want`; otherwise reported as not being `what`.
  const Json* typed_member(const JsonObject& obj, std::string_view ptr, std::string_view name,
                           bool required, json::kind want, const char* what) {
    const Json* v = member(obj, ptr, name, required);
    if (v == nullptr || v->kind() == want) return v;
    wrong_type(pointer_join(ptr, name), what, *v);
    return nullptr;
  }

  const JsonObject* object_field(const JsonObject& obj, std::string_view ptr, std::string_view name,
                                 bool required) {
    const Json* v = typed_member(obj, ptr, name, required, json::kind::object, "an object");
    return v != nullptr ? &v->as_object() : nullptr;
  }

  const JsonArray* array_field(const JsonObject& obj, std::string_view ptr, std::string_view name) {
    const Json* v = typed_member(obj, ptr, name, false, json::kind::array, "an array");
    return v != nullptr ? &v->as_array() : nullptr;
  }

  // Calls fn(element, pointer) for each element of `arr` (at `base`) that is an object and
  // reports the others.
  template <typename Fn>
  void each_object(const JsonArray& arr, const std::string& base, Fn fn) {
    for (std::size_t i = 0; i < arr.size(); ++i) {
      std::string p = pointer_join(base, i);
      if (const JsonObject* o = arr[i].if_object()) {
        fn(*o, p);
      } else {
        wrong_type(p, "an object", arr[i]);
      }
    }
  }

  std::vector<Text> string_list(const JsonObject& obj, std::string_view ptr,
                                std::string_view name) {
    std::vector<Text> out;
    const JsonArray* arr = array_field(obj, ptr, name);
    if (arr == nullptr) return out;
    std::string base = pointer_join(ptr, name);
    for (std::size_t i = 0; i < arr->size(); ++i) {
      std::string p = pointer_join(base, i);
      if (!(*arr)[i].is_string()) {
        wrong_type(p, "a string", (*arr)[i]);
        continue;
      }
      out.push_back(Text{std::string((*arr)[i].as_string()), p});
    }
    return out;
  }

  // A map of strings (labels, annotations).
  JsonObject string_map(const JsonObject& obj, std::string_view ptr, std::string_view name) {
    const JsonObject* m = object_field(obj, ptr, name, false);
    if (m == nullptr) return {};
    std::string base = pointer_join(ptr, name);
    for (const auto& kv : *m) {
      if (!kv.value().is_string()) wrong_type(pointer_join(base, kv.key()), "a string", kv.value());
    }
    return *m;
  }

  // spec.schema.spec/types/status are free-form objects (RawExtension).
  Json raw_object(const JsonObject& obj, std::string_view ptr, std::string_view name) {
    const JsonObject* m = object_field(obj, ptr, name, false);
    return m != nullptr ? Json(*m) : Json(JsonObject{});
  }

  void read_spec(const JsonObject& spec) {
    known(spec, "/spec", {"schema", "resources"});
    if (const JsonObject* schema = object_field(spec, "/spec", "schema", true)) {
      read_schema(*schema);
    }
    if (const JsonArray* resources = array_field(spec, "/spec", "resources")) {
      for (std::size_t i = 0; i < resources->size(); ++i) read_resource((*resources)[i], i);
    }
  }

  void read_schema(const JsonObject& s) {
    const std::string ptr = "/spec/schema";
    SchemaDef& out = rgd_.schema;
    known(s, ptr,
          {"kind", "apiVersion", "group", "scope", "spec", "types", "status",
           "additionalPrinterColumns", "shortNames", "categories", "metadata"});
    if (auto v = string_field(s, ptr, "kind", true)) out.kind = *v;
    if (auto v = string_field(s, ptr, "apiVersion", true)) out.api_version = *v;
    out.group = Text{std::string(kDefaultGroup), ""};
    if (auto v = string_field(s, ptr, "group", false); v && !v->value.empty()) out.group = *v;
    out.scope = Text{"Namespaced", ""};
    if (auto v = string_field(s, ptr, "scope", false)) {
      if (v->value != "Namespaced" && v->value != "Cluster") {
        fail(v->pointer, "Unsupported value: \"" + v->value +
                             "\": supported values: \"Namespaced\", \"Cluster\"");
      } else {
        out.scope = *v;
      }
    }
    out.spec = raw_object(s, ptr, "spec");
    out.types = raw_object(s, ptr, "types");
    out.status = raw_object(s, ptr, "status");
    if (const JsonArray* cols = array_field(s, ptr, "additionalPrinterColumns")) {
      each_object(*cols, ptr + "/additionalPrinterColumns",
                  [&](const JsonObject& col, const std::string& p) {
                    // CustomResourceColumnDefinition: name, type and jsonPath are required.
                    string_field(col, p, "name", true);
                    string_field(col, p, "type", true);
                    string_field(col, p, "jsonPath", true);
                  });
      out.printer_columns = *cols;
    }
    out.short_names = string_list(s, ptr, "shortNames");
    out.categories = string_list(s, ptr, "categories");
    if (const JsonObject* md = object_field(s, ptr, "metadata", false)) {
      std::string p = ptr + "/metadata";
      known(*md, p, {"labels", "annotations"});
      out.crd_labels = string_map(*md, p, "labels");
      out.crd_annotations = string_map(*md, p, "annotations");
    }
  }

  void read_resource(const Json& value, std::size_t index) {
    std::string ptr = pointer_join("/spec/resources", index);
    const JsonObject* r = value.if_object();
    if (r == nullptr) {
      wrong_type(ptr, "an object", value);
      return;
    }
    known(
        *r, ptr,
        {"id", "template", "externalRef", "readyWhen", "includeWhen", "forEach", "deletionPolicy"});
    ResourceDef res;
    res.index = index;
    res.pointer = ptr;
    if (auto v = string_field(*r, ptr, "id", true)) res.id = *v;
    const JsonObject* tmpl = object_field(*r, ptr, "template", false);
    if (tmpl != nullptr) res.template_ = Json(*tmpl);
    const Json* ext = member(*r, ptr, "externalRef", false);
    if (ext != nullptr) res.external_ref = read_external_ref(*ext, ptr + "/externalRef", res.id);
    bool has_template = r->if_contains("template") && !r->at("template").is_null();
    if (has_template == (ext != nullptr)) {
      fail(ptr, "exactly one of template or externalRef must be provided");
    }
    read_deletion_policy(*r, res, ext != nullptr);
    res.ready_when = string_list(*r, ptr, "readyWhen");
    res.include_when = string_list(*r, ptr, "includeWhen");
    if (const JsonArray* dims = array_field(*r, ptr, "forEach")) {
      each_object(*dims, ptr + "/forEach", [&](const JsonObject& dim, const std::string& p) {
        // The CRD declares minProperties=1, maxProperties=1.
        if (dim.size() != 1) {
          fail(p, "a forEach dimension must have exactly one entry {iterator: \"${list}\"}, got " +
                      std::to_string(dim.size()));
          return;
        }
        const auto& kv = *dim.begin();
        std::string vp = pointer_join(p, kv.key());
        if (!kv.value().is_string()) {
          wrong_type(vp, "a string", kv.value());
          return;
        }
        res.for_each.push_back(ForEachDef{Text{std::string(kv.key()), vp + "#key"},
                                          Text{std::string(kv.value().as_string()), vp}});
      });
    }
    rgd_.resources.push_back(std::move(res));
  }

  // deletionPolicy: the enum our CRD declares, and never beside externalRef (kro does not own
  // an external object, so it has nothing to delete or orphan).
  void read_deletion_policy(const JsonObject& r, ResourceDef& res, bool external) {
    auto v = string_field(r, res.pointer, "deletionPolicy", false);
    if (!v) return;
    std::string who = "resource " + go_quote(res.id.value) + ": ";
    if (external) {
      fail(v->pointer, who +
                           "deletionPolicy cannot be set on an externalRef resource: kro never "
                           "deletes or releases an object it does not own");
    } else if (v->value == kDeletionPolicyOrphan) {
      res.deletion_policy = DeletionPolicy::kOrphan;
    } else if (v->value != kDeletionPolicyDelete) {
      fail(v->pointer, who + "deletionPolicy: Unsupported value: " + go_quote(v->value) +
                           ": supported values: \"Delete\", \"Orphan\"");
    }
  }

  std::optional<ExternalRef> read_external_ref(const Json& value, const std::string& ptr,
                                               const Text& id) {
    const JsonObject* e = value.if_object();
    if (e == nullptr) {
      wrong_type(ptr, "an object", value);
      return std::nullopt;
    }
    known(*e, ptr, {"apiVersion", "kind", "metadata"});
    ExternalRef out;
    out.pointer = ptr;
    if (auto v = string_field(*e, ptr, "apiVersion", true)) out.api_version = *v;
    if (auto v = string_field(*e, ptr, "kind", true)) out.kind = *v;
    if (const JsonObject* md = object_field(*e, ptr, "metadata", true)) {
      std::string p = ptr + "/metadata";
      known(*md, p, {"name", "namespace", "selector"});
      out.name = string_field(*md, p, "name", false);
      out.namespace_ = string_field(*md, p, "namespace", false);
      // As upstream: a blank name is no name, a null selector no selector.
      if (out.name && trim(out.name->value).empty()) out.name.reset();
      const Json* sel = member(*md, p, "selector", false);
      if (sel != nullptr && !sel->is_null()) out.selector = *sel;
      // Upstream words these like the builder error they are in Go.
      auto fail_metadata = [&](std::string_view at, std::string_view problem) {
        fail(at, "failed to build resource " + go_quote(id.value) +
                     ": invalid external ref metadata for resource " + id.value + ": " +
                     std::string(problem));
      };
      if (out.name.has_value() == out.selector.has_value()) {
        fail_metadata(p, "exactly one of name or selector must be provided");
      } else if (out.selector) {
        if (auto problem = metadata_selector_problem(*out.selector)) {
          fail_metadata(pointer_join(p, "selector"), *problem);
        }
      }
    }
    return out;
  }

  // externalRef.metadata.selector is schemaless: a LabelSelector object (selector_check.h: its
  // shape, and Kubernetes' own validation when it holds no CEL), or, new in kro v0.9.4, one
  // standalone expression that resolves to one when the instance is reconciled.
  static std::optional<std::string> metadata_selector_problem(const Json& selector) {
    static constexpr std::string_view kShape =
        "selector must be a Kubernetes LabelSelector object or a CEL expression that resolves "
        "to one";
    if (selector.is_string()) {
      auto standalone = is_standalone_expression(selector.as_string());
      if (!standalone) return "invalid selector expression: " + standalone.error().message;
      if (!*standalone) return std::string(kShape);
      return std::nullopt;
    }
    if (!selector.is_object()) return std::string(kShape);
    return selector_problem(selector);
  }

  const YamlDocument& doc_;
  std::vector<Error>& errors_;
  Rgd rgd_;
};

}  // namespace

std::optional<Rgd> read_rgd(const YamlDocument& doc, std::vector<Error>& errors) {
  return Reader(doc, errors).read();
}

Result<Rgd> read_rgd(const YamlDocument& doc) {
  std::vector<Error> errors;
  auto rgd = read_rgd(doc, errors);
  if (!errors.empty()) return errors.front();
  return std::move(*rgd);
}

}  // namespace kro::graph

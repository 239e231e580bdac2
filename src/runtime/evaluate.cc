// evaluate(): one walk over the planned nodes in topological order (runtime.h has the rules).
#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "cel/lib/kro/runtime_lib.h"
#include "runtime/internal/eval_support.h"
#include "runtime/value_json.h"
#include "value/strings.h"

namespace kro::runtime {

namespace {

using detail::Outcome;

bool is_external(graph::NodeType t) {
  return t == graph::NodeType::kExternal || t == graph::NodeType::kExternalCollection;
}

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ", ";
    out += id;
  }
  return out;
}

// The instance as `schema` sees it: every top-level field but status, read in place.
cel::Value instance_value(const Document& instance) {
  std::vector<std::pair<cel::Value, cel::Value>> entries;
  if (const JsonObject* obj = instance->if_object()) {
    entries.reserve(obj->size());
    for (const auto& kv : *obj) {
      if (kv.key() == "status") continue;
      entries.emplace_back(cel::Value::string(std::string(kv.key())),
                           cel::Value::from_json(instance, kv.value()));
    }
  }
  return cel::Value::map(std::move(entries));
}

std::string instance_namespace(const Json& instance) {
  return string_at(instance, "metadata.namespace");
}

// The graph keeps an external collection's selector under metadata (the externalRef's shape);
// the desired reference carries it at the top, where a LIST call wants it, and always has one
// (a missing selector selects everything).
void hoist_selector(Json& ref) {
  JsonObject& obj = ref.as_object();
  Json selector = JsonObject();
  if (Json* md = obj.if_contains("metadata"); md != nullptr && md->is_object()) {
    if (Json* sel = md->get_object().if_contains("selector")) {
      selector = std::move(*sel);
      md->get_object().erase("selector");
    }
  }
  obj["selector"] = std::move(selector);
}

class Evaluator {
 public:
  Evaluator(const ExecutableImpl& impl, const Document& instance, const ObservedState& observed,
            Evaluation& out)
      : impl_(impl), observed_(observed), out_(out), memo_(impl.slots) {
    namespace_ = instance_namespace(*instance);
    scope_.bind(graph::kSchemaVar, instance_value(instance));
    // Author conditions read kro's built-ins through `runtime` (the checker declares it there
    // only).
    scope_.bind("runtime", cel::lib::runtime_value(observed.builtin_conditions()));
  }

  void run() {
    out_.nodes.reserve(impl_.nodes.size());
    for (std::size_t i = 0; i < impl_.nodes.size(); ++i) {
      out_.nodes.push_back(process(impl_.nodes[i]));
      NodeResult& r = out_.nodes.back();
      for (const auto& e : r.errors) out_.errors.push_back(e);
    }
    detail::project_status(impl_, scope_, memo_, out_);
    detail::evaluate_conditions(impl_, scope_, out_);
  }

 private:
  // Whether a dependency counts as ready for gating (skipped ones do).
  bool gate_open(std::size_t dep) const {
    const NodeResult& r = out_.nodes[dep];
    return r.state == NodeState::kSkipped ||
           (r.state == NodeState::kResolved && r.readiness == Readiness::kReady);
  }

  std::vector<std::string> closed_gates(const std::vector<std::size_t>& deps) const {
    std::vector<std::string> out;
    for (std::size_t d : deps) {
      if (!gate_open(d)) out.push_back(out_.nodes[d].id);
    }
    return out;
  }

  static NodeResult& pending(NodeResult& r, std::string reason) {
    r.state = NodeState::kPending;
    r.reason = std::move(reason);
    return r;
  }

  static NodeResult& fail(NodeResult& r, Error e) {
    r.state = NodeState::kError;
    r.desired.clear();
    r.errors.push_back(std::move(e));
    return r;
  }

  NodeResult process(const PlannedNode& pn) {
    const graph::Node& node = *pn.node;
    NodeResult r;
    r.id = node.id;
    r.type = node.type;

    for (std::size_t d : pn.deps) {
      if (out_.nodes[d].state == NodeState::kSkipped) {
        r.state = NodeState::kSkipped;
        r.reason = "dependency " + out_.nodes[d].id + " is skipped";
        r.readiness = Readiness::kReady;
        return r;
      }
    }
    if (!check_include_when(pn, r)) return r;

    r.waiting_for = closed_gates(pn.deps);
    if (!r.waiting_for.empty()) {
      return pending(r, "waiting for " + join_ids(r.waiting_for) + " to be ready");
    }

    if (!resolve(pn, r)) return r;
    r.state = NodeState::kResolved;
    observe(pn, r);
    return r;
  }

  // False when the node is decided (skipped, pending or failed) by its includeWhen.
  bool check_include_when(const PlannedNode& pn, NodeResult& r) {
    if (pn.include_when.empty()) return true;
    r.waiting_for = closed_gates(pn.include_when_deps);
    if (!r.waiting_for.empty()) {
      pending(r, "includeWhen waits for " + join_ids(r.waiting_for) + " to be ready");
      return false;
    }
    for (std::size_t i = 0; i < pn.include_when.size(); ++i) {
      const PlannedExpr& pe = pn.include_when[i];
      const std::string path = r.id + ".includeWhen[" + std::to_string(i) + "]";
      Outcome o = detail::run(pe, scope_, &memo_);
      if (o.kind == Outcome::Kind::kPending) {
        pending(r, "includeWhen[" + std::to_string(i) + "] data pending: " + o.message);
        return false;
      }
      if (o.kind == Outcome::Kind::kError) {
        fail(r, detail::expression_error(*pe.expr, path, "resource \"" + r.id + "\" includeWhen",
                                         o.message));
        return false;
      }
      if (!o.value.is(cel::Kind::kBool)) {
        fail(r, detail::expression_error(
                    *pe.expr, path, "resource \"" + r.id + "\" includeWhen",
                    "must return a bool, got " + std::string(o.value.cel_type_name())));
        return false;
      }
      if (!o.value.as_bool()) {
        r.state = NodeState::kSkipped;
        r.readiness = Readiness::kReady;
        r.reason =
            "includeWhen[" + std::to_string(i) + "] is false: " + detail::user_text(*pe.expr);
        return false;
      }
    }
    return true;
  }

  // Evaluates the fields that `iteration` selects into values (indexed like pn.fields).
  bool eval_fields(const PlannedNode& pn, bool iteration, const cel::eval::Activation& scope,
                   std::vector<cel::Value>& values, NodeResult& r) {
    for (std::size_t k = 0; k < pn.fields.size(); ++k) {
      const PlannedField& f = pn.fields[k];
      if (f.iteration != iteration) continue;
      Outcome o = detail::run(f.expr, scope, &memo_);
      if (o.kind == Outcome::Kind::kPending) {
        pending(r, "field " + f.path + " data pending: " + o.message);
        return false;
      }
      if (o.kind == Outcome::Kind::kError) {
        fail(r, detail::expression_error(*f.expr.expr, r.id + "." + f.path,
                                         "resource \"" + r.id + "\" field " + f.path, o.message));
        return false;
      }
      values[k] = std::move(o.value);
    }
    return true;
  }

  // The template with every field written; omitted fields removed afterwards, last first, so
  // that removing an array item does not shift the paths still to be removed.
  std::optional<Json> render(const PlannedNode& pn, const std::vector<cel::Value>& values,
                             NodeResult& r) {
    Json obj = pn.node->object;
    std::vector<std::size_t> omitted;
    for (std::size_t k = 0; k < pn.fields.size(); ++k) {
      const PlannedField& f = pn.fields[k];
      auto j = value_to_json(values[k]);
      if (!j.ok()) {
        fail(r, detail::expression_error(*f.expr.expr, r.id + "." + f.path,
                                         "resource \"" + r.id + "\" field " + f.path,
                                         j.error().message));
        return std::nullopt;
      }
      if (!j->has_value()) {
        omitted.push_back(k);
        continue;
      }
      Json* slot = find_at(obj, f.steps);
      if (slot == nullptr) {
        fail(r, Error("resource \"" + r.id + "\": field " + f.path + " not found in the template"));
        return std::nullopt;
      }
      *slot = std::move(**j);
    }
    for (auto it = omitted.rbegin(); it != omitted.rend(); ++it) {
      erase_at(obj, pn.fields[*it].steps);
    }
    return obj;
  }

  bool kind_namespaced(const PlannedNode& pn, const ObjectIdentity& id) const {
    if (impl_.options.namespaced) {
      if (auto known = impl_.options.namespaced(id.api_version(), id.kind)) return *known;
    }
    return pn.namespaced;
  }

  // Namespace defaulting, identity, and duplicate identities across nodes; false on error.
  bool finish_object(const PlannedNode& pn, Json obj, std::optional<std::size_t> index,
                     NodeResult& r) {
    ObjectIdentity id = identity_of(obj);
    const bool namespaced = kind_namespaced(pn, id);
    if (pn.node->type == graph::NodeType::kExternalCollection) {
      hoist_selector(obj);
      // A selector without a namespace lists every namespace, under a namespaced instance too
      // (upstream v0.9.4: an empty namespace is not defaulted to the instance's for a list).
    } else if (auto st = default_namespace(obj, namespaced, namespace_); !st.ok()) {
      Error e("resource \"" + r.id + "\": " + st.error().message);
      e.path = r.id + ".metadata.namespace";
      fail(r, std::move(e));
      return false;
    }
    id = identity_of(obj);
    if (!is_external(pn.node->type)) {
      auto [it, inserted] = claimed_.try_emplace(id.str(), r.id);
      if (!inserted) {
        Error e;
        e.path = r.id;
        e.message =
            it->second == r.id
                ? "node \"" + r.id + "\" identity collision: duplicate identity: " + id.str()
                : "resourceID: " + r.id + " conflicts with resourceID: " + it->second;
        fail(r, std::move(e));
        return false;
      }
    }
    DesiredObject d;
    d.identity = std::move(id);
    d.index = index;
    d.object = make_document(std::move(obj));
    r.desired.push_back(std::move(d));
    return true;
  }

  bool resolve(const PlannedNode& pn, NodeResult& r) {
    std::vector<cel::Value> values(pn.fields.size());
    if (!eval_fields(pn, false, scope_, values, r)) return false;
    if (pn.node->type != graph::NodeType::kCollection) {
      auto obj = render(pn, values, r);
      return obj && finish_object(pn, std::move(*obj), std::nullopt, r);
    }
    return resolve_collection(pn, values, r);
  }

  bool resolve_collection(const PlannedNode& pn, std::vector<cel::Value>& values, NodeResult& r) {
    std::vector<cel::Value> dims;
    std::size_t total = 1;
    for (const auto& dim : pn.for_each) {
      const std::string path = r.id + ".forEach." + dim.name;
      Outcome o = detail::run(dim.expr, scope_, &memo_);
      if (o.kind == Outcome::Kind::kPending) {
        pending(r, "forEach " + dim.name + " data pending: " + o.message);
        return false;
      }
      const std::string context = "resource \"" + r.id + "\" forEach \"" + dim.name + "\"";
      if (o.kind == Outcome::Kind::kError) {
        fail(r, detail::expression_error(*dim.expr.expr, path, context, o.message));
        return false;
      }
      if (!o.value.is(cel::Kind::kList)) {
        fail(r, detail::expression_error(
                    *dim.expr.expr, path, context,
                    "must return a list, got " + std::string(o.value.cel_type_name())));
        return false;
      }
      const std::size_t n = o.value.list_size();
      if (n == 0) return true;  // an empty dimension: zero items, resolved
      dims.push_back(std::move(o.value));
      total *= n;
      if (total > impl_.options.max_collection_size) {
        Error e("resource \"" + r.id + "\": collection size of " + std::to_string(total) +
                " is over the maximum collection size of " +
                std::to_string(impl_.options.max_collection_size));
        e.path = r.id + ".forEach";
        fail(r, std::move(e));
        return false;
      }
    }
    r.desired.reserve(total);
    detail::Overlay item_scope(&scope_);
    for (const auto& dim : pn.for_each) item_scope.bind(dim.name, cel::Value());
    std::vector<std::size_t> at(dims.size(), 0);
    for (std::size_t item = 0; item < total; ++item) {
      for (std::size_t d = 0; d < dims.size(); ++d) item_scope.rebind(d, dims[d].list_at(at[d]));
      if (!eval_fields(pn, true, item_scope, values, r)) {
        r.desired.clear();
        return false;
      }
      auto obj = render(pn, values, r);
      if (!obj || !finish_object(pn, std::move(*obj), item, r)) return false;
      // Odometer: the last dimension turns fastest, so the first is the outermost loop.
      for (std::size_t d = dims.size(); d-- > 0;) {
        if (++at[d] < dims[d].list_size()) break;
        at[d] = 0;
      }
    }
    return true;
  }

  // readyWhen over one observed object, bound as `name`; sets readiness (and errors).
  Readiness ready_when(const PlannedNode& pn, std::string_view name, const cel::Value& obj,
                       NodeResult& r, std::optional<std::size_t> item) {
    if (pn.ready_when.empty()) return Readiness::kReady;
    detail::Overlay scope;
    scope.bind(name, obj);
    for (std::size_t i = 0; i < pn.ready_when.size(); ++i) {
      const PlannedExpr& pe = pn.ready_when[i];
      Outcome o = detail::run(pe, scope, nullptr);
      const std::string where = item ? " (item " + std::to_string(*item) + ")" : std::string();
      if (o.kind == Outcome::Kind::kPending) {
        r.reason =
            "readyWhen " + detail::user_text(*pe.expr) + where + " data pending: " + o.message;
        note_wait(r, item ? "node " + go_quote(r.id) + ": failed to evaluate readyWhen " +
                                go_quote(pe.expr->cel) + " (item " + std::to_string(*item) +
                                ") (waiting for readiness)"
                          : "node " + go_quote(r.id) +
                                ": failed to evaluate readyWhen expression: " +
                                go_quote(pe.expr->cel) + " (waiting for readiness)");
        return Readiness::kNotReady;
      }
      std::string problem;
      if (o.kind == Outcome::Kind::kError) {
        problem = o.message;
      } else if (!o.value.is(cel::Kind::kBool)) {
        problem = "must return a bool, got " + std::string(o.value.cel_type_name());
      }
      if (!problem.empty()) {
        r.errors.push_back(
            detail::expression_error(*pe.expr, r.id + ".readyWhen[" + std::to_string(i) + "]",
                                     "resource \"" + r.id + "\" readyWhen" + where, problem));
        return Readiness::kNotReady;
      }
      if (!o.value.as_bool()) {
        r.reason = "readyWhen condition evaluated to false: " + detail::user_text(*pe.expr) + where;
        note_wait(r, "readyWhen condition evaluated to false: " + go_quote(pe.expr->cel) +
                         " (waiting for readiness)");
        return Readiness::kNotReady;
      }
    }
    return Readiness::kReady;
  }

  // The first reason a node waits wins, as upstream stops at the first item that is not ready.
  static void note_wait(NodeResult& r, std::string why) {
    if (r.readiness_wait.empty()) r.readiness_wait = std::move(why);
  }
  static std::string no_observed_state(const NodeResult& r) {
    return "node " + go_quote(r.id) + ": no observed state: waiting for readiness";
  }

  // Matches observations to the resolved node, binds its variable, computes readiness.
  void observe(const PlannedNode& pn, NodeResult& r) {
    const std::string_view id = pn.node->id;
    switch (pn.node->type) {
      case graph::NodeType::kResource:
      case graph::NodeType::kExternal:
        observe_object(pn, id, r);
        return;
      case graph::NodeType::kCollection:
        observe_collection(pn, id, r);
        return;
      case graph::NodeType::kExternalCollection:
        observe_external_collection(pn, id, r);
        return;
    }
  }

  // A resource or external reference: one observed object.
  void observe_object(const PlannedNode& pn, std::string_view id, NodeResult& r) {
    const Document* obs = observed_.object(id);
    DesiredObject& d = r.desired.front();
    if (obs == nullptr || *obs == nullptr) {
      d.readiness = r.readiness = Readiness::kNotObserved;
      r.reason = "not observed yet";
      note_wait(r, no_observed_state(r));
      return;
    }
    d.observed = *obs;
    cel::Value value = FormatTree::bind(pn.formats.get(), *obs);
    scope_.bind(id, value);
    d.readiness = r.readiness = ready_when(pn, id, value, r, std::nullopt);
  }

  // A collection: each desired item is matched to the observed item of the same identity.
  void observe_collection(const PlannedNode& pn, std::string_view id, NodeResult& r) {
    if (r.desired.empty()) {
      scope_.bind(id, cel::Value::list({}));
      r.readiness = Readiness::kReady;
      return;
    }
    const std::vector<Document>* items = observed_.items(id);
    if (items == nullptr) {
      r.readiness = Readiness::kNotObserved;
      r.reason = "not observed yet";
      note_wait(r, "node " + go_quote(r.id) + ": collection not ready: observed 0 but desired " +
                       std::to_string(r.desired.size()) + " (waiting for readiness)");
      for (auto& d : r.desired) d.readiness = Readiness::kNotObserved;
      return;
    }
    std::map<std::string, const Document*> by_identity;
    for (const auto& doc : *items) {
      if (doc != nullptr) by_identity.emplace(identity_of(*doc).str(), &doc);
    }
    std::vector<cel::Value> matched;
    matched.reserve(r.desired.size());
    std::size_t missing = 0;
    bool all_ready = true;
    for (auto& d : r.desired) {
      auto it = by_identity.find(d.identity.str());
      if (it == by_identity.end()) {
        d.readiness = Readiness::kNotObserved;
        ++missing;
        continue;
      }
      d.observed = *it->second;
      matched.push_back(FormatTree::bind(pn.formats.get(), d.observed));
      d.readiness = ready_when(pn, graph::kEachVar, matched.back(), r, d.index);
      all_ready = all_ready && d.readiness == Readiness::kReady;
    }
    scope_.bind(id, cel::Value::list(std::move(matched)));
    if (missing > 0) {
      r.readiness = Readiness::kNotObserved;
      r.reason = "collection not ready: observed " + std::to_string(r.desired.size() - missing) +
                 " but desired " + std::to_string(r.desired.size());
      // Upstream counts before it evaluates any item's readyWhen.
      r.readiness_wait = "node " + go_quote(r.id) + ": " + r.reason + " (waiting for readiness)";
    } else {
      r.readiness = all_ready ? Readiness::kReady : Readiness::kNotReady;
    }
  }

  // An external collection: the observed objects as given.
  void observe_external_collection(const PlannedNode& pn, std::string_view id, NodeResult& r) {
    const std::vector<Document>* items = observed_.items(id);
    DesiredObject& d = r.desired.front();
    if (items == nullptr) {
      d.readiness = r.readiness = Readiness::kNotObserved;
      r.reason = "not observed yet";
      note_wait(r, no_observed_state(r));
      return;
    }
    std::vector<cel::Value> list;
    list.reserve(items->size());
    Readiness readiness = Readiness::kReady;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const Document& doc = (*items)[i];
      if (doc == nullptr) continue;
      list.push_back(FormatTree::bind(pn.formats.get(), doc));
      if (readiness == Readiness::kReady) {
        readiness = ready_when(pn, graph::kEachVar, list.back(), r, i);
      }
    }
    scope_.bind(id, cel::Value::list(std::move(list)));
    d.readiness = r.readiness = readiness;
  }

  const ExecutableImpl& impl_;
  const ObservedState& observed_;
  Evaluation& out_;
  detail::Scope scope_;
  detail::Memo memo_;
  std::string namespace_;
  std::map<std::string, std::string> claimed_;  // identity → resource id
};

}  // namespace

Evaluation evaluate(const Executable& executable, const Document& instance,
                    const ObservedState& observed) {
  Evaluation out;
  out.has_author_conditions = !executable.impl().conditions.empty();
  if (instance == nullptr || !instance->is_object()) {
    out.errors.emplace_back("evaluate: the instance is not an object");
    return out;
  }
  Evaluator(executable.impl(), instance, observed, out).run();
  return out;
}

}  // namespace kro::runtime

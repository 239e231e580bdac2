#include "runner.h"

#include <re2/re2.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "cel/eval/program.h"
#include "env.h"
#include "spec_type.h"
#include "spec_value.h"

namespace kro::cel::conformance {

namespace {

const Json* field(const JsonObject& o, std::string_view name) {
  auto it = o.find(name);
  return it == o.end() ? nullptr : &it->value();
}

std::string str_field(const JsonObject& o, std::string_view name) {
  const Json* j = field(o, name);
  return j != nullptr && j->is_string() ? std::string(j->get_string()) : std::string();
}

bool bool_field(const JsonObject& o, std::string_view name) {
  const Json* j = field(o, name);
  return j != nullptr && j->is_bool() && j->get_bool();
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parse, check, plan and evaluate `expr`; `stage` says where it stopped when the result is an
// error that never reached evaluation.
struct Evaluation {
  std::string stage;  // "setup", "parse", "check", "plan", "checked" (check_only) or "eval"
  std::string error;  // setup/parse/check/plan error text
  types::Type type;   // the checker's output type (dyn when unchecked)
  Value value;
};

struct Request {
  std::string expr;
  bool macros = true;
  bool check = true;
  bool check_only = false;
  std::string container;
  // The checker environment beyond the shared declarations.
  std::function<Status(check::CheckEnv&)> declare;
  bool cross_type_numeric_comparisons = false;
  bool homogeneous_aggregate_literals = false;
};

Evaluation evaluate(const Request& req, const eval::Activation& act, const BaseEnv& env) {
  Evaluation ev;
  auto parsed = parser(req.macros).parse(req.expr);
  if (!parsed) {
    ev.stage = "parse";
    ev.error = parsed.error().message;
    return ev;
  }
  check::CheckedExpr checked;
  if (req.check) {
    check::CheckEnv cenv(env.declarations());
    cenv.container = req.container;
    cenv.cross_type_numeric_comparisons = req.cross_type_numeric_comparisons;
    cenv.homogeneous_aggregate_literals = req.homogeneous_aggregate_literals;
    if (req.declare) {
      if (auto st = req.declare(cenv); !st) {
        ev.stage = "setup";
        ev.error = st.error().message;
        return ev;
      }
    }
    auto c = check::check(std::move(*parsed), cenv);
    if (!c) {
      ev.stage = "check";
      ev.error = c.error().message;
      return ev;
    }
    checked = std::move(*c);
    ev.type = checked.result_type;
    if (req.check_only) {
      ev.stage = "checked";
      return ev;
    }
  } else {
    checked.parsed = std::move(*parsed);
  }
  auto program = plan_checked(checked, env, req.container);
  if (!program) {
    ev.stage = "plan";
    ev.error = program.error().message;
    return ev;
  }
  ev.stage = "eval";
  ev.value = program->eval(act);
  return ev;
}

Result<eval::MapActivation> bindings(const JsonObject& test) {
  eval::MapActivation act;
  const Json* b = field(test, "bindings");
  if (b == nullptr || !b->is_object()) return act;
  for (const auto& kv : b->get_object()) {
    const Json* v = kv.value().is_object() ? field(kv.value().get_object(), "value") : nullptr;
    if (v == nullptr) return Error("binding '" + std::string(kv.key()) + "' has no value");
    auto d = decode_value(*v);
    if (!d) return Error("binding '" + std::string(kv.key()) + "': " + d.error().message);
    act.bind(std::string(kv.key()), std::move(*d));
  }
  return act;
}

}  // namespace

Result<Tiers> Tiers::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  auto doc = parse_json(*text, path);
  if (!doc) return doc.error();
  Tiers t;
  const Json* tests = doc->is_object() ? field(doc->get_object(), "tests") : nullptr;
  if (tests == nullptr || !tests->is_array()) return Error(path + ": no \"tests\" array");
  for (const auto& e : tests->get_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.get_object();
    t.by_id_[str_field(o, "file") + "/" + str_field(o, "section") + "/" + str_field(o, "test")] =
        str_field(o, "tier");
  }
  return t;
}

std::string_view Tiers::tier(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? std::string_view() : std::string_view(it->second);
}

std::vector<Outcome> Runner::run_file(const Json& doc, const std::string& file_name) const {
  if (doc.is_array()) return run_k8s_cases(doc.get_array(), file_name);
  if (doc.is_object()) return run_spec_file(doc.get_object(), file_name);
  return {Outcome{file_name, true, false, "not a conformance file"}};
}

std::vector<Outcome> Runner::run_spec_file(const JsonObject& doc,
                                           const std::string& file_name) const {
  std::vector<Outcome> out;
  const Json* sections = field(doc, "section");
  if (sections == nullptr || !sections->is_array()) return out;
  for (const auto& s : sections->get_array()) {
    const auto& so = s.get_object();
    std::string section = str_field(so, "name");
    const Json* tests = field(so, "test");
    if (tests == nullptr || !tests->is_array()) continue;
    for (const auto& t : tests->get_array()) {
      const auto& to = t.get_object();
      std::string id = file_name;
      id += "/";
      id += section;
      id += "/";
      id += str_field(to, "name");
      if (tiers_ != nullptr && !tiers_->empty()) {
        std::string_view tier = tiers_->tier(id);
        if (tier == "skip-proto") {
          out.push_back(Outcome{id, false, false, "skip-proto tier (protobuf messages)"});
          continue;
        }
      }
      out.push_back(run_spec_test(to, id));
    }
  }
  return out;
}

Outcome Runner::run_spec_test(const JsonObject& test, const std::string& id) const {
  Outcome o{id, true, false, ""};
  auto act = bindings(test);
  if (!act) {
    o.reason = act.error().message;
    return o;
  }
  Request req;
  req.expr = str_field(test, "expr");
  req.macros = !bool_field(test, "disable_macros");
  req.check = !bool_field(test, "disable_check");
  req.check_only = bool_field(test, "check_only");
  req.container = str_field(test, "container");
  const Json* decls = field(test, "type_env");
  req.declare = [decls](check::CheckEnv& env) -> Status {
    if (decls == nullptr || !decls->is_array()) return {};
    for (const auto& d : decls->get_array()) {
      if (auto st = declare(d, env); !st) return st;
    }
    return {};
  };
  Evaluation ev = evaluate(req, *act, *env_);
  // The deduced type, when the test states one.
  const Json* tr = field(test, "typed_result");
  const Json* want_type =
      tr != nullptr && tr->is_object() ? field(tr->get_object(), "deduced_type") : nullptr;
  auto type_matches = [&]() {
    if (want_type == nullptr) return true;
    auto t = decode_type(*want_type);
    if (!t) {
      o.reason = "deduced_type: " + t.error().message;
      return false;
    }
    if (!(*t == ev.type)) {
      o.reason = "deduced type " + ev.type.to_string() + ", want " + t->to_string();
      return false;
    }
    return true;
  };
  if (ev.stage == "checked") {
    o.passed = type_matches();
    return o;
  }
  if (ev.stage != "eval") {
    o.reason = ev.stage + " error: " + ev.error;
    return o;
  }
  const Value& v = ev.value;
  if (field(test, "eval_error") != nullptr) {
    o.passed = v.is_error();
    if (!o.passed) o.reason = "expected an error, got " + debug_string(v);
    return o;
  }
  if (v.is_error()) {
    o.reason = "error: " + v.error_message();
    return o;
  }
  if (tr != nullptr) {
    const Json* r = tr->is_object() ? field(tr->get_object(), "result") : nullptr;
    std::string why;
    if (r != nullptr && !typed_equal(v, *r, *env_->registry(), why)) {
      o.reason = why;
      return o;
    }
    o.passed = type_matches();
    return o;
  }
  const Json* want = field(test, "value");
  Json default_true = json::object{{"bool_value", true}};
  std::string why;
  o.passed = typed_equal(v, want != nullptr ? *want : default_true, *env_->registry(), why);
  if (!o.passed) o.reason = why;
  return o;
}

std::vector<Outcome> Runner::run_k8s_cases(const JsonArray& cases,
                                           const std::string& file_name) const {
  std::vector<Outcome> out;
  int n = 0;
  for (const auto& c : cases) {
    ++n;
    if (!c.is_object()) continue;
    std::string name = str_field(c.get_object(), "name");
    out.push_back(
        run_k8s_case(c.get_object(), file_name + "/" + (name.empty() ? std::to_string(n) : name)));
  }
  return out;
}

Outcome Runner::run_k8s_case(const JsonObject& c, const std::string& id) const {
  Outcome o{id, true, false, ""};
  auto act = bindings(c);
  if (!act) {
    o.reason = act.error().message;
    return o;
  }
  Request req;
  req.expr = str_field(c, "expr");
  // The Kubernetes CRD environment (docs/behaviour/cel-conformance-runner.md) checks with
  // cross-type numeric comparisons and homogeneous aggregate literals; the library tests'
  // environments do not.
  bool crd = str_field(c, "env") == "k8s-crd";
  req.cross_type_numeric_comparisons = crd;
  req.homogeneous_aggregate_literals = crd;
  // Bindings (`self`) are typed from an OpenAPI schema in the Go tests; here they are dyn.
  const Json* b = field(c, "bindings");
  req.declare = [b](check::CheckEnv& env) -> Status {
    if (b != nullptr && b->is_object()) {
      for (const auto& kv : b->get_object()) env.add_variable(std::string(kv.key()), {});
    }
    return {};
  };
  Evaluation ev = evaluate(req, *act, *env_);
  const Json* want_error = field(c, "error");
  if (want_error != nullptr) {
    std::string kind = str_field(c, "error_kind");
    std::string msg;
    if (ev.stage != "eval") {
      // The Kubernetes validator reports environment and program errors this way.
      msg = "compile error: " + ev.error;
    } else if (ev.value.is_error()) {
      if (kind == "compile") {
        o.reason = "compile error expected; got a run-time error: " + ev.value.error_message();
        return o;
      }
      msg = ev.value.error_message();
    } else {
      o.reason = "expected an error, got " + debug_string(ev.value);
      return o;
    }
    std::string want = want_error->is_string() ? std::string(want_error->get_string()) : "";
    std::string match = str_field(c, "error_match");
    bool ok = true;
    if (match == "exact") {
      ok = msg == want || msg.find(want) != std::string::npos;
    } else if (match == "regex") {
      ok = re2::RE2::PartialMatch(msg, re2::RE2(want));
    } else if (match == "substring") {
      ok = msg.find(want) != std::string::npos;
    }
    o.passed = ok;
    if (!ok)
      o.reason = "error message \"" + msg + "\" does not match \"" + want + "\" (" + match + ")";
    return o;
  }
  if (ev.stage != "eval") {
    o.reason = ev.stage + " error: " + ev.error;
    return o;
  }
  if (ev.value.is_error()) {
    o.reason = "error: " + ev.value.error_message();
    return o;
  }
  const Json* want = field(c, "expected");
  if (want == nullptr) {
    o.reason = "case has neither expected nor error";
    return o;
  }
  std::string why;
  o.passed = typed_equal(ev.value, *want, *env_->registry(), why);
  if (!o.passed) o.reason = why;
  return o;
}

}  // namespace kro::cel::conformance

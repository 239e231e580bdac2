#include "runner.h"

#include <re2/re2.h>

#include <fstream>
#include <sstream>

#include "cel/eval/program.h"
#include "env.h"
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

// Parse, plan and evaluate `expr`; `stage` says where it stopped when the result is an error
// that never reached evaluation.
struct Evaluation {
  std::string stage;  // "parse", "plan" or "eval"
  std::string error;  // parse/plan error text
  Value value;
};

Evaluation evaluate(const std::string& expr, bool macros, const std::string& container,
                    const eval::Activation& act, std::shared_ptr<const FunctionRegistry> reg) {
  Evaluation ev;
  auto parsed = parser(macros).Parse(expr);
  if (!parsed) {
    ev.stage = "parse";
    ev.error = parsed.error().message;
    return ev;
  }
  eval::PlanOptions opts;
  opts.container = container;
  opts.type_names = extension_type_names();
  auto program = eval::plan(*parsed->expr, std::move(reg), opts);
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
  if (bool_field(test, "check_only")) {
    o.reason = "check_only: needs the type checker";
    return o;
  }
  auto act = bindings(test);
  if (!act) {
    o.reason = act.error().message;
    return o;
  }
  Evaluation ev = evaluate(str_field(test, "expr"), !bool_field(test, "disable_macros"),
                           str_field(test, "container"), *act, registry_);
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
  if (const Json* tr = field(test, "typed_result")) {
    const Json* r = tr->is_object() ? field(tr->get_object(), "result") : nullptr;
    std::string why;
    if (r != nullptr && !typed_equal(v, *r, *registry_, why)) {
      o.reason = why;
      return o;
    }
    o.reason = "typed_result: the deduced type needs the type checker";
    return o;
  }
  const Json* want = field(test, "value");
  Json default_true = json::object{{"bool_value", true}};
  std::string why;
  o.passed = typed_equal(v, want != nullptr ? *want : default_true, *registry_, why);
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
  Evaluation ev = evaluate(str_field(c, "expr"), true, "", *act, registry_);
  const Json* want_error = field(c, "error");
  if (want_error != nullptr) {
    std::string kind = str_field(c, "error_kind");
    std::string msg;
    if (ev.stage != "eval") {
      msg = ev.error;
    } else if (ev.value.is_error()) {
      if (kind == "compile") {
        o.reason = "compile error expected; got a run-time error (needs the type checker): " +
                   ev.value.error_message();
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
  o.passed = typed_equal(ev.value, *want, *registry_, why);
  if (!o.passed) o.reason = why;
  return o;
}

}  // namespace kro::cel::conformance

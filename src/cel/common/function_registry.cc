#include "cel/common/function_registry.h"

#include <algorithm>

namespace kro::cel {

bool ParamKind::accepts(const Value& v) const {
  if (any) return true;
  if (v.kind() != kind) return false;
  return kind != Kind::kOpaque || opaque.empty() || v.as_opaque().type_name() == opaque;
}

bool Overload::accepts(std::span<const Value> args) const {
  if (args.size() != params.size()) return false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!params[i].accepts(args[i])) return false;
  }
  return true;
}

namespace {
bool same_params(const Overload& a, const Overload& b) {
  if (a.receiver != b.receiver || a.params.size() != b.params.size()) return false;
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    const auto& x = a.params[i];
    const auto& y = b.params[i];
    if (x.any != y.any || (!x.any && (x.kind != y.kind || x.opaque != y.opaque))) return false;
  }
  return true;
}
}  // namespace

Status FunctionRegistry::add(std::string_view name, Overload overload) {
  if (overload.id.empty()) return Error("overload of '" + std::string(name) + "' has no id");
  if (by_id_.count(overload.id) != 0) {
    return Error("overload id '" + overload.id + "' is registered twice");
  }
  if (!overload.fn && !overload.lazy) {
    return Error("overload '" + overload.id + "' has no implementation");
  }
  auto it = functions_.find(name);
  if (it == functions_.end()) {
    it = functions_.emplace(std::string(name), FunctionDecl{std::string(name), {}}).first;
  }
  for (const auto& o : it->second.overloads) {
    if (same_params(*o, overload)) {
      return Error("overloads '" + o->id + "' and '" + overload.id + "' of '" + std::string(name) +
                   "' have the same signature");
    }
  }
  auto owned = std::make_unique<Overload>(std::move(overload));
  by_id_.emplace(owned->id, owned.get());
  it->second.overloads.push_back(std::move(owned));
  return {};
}

Status FunctionRegistry::add_global(std::string_view name, std::string id,
                                    std::vector<ParamKind> params, StrictFn fn) {
  Overload o;
  o.id = std::move(id);
  o.params = std::move(params);
  o.fn = std::move(fn);
  return add(name, std::move(o));
}

Status FunctionRegistry::add_receiver(std::string_view name, std::string id,
                                      std::vector<ParamKind> params, StrictFn fn) {
  Overload o;
  o.id = std::move(id);
  o.receiver = true;
  o.params = std::move(params);
  o.fn = std::move(fn);
  return add(name, std::move(o));
}

const FunctionDecl* FunctionRegistry::find(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

const Overload* FunctionRegistry::find_overload(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

const Overload* FunctionRegistry::resolve(std::string_view name, bool receiver,
                                          std::span<const Value> args) const {
  const FunctionDecl* decl = find(name);
  if (decl == nullptr) return nullptr;
  for (const auto& o : decl->overloads) {
    if (o->receiver == receiver && o->accepts(args)) return o.get();
  }
  return nullptr;
}

std::vector<const Overload*> FunctionRegistry::candidates(std::string_view name, bool receiver,
                                                          std::size_t arity) const {
  std::vector<const Overload*> out;
  const FunctionDecl* decl = find(name);
  if (decl == nullptr) return out;
  for (const auto& o : decl->overloads) {
    if (o->receiver == receiver && o->params.size() == arity) out.push_back(o.get());
  }
  return out;
}

}  // namespace kro::cel

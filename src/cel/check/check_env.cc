// CheckedExpr's and CheckEnv's accessors (checker.h); the checker walk is checker.cc.
#include "cel/check/checker.h"

namespace kro::cel::check {

using types::Type;

types::Type CheckedExpr::type_of(int64_t id) const {
  auto it = types.find(id);
  return it == types.end() ? Type::dyn() : it->second;
}

std::unordered_map<int64_t, std::vector<std::string>> CheckedExpr::overload_ids() const {
  std::unordered_map<int64_t, std::vector<std::string>> out;
  for (const auto& [id, ref] : references) {
    if (!ref.overload_ids.empty()) out.emplace(id, ref.overload_ids);
  }
  return out;
}

CheckEnv::CheckEnv(std::shared_ptr<const Declarations> base) : base_(std::move(base)) {
  if (!base_) base_ = std::make_shared<const Declarations>();
}

const types::Type* CheckEnv::find_variable(std::string_view name) const {
  if (const Type* t = locals_.find_variable(name)) return t;
  return base_->find_variable(name);
}

std::vector<const FunctionDecl*> CheckEnv::find_function(std::string_view name) const {
  std::vector<const FunctionDecl*> out;
  if (const FunctionDecl* f = base_->find_function(name)) out.push_back(f);
  if (const FunctionDecl* f = locals_.find_function(name)) out.push_back(f);
  return out;
}

}  // namespace kro::cel::check

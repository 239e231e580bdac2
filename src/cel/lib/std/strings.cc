#include <re2/re2.h>

#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "cel/internal/std_lib_shorthands.h"
#include "cel/lib/std/std_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

using detail::param_kind;
using A = std::span<const Value>;

namespace {

// Compiled patterns are cached: kro evaluates the same expressions over many objects, and
// `matches` almost always has a literal pattern. The cache is bounded (least recently used
// out) so untrusted dynamic patterns cannot grow it without limit.
class RegexCache {
 public:
  std::shared_ptr<const re2::RE2> get(std::string_view pattern) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(std::string(pattern));
    if (it != map_.end()) {
      order_.splice(order_.begin(), order_, it->second.second);
      return it->second.first;
    }
    re2::RE2::Options opts;
    opts.set_log_errors(false);
    auto re =
        std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), opts);
    order_.push_front(std::string(pattern));
    map_.emplace(std::string(pattern), std::make_pair(re, order_.begin()));
    if (map_.size() > kCapacity) {
      map_.erase(order_.back());
      order_.pop_back();
    }
    return re;
  }

 private:
  static constexpr std::size_t kCapacity = 256;
  std::mutex mu_;
  std::list<std::string> order_;
  std::unordered_map<std::string,
                     std::pair<std::shared_ptr<const re2::RE2>, std::list<std::string>::iterator>>
      map_;
};

RegexCache& regex_cache() {
  static RegexCache cache;
  return cache;
}

Value matches(std::string_view text, std::string_view pattern) {
  auto re = regex_cache().get(pattern);
  if (!re->ok()) {
    return Value::error("invalid matches argument: error parsing regexp '" + std::string(pattern) +
                        "': " + re->error());
  }
  return Value::boolean(re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re));
}

}  // namespace

Status register_string_functions(FunctionRegistry& reg) {
  const Kind S = Kind::kString;
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("contains", "contains_string", {param_kind(S), param_kind(S)}, [](A a) {
        return Value::boolean(a[0].as_string().find(a[1].as_string()) != std::string_view::npos);
      }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "startsWith", "starts_with_string", {param_kind(S), param_kind(S)},
      [](A a) { return Value::boolean(a[0].as_string().starts_with(a[1].as_string())); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "endsWith", "ends_with_string", {param_kind(S), param_kind(S)},
      [](A a) { return Value::boolean(a[0].as_string().ends_with(a[1].as_string())); }));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("matches", "matches_string", {param_kind(S), param_kind(S)},
                       [](A a) { return matches(a[0].as_string(), a[1].as_string()); }));
  KRO_RETURN_IF_ERROR(reg.add_global("matches", "matches", {param_kind(S), param_kind(S)}, [](A a) {
    return matches(a[0].as_string(), a[1].as_string());
  }));
  return {};
}

}  // namespace kro::cel::lib

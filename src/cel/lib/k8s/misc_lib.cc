// Bindings of the Kubernetes URLs, Regex and SemverLib libraries (urls.go, regex.go,
// semverlib.go), and the set of all Kubernetes libraries.
#include <list>
#include <mutex>
#include <unordered_map>

#include "cel/common/errors.h"
#include "cel/lib/k8s/k8s_lib.h"
#include "cel/lib/k8s/regex.h"
#include "cel/lib/k8s/values.h"
#include "value/result.h"

namespace kro::cel::lib {

using A = std::span<const Value>;
using k8s::semver_of;
using k8s::url_of;

namespace {

ParamKind str_kind() { return ParamKind::of(Kind::kString); }
ParamKind url_kind() { return ParamKind::opaque_type(std::string(k8s::kURLType)); }
ParamKind semver_kind() { return ParamKind::opaque_type(std::string(k8s::kSemverType)); }

// Compiled patterns, bounded: kro evaluates the same expressions over many objects, and the
// patterns are almost always literals.
class PatternCache {
 public:
  Result<std::shared_ptr<const RE2>> get(std::string_view pattern) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(std::string(pattern));
    if (it != map_.end()) return it->second;
    auto re = k8s::compile_go_regex(pattern);
    if (!re.ok()) return re;
    if (map_.size() >= kCapacity) map_.clear();
    map_.emplace(std::string(pattern), *re);
    return re;
  }

 private:
  static constexpr std::size_t kCapacity = 512;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const RE2>> map_;
};

Result<std::shared_ptr<const RE2>> pattern(std::string_view p) {
  static PatternCache cache;
  return cache.get(p);
}

Value string_list(const std::vector<std::string>& items) {
  std::vector<Value> out;
  out.reserve(items.size());
  for (const auto& s : items) out.push_back(Value::string(s));
  return Value::list(std::move(out));
}

Value find_all(std::string_view text, std::string_view p, int64_t limit) {
  auto re = pattern(p);
  if (!re.ok()) return Value::error("Illegal regex: " + re.error().message);
  return string_list(k8s::regex_find_all(**re, text, limit));
}

}  // namespace

Status register_k8s_urls(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_global("url", "string_to_url", {str_kind()}, [](A a) {
    auto r = k8s::parse_k8s_url(a[0].as_string());
    return r.ok() ? k8s::make_url(*r) : Value::error(r.error().message);
  }));
  using Get = std::string (*)(const k8s::URL&);
  struct G {
    const char* name;
    const char* id;
    Get get;
  };
  for (const G& g : {
           G{"getScheme", "url_get_scheme", [](const k8s::URL& u) { return u.scheme; }},
           G{"getHost", "url_get_host", [](const k8s::URL& u) { return u.host; }},
           G{"getHostname", "url_get_hostname", [](const k8s::URL& u) { return u.hostname(); }},
           G{"getPort", "url_get_port", [](const k8s::URL& u) { return u.port(); }},
           G{"getEscapedPath", "url_get_escaped_path",
             [](const k8s::URL& u) { return u.escaped_path(); }},
       }) {
    const Get get = g.get;
    KRO_RETURN_IF_ERROR(reg.add_receiver(g.name, g.id, {url_kind()},
                                         [get](A a) { return Value::string(get(*url_of(a[0]))); }));
  }
  KRO_RETURN_IF_ERROR(reg.add_receiver("getQuery", "url_get_query", {url_kind()}, [](A a) {
    std::vector<std::pair<Value, Value>> entries;
    for (const auto& [k, vs] : url_of(a[0])->query()) {
      entries.emplace_back(Value::string(k), string_list(vs));
    }
    return Value::map(std::move(entries));
  }));
  return reg.add_global("isURL", "is_url_string", {str_kind()},
                        [](A a) { return Value::boolean(k8s::is_k8s_url(a[0].as_string())); });
}

Status register_k8s_regex(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("find", "string_find_string", {str_kind(), str_kind()}, [](A a) {
        auto re = pattern(a[1].as_string());
        if (!re.ok()) return Value::error("Illegal regex: " + re.error().message);
        return Value::string(k8s::regex_find(**re, a[0].as_string()));
      }));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("findAll", "string_find_all_string", {str_kind(), str_kind()},
                       [](A a) { return find_all(a[0].as_string(), a[1].as_string(), -1); }));
  return reg.add_receiver(
      "findAll", "string_find_all_string_int", {str_kind(), str_kind(), ParamKind::of(Kind::kInt)},
      [](A a) { return find_all(a[0].as_string(), a[1].as_string(), a[2].as_int()); });
}

Status register_k8s_semver(FunctionRegistry& reg) {
  auto parse = [](std::string_view s, bool normalize) {
    auto r = normalize ? k8s::Semver::parse_normalized(s) : k8s::Semver::parse(s);
    return r.ok() ? k8s::make_semver(*r) : Value::error(r.error().message);
  };
  KRO_RETURN_IF_ERROR(reg.add_global("semver", "string_to_semver", {str_kind()},
                                     [parse](A a) { return parse(a[0].as_string(), false); }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("semver", "string_bool_to_semver", {str_kind(), ParamKind::of(Kind::kBool)},
                     [parse](A a) { return parse(a[0].as_string(), a[1].as_bool()); }));
  KRO_RETURN_IF_ERROR(reg.add_global("isSemver", "is_semver_string", {str_kind()}, [parse](A a) {
    return Value::boolean(!parse(a[0].as_string(), false).is_error());
  }));
  KRO_RETURN_IF_ERROR(reg.add_global(
      "isSemver", "is_semver_string_bool", {str_kind(), ParamKind::of(Kind::kBool)}, [parse](A a) {
        return Value::boolean(!parse(a[0].as_string(), a[1].as_bool()).is_error());
      }));
  struct Cmp {
    const char* name;
    const char* id;
    int want;  // 2: the comparison itself
  };
  for (const Cmp& c :
       {Cmp{"isGreaterThan", "semver_is_greater_than", 1},
        Cmp{"isLessThan", "semver_is_less_than", -1}, Cmp{"compareTo", "semver_compare_to", 2}}) {
    const int want = c.want;
    KRO_RETURN_IF_ERROR(reg.add_receiver(c.name, c.id, {semver_kind(), semver_kind()}, [want](A a) {
      const int r = semver_of(a[0])->compare(*semver_of(a[1]));
      return want == 2 ? Value::integer(r) : Value::boolean(r == want);
    }));
  }
  KRO_RETURN_IF_ERROR(reg.add_receiver("major", "semver_major", {semver_kind()}, [](A a) {
    return Value::integer(static_cast<int64_t>(semver_of(a[0])->major));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("minor", "semver_minor", {semver_kind()}, [](A a) {
    return Value::integer(static_cast<int64_t>(semver_of(a[0])->minor));
  }));
  return reg.add_receiver("patch", "semver_patch", {semver_kind()}, [](A a) {
    return Value::integer(static_cast<int64_t>(semver_of(a[0])->patch));
  });
}

Status register_k8s_libraries(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(register_k8s_lists(reg));
  KRO_RETURN_IF_ERROR(register_k8s_urls(reg));
  KRO_RETURN_IF_ERROR(register_k8s_regex(reg));
  KRO_RETURN_IF_ERROR(register_k8s_quantity(reg));
  KRO_RETURN_IF_ERROR(register_k8s_ip(reg));
  KRO_RETURN_IF_ERROR(register_k8s_cidr(reg));
  return register_k8s_semver(reg);
}

std::vector<std::string> k8s_type_names() {
  return {std::string(k8s::kQuantityType), std::string(k8s::kIPType), std::string(k8s::kCIDRType),
          std::string(k8s::kURLType), std::string(k8s::kSemverType)};
}

}  // namespace kro::cel::lib

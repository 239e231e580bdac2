#include "cel/lib/k8s/semver.h"

#include "value/result.h"
#include "value/strings.h"

namespace kro::cel::k8s {

namespace {

constexpr std::string_view kNumbers = "0123456789";
constexpr std::string_view kAlphanum =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789";

bool contains_only(std::string_view s, std::string_view set) {
  return s.find_first_not_of(set) == std::string_view::npos;
}

bool has_leading_zeroes(std::string_view s) { return s.size() > 1 && s[0] == '0'; }

std::vector<std::string_view> split_n(std::string_view s, char sep, size_t n) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < n) {
    const size_t i = s.find(sep);
    if (i == std::string_view::npos) break;
    out.push_back(s.substr(0, i));
    s.remove_prefix(i + 1);
  }
  out.push_back(s);
  return out;
}

// strconv.ParseUint(s, 10, 64), with its error texts.
Result<uint64_t> parse_uint(std::string_view s) {
  const std::string q = go_quote(s);
  if (s.empty()) return Error("strconv.ParseUint: parsing " + q + ": invalid syntax");
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return Error("strconv.ParseUint: parsing " + q + ": invalid syntax");
    const auto d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) {
      return Error("strconv.ParseUint: parsing " + q + ": value out of range");
    }
    v = v * 10 + d;
  }
  return v;
}

Result<uint64_t> parse_component(std::string_view s, std::string_view name,
                                 std::string_view capitalized) {
  if (!contains_only(s, kNumbers)) {
    return Error("Invalid character(s) found in " + std::string(name) + " number " + go_quote(s));
  }
  if (has_leading_zeroes(s)) {
    return Error(std::string(capitalized) + " number must not contain leading zeroes " +
                 go_quote(s));
  }
  return parse_uint(s);
}

}  // namespace

Result<Semver> Semver::parse(std::string_view s) {
  if (s.empty()) return Error("Version string empty");
  const auto parts = split_n(s, '.', 3);
  if (parts.size() != 3) return Error("No Major.Minor.Patch elements found");
  Semver v;
  KRO_ASSIGN_OR_RETURN(auto major, parse_component(parts[0], "major", "Major"));
  KRO_ASSIGN_OR_RETURN(auto minor, parse_component(parts[1], "minor", "Minor"));
  v.major = major;
  v.minor = minor;

  std::string_view patch_str = parts[2];
  std::vector<std::string_view> build;
  std::vector<std::string_view> prerelease;
  if (const size_t b = patch_str.find('+'); b != std::string_view::npos) {
    build = split_n(patch_str.substr(b + 1), '.', SIZE_MAX);
    patch_str = patch_str.substr(0, b);
  }
  if (const size_t p = patch_str.find('-'); p != std::string_view::npos) {
    prerelease = split_n(patch_str.substr(p + 1), '.', SIZE_MAX);
    patch_str = patch_str.substr(0, p);
  }
  KRO_ASSIGN_OR_RETURN(auto patch, parse_component(patch_str, "patch", "Patch"));
  v.patch = patch;

  for (std::string_view pr : prerelease) {
    if (pr.empty()) return Error("Prerelease is empty");
    Pre item;
    if (contains_only(pr, kNumbers)) {
      if (has_leading_zeroes(pr)) {
        return Error("Numeric PreRelease version must not contain leading zeroes " + go_quote(pr));
      }
      KRO_ASSIGN_OR_RETURN(auto num, parse_uint(pr));
      item.numeric = true;
      item.num = num;
    } else if (contains_only(pr, kAlphanum)) {
      item.str = std::string(pr);
    } else {
      return Error("Invalid character(s) found in prerelease " + go_quote(pr));
    }
    v.pre.push_back(std::move(item));
  }
  for (std::string_view b : build) {
    if (b.empty()) return Error("Build meta data is empty");
    if (!contains_only(b, kAlphanum)) {
      return Error("Invalid character(s) found in build meta data " + go_quote(b));
    }
    v.build.emplace_back(b);
  }
  return v;
}

Result<Semver> Semver::parse_normalized(std::string_view s) {
  if (s.starts_with("v")) s.remove_prefix(1);
  auto views = split_n(s, '.', 3);
  std::vector<std::string> parts(views.begin(), views.end());
  for (auto& p : parts) {
    if (p.size() > 1) {
      const size_t nz = p.find_first_not_of('0');
      p = nz == std::string::npos ? "" : p.substr(nz);
      if (p.empty() || kNumbers.find(p[0]) == std::string_view::npos) p.insert(0, 1, '0');
    }
  }
  if (parts.size() < 3) {
    if (parts.back().find_first_of("+-") != std::string::npos) {
      return Error("short version cannot contain PreRelease/Build meta data");
    }
    while (parts.size() < 3) parts.emplace_back("0");
  }
  return parse(parts[0] + "." + parts[1] + "." + parts[2]);
}

int Semver::compare(const Semver& o) const {
  auto cmp = [](uint64_t a, uint64_t b) { return a < b ? -1 : (a > b ? 1 : 0); };
  if (int c = cmp(major, o.major)) return c;
  if (int c = cmp(minor, o.minor)) return c;
  if (int c = cmp(patch, o.patch)) return c;
  if (pre.empty() || o.pre.empty()) {
    if (pre.empty() && o.pre.empty()) return 0;
    return pre.empty() ? 1 : -1;
  }
  size_t i = 0;
  for (; i < pre.size() && i < o.pre.size(); i++) {
    const Pre& a = pre[i];
    const Pre& b = o.pre[i];
    int c = 0;
    if (a.numeric && b.numeric) {
      c = cmp(a.num, b.num);
    } else if (a.numeric != b.numeric) {
      c = a.numeric ? -1 : 1;
    } else {
      c = a.str < b.str ? -1 : (a.str > b.str ? 1 : 0);
    }
    if (c != 0) return c;
  }
  if (i == pre.size() && i == o.pre.size()) return 0;
  return i == pre.size() ? -1 : 1;
}

std::string Semver::str() const {
  std::string out =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (size_t i = 0; i < pre.size(); i++) {
    out += i == 0 ? "-" : ".";
    out += pre[i].numeric ? std::to_string(pre[i].num) : pre[i].str;
  }
  for (size_t i = 0; i < build.size(); i++) {
    out += i == 0 ? "+" : ".";
    out += build[i];
  }
  return out;
}

}  // namespace kro::cel::k8s

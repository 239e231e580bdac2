#include "kube/rest_path.h"

#include <cstdio>

namespace kro::kube {

namespace {

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string escape(std::string_view s, std::string_view keep) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (unreserved(c) || keep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  return out;
}

}  // namespace

std::string url_encode(std::string_view s) { return escape(s, ""); }

// Go's url.PathEscape keeps these sub-delimiters in a segment; names such as
// "system:controller:x" must stay readable in audit logs.
std::string path_escape(std::string_view s) { return escape(s, ":@!$&'()*+,;="); }

std::string resource_path(const GroupVersionResource& gvr, std::string_view ns,
                          std::string_view name, std::string_view subresource) {
  std::string out = gvr.group_version().api_path();
  if (!ns.empty()) {
    out += "/namespaces/";
    out += path_escape(ns);
  }
  out += '/';
  out += gvr.resource;
  if (!name.empty()) {
    out += '/';
    out += path_escape(name);
    if (!subresource.empty()) {
      out += '/';
      out += subresource;
    }
  }
  return out;
}

Query& Query::add(std::string_view key, std::string_view value) {
  if (!value.empty()) params_.emplace_back(std::string(key), std::string(value));
  return *this;
}

Query& Query::add(std::string_view key, long long value) {
  if (value != 0) params_.emplace_back(std::string(key), std::to_string(value));
  return *this;
}

Query& Query::add_bool(std::string_view key, bool value) {
  if (value) params_.emplace_back(std::string(key), "true");
  return *this;
}

std::string Query::str() const {
  std::string out;
  for (const auto& [k, v] : params_) {
    out += out.empty() ? '?' : '&';
    out += url_encode(k);
    out += '=';
    out += url_encode(v);
  }
  return out;
}

}  // namespace kro::kube

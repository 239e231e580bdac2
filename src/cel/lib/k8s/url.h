// URLs as the Kubernetes CEL URLs library sees them: Go net/url. `url(s)` first validates with
// url.ParseRequestURI (an absolute URI or an absolute path, no fragment handling), then keeps
// the result of url.Parse (which splits off the fragment). The accessors are Go's: Host keeps
// the port and brackets, Hostname/Port split it, EscapedPath re-escapes the decoded path unless
// the raw form is a valid encoding of it, Query decodes `a=1&a=2` into lists.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "value/result.h"

namespace kro::cel::k8s {

struct URL {
  std::string scheme;  // lower-cased
  std::string opaque;
  bool has_user = false;
  std::string username, password;
  bool has_password = false;
  std::string host;  // "example.com:80", "[::1]:80"
  std::string path;  // decoded
  std::string raw_path;
  bool force_query = false;
  std::string raw_query;
  std::string fragment;

  // url.ParseRequestURI / url.Parse; errors read `parse "<url>": <reason>` as in Go.
  static Result<URL> parse_request_uri(std::string_view raw);
  static Result<URL> parse(std::string_view raw);

  std::string hostname() const;
  std::string port() const;
  std::string escaped_path() const;
  // url.Values: every key with its values in order of appearance. Malformed pairs are skipped,
  // as Go's URL.Query() does.
  std::map<std::string, std::vector<std::string>> query() const;
};

// The Kubernetes url(): "URL parse error during conversion from string: <Go error>" on failure.
Result<URL> parse_k8s_url(std::string_view raw);
// The Kubernetes isURL(): ParseRequestURI succeeds.
bool is_k8s_url(std::string_view raw);

}  // namespace kro::cel::k8s

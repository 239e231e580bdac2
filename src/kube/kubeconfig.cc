#include "kube/kubeconfig.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "value/yaml.h"

namespace kro::kube {

namespace {

namespace fs = std::filesystem;

// An error about the kubeconfig field at `path`, written at `pos`.
Error field_error(std::string message, SourcePos pos, std::string path) {
  Error e(std::move(message), std::move(pos));
  e.path = std::move(path);
  return e;
}

// Reads one kubeconfig document, remembering for every error where the field was written.
class Reader {
 public:
  Reader(const YamlDocument& doc, std::string dir) : doc_(doc), dir_(std::move(dir)) {}

  Error error(const std::string& pointer, const std::string& path, std::string msg) const {
    return field_error(std::move(msg), doc_.positions.at(pointer), path);
  }

  // A string member; "" when absent. Wrong types are errors.
  Result<std::string> str(const JsonObject& o, const std::string& pointer, const std::string& path,
                          std::string_view key) const {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::string();
    if (!it->value().is_string())
      return error(pointer_join(pointer, key), path + "." + std::string(key), "must be a string");
    return std::string(it->value().get_string());
  }

  Result<bool> boolean(const JsonObject& o, const std::string& pointer, const std::string& path,
                       std::string_view key) const {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return false;
    if (!it->value().is_bool())
      return error(pointer_join(pointer, key), path + "." + std::string(key), "must be a boolean");
    return it->value().get_bool();
  }

  // A file path, made absolute against the kubeconfig's own directory as kubectl does.
  Result<std::string> file_path(const JsonObject& o, const std::string& pointer,
                                const std::string& path, std::string_view key) const {
    auto s = str(o, pointer, path, key);
    if (!s.ok() || s->empty()) return s;
    fs::path p(*s);
    if (p.is_relative() && !dir_.empty()) p = fs::path(dir_) / p;
    return p.lexically_normal().string();
  }

  Result<std::string> base64(const JsonObject& o, const std::string& pointer,
                             const std::string& path, std::string_view key) const;

  SourcePos pos(const std::string& pointer) const { return doc_.positions.at(pointer); }

 private:
  const YamlDocument& doc_;
  std::string dir_;
};

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Standard base64 with optional padding; whitespace (line-wrapped PEM exports) is ignored.
bool decode_base64(std::string_view in, std::string& out) {
  out.clear();
  unsigned buf = 0;
  int bits = 0;
  bool padding = false;
  for (char c : in) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    if (padding) return false;
    int v = b64_value(c);
    if (v < 0) return false;
    buf = (buf << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return bits < 6;
}

Result<std::string> Reader::base64(const JsonObject& o, const std::string& pointer,
                                   const std::string& path, std::string_view key) const {
  auto s = str(o, pointer, path, key);
  if (!s.ok() || s->empty()) return s;
  std::string out;
  if (!decode_base64(*s, out))
    return error(pointer_join(pointer, key), path + "." + std::string(key), "is not valid base64");
  return out;
}

// Iterates a named list ("clusters": [{name, cluster: {...}}]) calling fn(name, body, pointer,
// path) for each entry.
template <typename Fn>
Status each_named(const Reader& r, const JsonObject& root, std::string_view list,
                  std::string_view body_key, Fn fn) {
  auto it = root.find(list);
  if (it == root.end() || it->value().is_null()) return {};
  std::string lp = pointer_join("", list);
  if (!it->value().is_array()) return r.error(lp, std::string(list), "must be a list");
  const auto& arr = it->value().get_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string ep = pointer_join(lp, i);
    std::string path = std::string(list) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return r.error(ep, path, "must be a mapping");
    const auto& entry = arr[i].get_object();
    KRO_ASSIGN_OR_RETURN(auto name, r.str(entry, ep, path, "name"));
    if (name.empty()) return r.error(ep, path + ".name", "is required");
    auto b = entry.find(body_key);
    std::string bp = pointer_join(ep, body_key);
    std::string bpath = path + "." + std::string(body_key);
    if (b == entry.end() || b->value().is_null()) return r.error(ep, bpath, "is required");
    if (!b->value().is_object()) return r.error(bp, bpath, "must be a mapping");
    KRO_RETURN_IF_ERROR(fn(name, b->value().get_object(), bp, bpath));
  }
  return {};
}

// Reads a named list into `into` (the first entry of a name wins): each entry gets its path and
// position, then fill(entry, body, pointer, path) reads its fields.
template <typename T, typename Fill>
Status read_named_entries(const Reader& r, const JsonObject& root, std::string_view list,
                          std::string_view body_key, std::map<std::string, T>& into, Fill fill) {
  return each_named(r, root, list, body_key,
                    [&](const std::string& name, const JsonObject& b, const std::string& p,
                        const std::string& path) -> Status {
                      if (into.count(name)) return {};
                      T entry;
                      entry.path = path;
                      entry.pos = r.pos(p);
                      KRO_RETURN_IF_ERROR(fill(entry, b, p, path));
                      into.emplace(name, std::move(entry));
                      return {};
                    });
}

// Where each field of the body at `pointer` stands.
template <typename Positions>
void record_field_positions(const Reader& r, const JsonObject& b, const std::string& pointer,
                            Positions& out) {
  for (const auto& kv : b) out[std::string(kv.key())] = r.pos(pointer_join(pointer, kv.key()));
}

}  // namespace

Result<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<Kubeconfig> parse_kubeconfig(std::string_view text, const std::string& file) {
  KRO_ASSIGN_OR_RETURN(auto parsed, parse_yaml_documents(text, file));
  Kubeconfig out;
  if (parsed.empty()) return out;  // kubectl treats an empty file as an empty config
  if (parsed.size() > 1)
    return Error("a kubeconfig holds one YAML document", SourcePos{file, 0, 0});
  const YamlDocument& doc = parsed[0];
  std::string dir = file.empty() ? "" : fs::path(file).parent_path().string();
  Reader r(doc, dir);
  if (doc.value.is_null()) return out;
  if (!doc.value.is_object()) return r.error("", "", "a kubeconfig must be a mapping");
  const auto& root = doc.value.get_object();

  KRO_ASSIGN_OR_RETURN(out.current_context, r.str(root, "", "", "current-context"));

  KRO_RETURN_IF_ERROR(read_named_entries(
      r, root, "clusters", "cluster", out.clusters,
      [&](KubeconfigCluster& c, const JsonObject& b, const std::string& p,
          const std::string& path) -> Status {
        KRO_ASSIGN_OR_RETURN(c.server, r.str(b, p, path, "server"));
        KRO_ASSIGN_OR_RETURN(c.certificate_authority,
                             r.file_path(b, p, path, "certificate-authority"));
        KRO_ASSIGN_OR_RETURN(c.certificate_authority_data,
                             r.base64(b, p, path, "certificate-authority-data"));
        KRO_ASSIGN_OR_RETURN(c.insecure_skip_tls_verify,
                             r.boolean(b, p, path, "insecure-skip-tls-verify"));
        KRO_ASSIGN_OR_RETURN(c.tls_server_name, r.str(b, p, path, "tls-server-name"));
        record_field_positions(r, b, p, c.field_pos);
        return {};
      }));

  KRO_RETURN_IF_ERROR(read_named_entries(
      r, root, "users", "user", out.users,
      [&](KubeconfigUser& u, const JsonObject& b, const std::string& p,
          const std::string& path) -> Status {
        KRO_ASSIGN_OR_RETURN(u.client_certificate, r.file_path(b, p, path, "client-certificate"));
        KRO_ASSIGN_OR_RETURN(u.client_certificate_data,
                             r.base64(b, p, path, "client-certificate-data"));
        KRO_ASSIGN_OR_RETURN(u.client_key, r.file_path(b, p, path, "client-key"));
        KRO_ASSIGN_OR_RETURN(u.client_key_data, r.base64(b, p, path, "client-key-data"));
        KRO_ASSIGN_OR_RETURN(u.token, r.str(b, p, path, "token"));
        KRO_ASSIGN_OR_RETURN(u.token_file, r.file_path(b, p, path, "tokenFile"));
        KRO_ASSIGN_OR_RETURN(u.username, r.str(b, p, path, "username"));
        KRO_ASSIGN_OR_RETURN(u.password, r.str(b, p, path, "password"));
        auto ex = b.find("exec");
        u.has_exec = ex != b.end() && !ex->value().is_null();
        record_field_positions(r, b, p, u.field_pos);
        return {};
      }));

  KRO_RETURN_IF_ERROR(
      read_named_entries(r, root, "contexts", "context", out.contexts,
                         [&](KubeconfigContext& c, const JsonObject& b, const std::string& p,
                             const std::string& path) -> Status {
                           KRO_ASSIGN_OR_RETURN(c.cluster, r.str(b, p, path, "cluster"));
                           KRO_ASSIGN_OR_RETURN(c.user, r.str(b, p, path, "user"));
                           KRO_ASSIGN_OR_RETURN(c.namespace_name, r.str(b, p, path, "namespace"));
                           return {};
                         }));
  return out;
}

void merge_kubeconfig(Kubeconfig& a, const Kubeconfig& b) {
  for (const auto& [k, v] : b.clusters) a.clusters.emplace(k, v);
  for (const auto& [k, v] : b.users) a.users.emplace(k, v);
  for (const auto& [k, v] : b.contexts) a.contexts.emplace(k, v);
  if (a.current_context.empty()) a.current_context = b.current_context;
}

std::vector<std::string> split_kubeconfig_env(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    auto colon = value.find(':');
    auto part = value.substr(0, colon);
    if (!part.empty()) out.emplace_back(part);
    if (colon == std::string_view::npos) break;
    value.remove_prefix(colon + 1);
  }
  return out;
}

Result<Kubeconfig> load_kubeconfig_files(const std::vector<std::string>& paths) {
  Kubeconfig out;
  bool any = false;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    auto text = read_whole_file(path);
    if (!text.ok()) return Error(text.error().message, SourcePos{path, 0, 0});
    KRO_ASSIGN_OR_RETURN(auto one, parse_kubeconfig(*text, path));
    merge_kubeconfig(out, one);
    any = true;
  }
  if (!any) {
    std::string list;
    for (const auto& p : paths) list += (list.empty() ? "" : ", ") + p;
    return Error("no kubeconfig file found (looked for: " + (list.empty() ? "nothing" : list) +
                 ")");
  }
  return out;
}

namespace {

// Reads a file named by a kubeconfig field; the error points at that field.
Result<std::string> read_named(const std::string& file, const std::string& field,
                               const std::string& entry_path, const SourcePos& entry_pos,
                               const std::map<std::string, SourcePos>& field_pos) {
  auto text = read_whole_file(file);
  if (text.ok()) return text;
  auto it = field_pos.find(field);
  return field_error(text.error().message, it != field_pos.end() ? it->second : entry_pos,
                     entry_path + "." + field);
}

}  // namespace

Result<RestConfig> Kubeconfig::rest_config(const std::string& context) const {
  std::string name = context.empty() ? current_context : context;
  if (name.empty()) return Error("kubeconfig has no current-context and no context was given");
  auto ctx = contexts.find(name);
  if (ctx == contexts.end()) return Error("context \"" + name + "\" not found in kubeconfig");
  const auto& c = ctx->second;
  auto cl = clusters.find(c.cluster);
  if (cl == clusters.end()) {
    return field_error("cluster \"" + c.cluster + "\" not found", c.pos, c.path + ".cluster");
  }
  const auto& cluster = cl->second;
  RestConfig out;
  if (cluster.server.empty()) {
    return field_error("is required", cluster.pos, cluster.path + ".server");
  }
  out.server = cluster.server;
  while (!out.server.empty() && out.server.back() == '/') out.server.pop_back();
  out.insecure_skip_tls_verify = cluster.insecure_skip_tls_verify;
  out.tls_server_name = cluster.tls_server_name;
  if (!cluster.certificate_authority_data.empty()) {
    out.ca_pem = cluster.certificate_authority_data;
  } else if (!cluster.certificate_authority.empty()) {
    KRO_ASSIGN_OR_RETURN(
        out.ca_pem, read_named(cluster.certificate_authority, "certificate-authority", cluster.path,
                               cluster.pos, cluster.field_pos));
  }
  if (!c.namespace_name.empty()) out.namespace_name = c.namespace_name;

  if (!c.user.empty()) {
    auto us = users.find(c.user);
    if (us == users.end()) {
      return field_error("user \"" + c.user + "\" not found", c.pos, c.path + ".user");
    }
    const auto& u = us->second;
    if (!u.client_certificate_data.empty()) {
      out.client_cert_pem = u.client_certificate_data;
    } else if (!u.client_certificate.empty()) {
      KRO_ASSIGN_OR_RETURN(
          out.client_cert_pem,
          read_named(u.client_certificate, "client-certificate", u.path, u.pos, u.field_pos));
    }
    if (!u.client_key_data.empty()) {
      out.client_key_pem = u.client_key_data;
    } else if (!u.client_key.empty()) {
      KRO_ASSIGN_OR_RETURN(out.client_key_pem,
                           read_named(u.client_key, "client-key", u.path, u.pos, u.field_pos));
    }
    if (out.client_cert_pem.empty() != out.client_key_pem.empty()) {
      return field_error("client-certificate and client-key must be given together", u.pos, u.path);
    }
    out.bearer_token = u.token;
    out.bearer_token_file = u.token.empty() ? u.token_file : "";
    out.username = u.username;
    out.password = u.password;
    if (u.has_exec && out.bearer_token.empty() && out.bearer_token_file.empty() &&
        out.client_cert_pem.empty()) {
      auto it = u.field_pos.find("exec");
      return field_error("exec credential plugins are not supported",
                         it != u.field_pos.end() ? it->second : u.pos, u.path + ".exec");
    }
  }
  return out;
}

}  // namespace kro::kube

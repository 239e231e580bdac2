// kubeconfig files: parsing, merging several files as kubectl does, and resolving a context to a
// RestConfig.
//
// Merge rules (kubectl's clientcmd): files are read in order; for clusters, users and contexts
// the FIRST file that defines a name wins; current-context is the first non-empty one. Relative
// paths (certificate-authority, client-certificate, client-key, tokenFile) are resolved against
// the directory of the file that holds the entry. Errors name the file, line and field, e.g.
// "/home/u/.kube/config:7:5: users[0].user.client-key: cannot read /x/key.pem: No such file".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kube/config.h"
#include "value/result.h"

namespace kro::kube {

struct KubeconfigCluster {
  std::string server;
  std::string certificate_authority;       // file path, absolute after loading
  std::string certificate_authority_data;  // PEM (base64-decoded)
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string path;                            // "clusters[0].cluster", for messages
  SourcePos pos;                               // where the entry was written
  std::map<std::string, SourcePos> field_pos;  // "certificate-authority" → where it was written
};

struct KubeconfigUser {
  std::string client_certificate;       // file path
  std::string client_certificate_data;  // PEM
  std::string client_key;
  std::string client_key_data;
  std::string token;
  std::string token_file;
  std::string username;
  std::string password;
  bool has_exec = false;  // exec plugins are not supported; resolving such a user is an error
  std::string path;
  SourcePos pos;
  std::map<std::string, SourcePos> field_pos;
};

struct KubeconfigContext {
  std::string cluster;
  std::string user;
  std::string namespace_name;
  std::string path;
  SourcePos pos;
};

struct Kubeconfig {
  std::map<std::string, KubeconfigCluster> clusters;
  std::map<std::string, KubeconfigUser> users;
  std::map<std::string, KubeconfigContext> contexts;
  std::string current_context;

  // Resolves a context (current_context when empty) to a RestConfig, reading certificate files.
  // Errors name the missing context/cluster/user or the unreadable file.
  Result<RestConfig> rest_config(const std::string& context = "") const;
};

// Parses one kubeconfig document; file is used for messages and for resolving relative paths.
Result<Kubeconfig> parse_kubeconfig(std::string_view text, const std::string& file);
// Reads and merges files in order (see the header comment). Missing files are skipped, as
// kubectl does for $KUBECONFIG entries; an empty list or only missing files is an error.
Result<Kubeconfig> load_kubeconfig_files(const std::vector<std::string>& paths);
// Splits a $KUBECONFIG value on ':' dropping empty entries.
std::vector<std::string> split_kubeconfig_env(std::string_view value);
// The bytes of a file; the error says "cannot read <path>".
Result<std::string> read_whole_file(const std::string& path);
// Merges b into a with first-wins semantics.
void merge_kubeconfig(Kubeconfig& a, const Kubeconfig& b);

}  // namespace kro::kube

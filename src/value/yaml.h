// YAML reading and writing for Kubernetes manifests. Reading resolves plain scalars the way
// Kubernetes' own YAML decoding does (YAML 1.1 as in go-yaml v2: yes/no/on/off are booleans,
// 0x/0o/0b integers) and keeps the source position of every node, so that errors about a field
// can name the file, line and column where the user wrote it.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "value/json.h"
#include "value/result.h"

namespace kro {

// Positions of the nodes of one document, keyed by JSON pointer ("" is the root,
// "/spec/resources/0/id" a nested field). For an object member both the value ("/a/b") and the
// key ("/a/b#key") are recorded.
class SourceMap {
 public:
  void set(std::string pointer, SourcePos pos) { map_[std::move(pointer)] = std::move(pos); }
  // The position of the node at pointer, else of its nearest recorded ancestor, else file only.
  SourcePos at(std::string_view pointer) const;
  SourcePos key_at(std::string_view pointer) const;
  const std::string& file() const { return file_; }
  void set_file(std::string f) { file_ = std::move(f); }
  std::size_t size() const { return map_.size(); }

 private:
  std::string file_;
  std::unordered_map<std::string, SourcePos> map_;
};

struct YamlDocument {
  Json value;
  SourceMap positions;
};

// Every document of a (multi-document) YAML stream. Empty documents are dropped, as kubectl does.
// JSON is YAML, so this also reads JSON files.
Result<std::vector<YamlDocument>> parse_yaml_documents(std::string_view text,
                                                       std::string_view file = "");
// Exactly one document; an error if the stream holds none or several.
Result<YamlDocument> parse_yaml(std::string_view text, std::string_view file = "");
// Reads a file from disk and parses every document in it.
Result<std::vector<YamlDocument>> read_yaml_file(const std::string& path);

// Block-style YAML, two-space indent, keys in object order. Strings that would read back as
// another type (e.g. "true", "80", "") are double-quoted.
std::string to_yaml(const Json& v);

// Appends one JSON-pointer step (escaping '~' and '/').
std::string pointer_join(std::string_view base, std::string_view key);
std::string pointer_join(std::string_view base, std::size_t index);

}  // namespace kro

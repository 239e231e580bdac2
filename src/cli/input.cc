#include "cli/input.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace kro::cli {

namespace {

Result<std::string> slurp(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Error("is a directory, expected a YAML or JSON file", SourcePos{path});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error("cannot open file: " + std::string(std::strerror(errno)), SourcePos{path});
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool is_rgd(const YamlDocument& doc) {
  const JsonObject* o = doc.value.if_object();
  if (o == nullptr) return true;  // let the reader explain what is wrong with it
  const json::string* kind = o->contains("kind") ? o->at("kind").if_string() : nullptr;
  // A document without a kind is most likely a broken RGD; anything else is not ours.
  return kind == nullptr || *kind == graph::kRgdKind;
}

}  // namespace

Result<std::vector<YamlDocument>> read_documents(const std::string& path, SourceCache& sources) {
  KRO_ASSIGN_OR_RETURN(std::string text, slurp(path));
  const std::string name = path == "-" ? std::string("<stdin>") : path;
  sources.add(name, text);
  return parse_yaml_documents(text, name);
}

std::vector<graph::Rgd> read_rgds(const std::string& path, SourceCache& sources,
                                  std::vector<Error>& errors, std::size_t* count) {
  std::vector<graph::Rgd> out;
  if (count != nullptr) *count = 0;
  auto docs = read_documents(path, sources);
  if (!docs.ok()) {
    errors.push_back(docs.error());
    return out;
  }
  for (const auto& doc : *docs) {
    if (!is_rgd(doc)) continue;
    if (count != nullptr) ++*count;
    if (auto rgd = graph::read_rgd(doc, errors)) out.push_back(std::move(*rgd));
  }
  return out;
}

Result<graph::Rgd> read_one_rgd(const std::string& path, SourceCache& sources,
                                std::vector<Error>& errors) {
  std::size_t count = 0;
  auto rgds = read_rgds(path, sources, errors, &count);
  if (!errors.empty()) return errors.front();
  if (count != 1) {
    return Error("expected one ResourceGraphDefinition, found " + std::to_string(count),
                 SourcePos{path == "-" ? std::string("<stdin>") : path});
  }
  return std::move(rgds.front());
}

Result<std::vector<std::string>> list_manifest_files(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error("not a directory", SourcePos{dir});
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    auto ext = it->path().extension().string();
    if (ext == ".yaml" || ext == ".yml" || ext == ".json") files.push_back(it->path().string());
  }
  if (ec) return Error("cannot list folder: " + ec.message(), SourcePos{dir});
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace kro::cli

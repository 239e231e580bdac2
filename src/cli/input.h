// Reading the files named on the command line: YAML or JSON, one or many documents, "-" for
// standard input. The text is kept in a SourceCache so diagnostics can quote it.
#pragma once

#include <string>
#include <vector>

#include "cli/diagnostics.h"
#include "graph/model.h"
#include "value/result.h"
#include "value/yaml.h"

namespace kro::cli {

// Every document of one file; a file that cannot be read or parsed is an error naming it.
Result<std::vector<YamlDocument>> read_documents(const std::string& path, SourceCache& sources);

// The kro.run ResourceGraphDefinition documents of a file, each read with every problem
// collected into `errors` (documents of other kinds are left out). `count` receives the number
// of RGD documents found, valid or not.
std::vector<graph::Rgd> read_rgds(const std::string& path, SourceCache& sources,
                                  std::vector<Error>& errors, std::size_t* count = nullptr);

// Exactly one RGD from the file (the commands that act on one graph); the error explains how
// many were found.
Result<graph::Rgd> read_one_rgd(const std::string& path, SourceCache& sources,
                                std::vector<Error>& errors);

// Every YAML/JSON file (.yaml, .yml, .json) of a folder, recursively, in name order.
Result<std::vector<std::string>> list_manifest_files(const std::string& dir);

}  // namespace kro::cli

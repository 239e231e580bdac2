#include "cli/output.h"

#include "value/yaml.h"

namespace kro::cli {

Result<Format> parse_format(std::string_view text) {
  if (text == "yaml") return Format::kYaml;
  if (text == "json") return Format::kJson;
  return Error("unknown output format \"" + std::string(text) + "\" (want yaml or json)");
}

std::string emit(const Json& object, Format format) {
  std::string out = format == Format::kYaml ? to_yaml(object) : to_pretty_json(object);
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

std::string emit_all(const std::vector<Json>& objects, Format format) {
  if (format == Format::kJson) {
    JsonObject list;
    list["apiVersion"] = "v1";
    list["kind"] = "List";
    list["items"] = JsonArray(objects.begin(), objects.end());
    return emit(list, format);
  }
  std::string out;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (i > 0) out += "---\n";
    out += emit(objects[i], format);
  }
  return out;
}

std::string yaml_comment(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.empty() && end == text.size()) break;
    out += line.empty() ? "#" : "# ";
    out += line;
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace kro::cli

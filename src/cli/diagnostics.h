// Diagnostics the way compilers print them, so editors and people find the spot at once:
//
//   rgd.yaml:26:17: error: references unknown identifiers: [deploymnt]
//             name: ${deploymnt.metadata.name}
//                   ^
//
// A diagnostic without a known line prints the file (or the field path) it is about instead.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/result.h"

namespace kro::cli {

enum class Severity { kError, kWarning, kNote };

// The text of the files the user gave, kept so a diagnostic can quote the line it points at.
class SourceCache {
 public:
  void add(std::string file, std::string text);
  // The 1-based line of a known file, without its line break; nullopt when unknown.
  std::optional<std::string_view> line(const std::string& file, int line) const;

 private:
  struct File {
    std::string text;
    std::vector<std::size_t> line_starts;
  };
  std::map<std::string, File, std::less<>> files_;
};

// "file:line:col: error: message", the quoted source line and a caret under the column. When the
// error carries a field path but no position, the path leads the message.
std::string format_diagnostic(const Error& error, Severity severity, const SourceCache& sources);

// "1 error generated." / "3 errors and 1 warning generated." (empty when both are zero).
std::string diagnostic_summary(std::size_t errors, std::size_t warnings);

}  // namespace kro::cli

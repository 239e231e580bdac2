#include "cli/diagnostics.h"

namespace kro::cli {

void SourceCache::add(std::string file, std::string text) {
  File f;
  f.text = std::move(text);
  f.line_starts.push_back(0);
  for (std::size_t i = 0; i < f.text.size(); ++i) {
    if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
  }
  files_[std::move(file)] = std::move(f);
}

std::optional<std::string_view> SourceCache::line(const std::string& file, int line) const {
  auto it = files_.find(file);
  if (it == files_.end() || line < 1) return std::nullopt;
  const File& f = it->second;
  auto index = static_cast<std::size_t>(line - 1);
  if (index >= f.line_starts.size()) return std::nullopt;
  std::size_t begin = f.line_starts[index];
  std::size_t end = index + 1 < f.line_starts.size() ? f.line_starts[index + 1] : f.text.size();
  std::string_view text(f.text);
  text = text.substr(begin, end - begin);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

namespace {

const char* label(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

// The caret line: tabs of the source line are kept so the caret lines up in any tab width.
std::string caret_line(std::string_view source, int column) {
  std::string out;
  auto width = static_cast<std::size_t>(column > 0 ? column - 1 : 0);
  for (std::size_t i = 0; i < width; ++i) {
    out += i < source.size() && source[i] == '\t' ? '\t' : ' ';
  }
  out += '^';
  return out;
}

}  // namespace

std::string format_diagnostic(const Error& error, Severity severity, const SourceCache& sources) {
  std::string out;
  std::string where = error.pos.str();
  out += where.empty() ? std::string("kro") : where;
  out += ": ";
  out += label(severity);
  out += ": ";
  if (!error.pos.known() && !error.path.empty()) out += error.path + ": ";
  out += error.message;
  out += '\n';
  if (error.pos.known()) {
    if (auto text = sources.line(error.pos.file, error.pos.line)) {
      out += *text;
      out += '\n';
      out += caret_line(*text, error.pos.column);
      out += '\n';
    }
  }
  return out;
}

std::string diagnostic_summary(std::size_t errors, std::size_t warnings) {
  auto count = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  if (errors == 0 && warnings == 0) return "";
  std::string out;
  if (errors > 0) out += count(errors, "error");
  if (warnings > 0) {
    if (!out.empty()) out += " and ";
    out += count(warnings, "warning");
  }
  return out + " generated.";
}

}  // namespace kro::cli

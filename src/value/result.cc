#include "value/result.h"

namespace kro {

std::string SourcePos::str() const {
  if (!known()) return file;
  std::string out = file.empty() ? std::string("<input>") : file;
  out += ':' + std::to_string(line);
  if (column > 0) out += ':' + std::to_string(column);
  return out;
}

std::string Error::str() const {
  std::string out;
  if (auto where = pos.str(); !where.empty()) out += where + ": ";
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

}  // namespace kro

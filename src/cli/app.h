// The `kro` command line: parses arguments with CLI11 and runs a subcommand (commands.h).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kro::cli {

// Runs `kro <args...>` (args excludes the program name); returns the exit code: 0 success,
// 1 problems found, 2 bad usage.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kro::cli

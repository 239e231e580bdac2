// kro-cpp: one executable that is kro-controller or kro, chosen by the name it runs under
// (argv[0]'s last path component), like busybox. The container image installs it as
// /usr/local/bin/kro-controller with /usr/local/bin/kro a symbolic link to it; the two programs
// behave exactly as their own executables (cmd/kro-controller, cmd/kro).
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.h"
#include "controller/process.h"

namespace {

std::string_view program_name(const char* argv0) {
  std::string_view name = argv0 == nullptr ? "" : argv0;
  if (auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string_view name = program_name(argc > 0 ? argv[0] : nullptr);
  if (name == "kro-controller") return kro::controller::run_controller_process(args);
  if (name == "kro") return kro::cli::run(args, std::cout, std::cerr);
  std::cerr << "kro-cpp: run this program as kro-controller or as kro (a link of that name to "
               "it); it was run as \""
            << name << "\"\n";
  return 2;
}

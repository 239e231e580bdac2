// kro: compile, check and preview ResourceGraphDefinitions offline (see docs/cli.md).
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return kro::cli::run(args, std::cout, std::cerr);
}

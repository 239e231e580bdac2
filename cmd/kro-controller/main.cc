// kro-controller: serves ResourceGraphDefinitions and their instances. Flags: --help, and
// src/controller/options.h; the process itself (signals, shutdown, exit codes):
// src/controller/process.h.
#include <string>
#include <vector>

#include "controller/process.h"

int main(int argc, char** argv) {
  return kro::controller::run_controller_process(std::vector<std::string>(argv + 1, argv + argc));
}

// Counts heap allocations made through the global operator new, so benchmarks can report
// allocations per operation (the figure Go's testing package reports as allocs/op).
#pragma once

#include <cstdint>

namespace kro::bench {

// Allocations since the program started.
uint64_t allocation_count();

}  // namespace kro::bench

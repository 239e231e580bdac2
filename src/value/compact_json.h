// Compact Documents for long-lived caches.
//
// A Boost.JSON tree built with the default allocator costs one heap allocation per object table,
// array, long string and key: about 130 allocations for a Deployment, each with the allocator's
// header and size-class rounding, which adds a third to the tree's size and scatters it over the
// heap. An informer holds thousands of such trees for as long as the objects exist, so there it
// pays to lay each one out in a single block of exactly the size it needs.
//
// compact_document copies a tree into one such block. The block belongs to the Document's
// storage: it is freed when the last Json that uses the storage goes. Once the copy is made the
// storage is sealed: anything allocated on it later (a reader that copies the cached object and
// edits the copy — Boost.JSON copies onto the source's storage by default) comes from the heap
// and goes back to it as usual, so a cached object's block never grows.
#pragma once

#include <cstddef>

#include "value/json.h"

namespace kro {

struct CompactOptions {
  // Leaves out metadata.managedFields: the server's field ownership bookkeeping, often the
  // larger part of an object and read by none of a cache's usual readers.
  bool drop_managed_fields = false;
};

// A copy of `source` in one exact-size block (see the file comment).
Document compact_document(const Json& source, const CompactOptions& options = {});

// The size in bytes of the block compact_document would use (tests and benchmarks).
std::size_t compact_size(const Json& source, const CompactOptions& options = {});

}  // namespace kro

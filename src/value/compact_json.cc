#include "value/compact_json.h"

#include <boost/container/pmr/global_resource.hpp>
#include <memory>

namespace kro {

namespace {

constexpr std::size_t kBlockAlignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

std::size_t align_up(std::size_t n, std::size_t alignment) {
  return (n + alignment - 1) & ~(alignment - 1);
}

json::memory_resource* heap() { return boost::container::pmr::new_delete_resource(); }

// Hands out memory from one block, front to back, and counts what a block would need. What does
// not fit (and everything once sealed) comes from the heap. Freeing inside the block is a no-op:
// the block goes as a whole.
class BumpResource : public json::memory_resource {
 public:
  BumpResource(std::byte* block, std::size_t capacity) : block_(block), capacity_(capacity) {}

  // Bytes a block aligned like operator new's would need for every request so far.
  std::size_t needed() const { return needed_; }
  void seal() { sealed_ = true; }

 protected:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    if (!sealed_ && alignment <= kBlockAlignment) {
      std::size_t start = align_up(needed_, alignment);
      needed_ = start + bytes;
      if (needed_ <= capacity_) return block_ + start;
      // Further requests would not line up with the count: the rest of the copy uses the heap.
      capacity_ = 0;
    }
    return heap()->allocate(bytes, alignment);
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override {
    auto* b = static_cast<std::byte*>(p);
    if (block_ != nullptr && b >= block_ && b < block_ + block_size()) return;
    heap()->deallocate(p, bytes, alignment);
  }
  bool do_is_equal(const json::memory_resource& other) const noexcept override {
    return this == &other;
  }

  virtual std::size_t block_size() const = 0;

 private:
  std::byte* block_;
  std::size_t capacity_;
  std::size_t needed_ = 0;
  bool sealed_ = false;
};

// Counts into a reusable scratch buffer; the copy it serves is thrown away.
class MeasuringResource final : public BumpResource {
 public:
  MeasuringResource(std::byte* scratch, std::size_t size)
      : BumpResource(scratch, size), size_(size) {}

 private:
  std::size_t block_size() const override { return size_; }
  std::size_t size_;
};

// Owns the exact-size block one cached Document lives in.
class DocumentArena final : public BumpResource {
 public:
  // `self` receives this arena's address: json::make_shared_resource wraps the arena in an
  // object of its own, so the storage's resource pointer is not the arena.
  DocumentArena(std::size_t size, DocumentArena** self)
      : DocumentArena(std::make_unique<std::byte[]>(size), size) {
    *self = this;
  }

 private:
  DocumentArena(std::unique_ptr<std::byte[]> block, std::size_t size)
      : BumpResource(block.get(), size), block_(std::move(block)), size_(size) {}
  std::size_t block_size() const override { return size_; }
  std::unique_ptr<std::byte[]> block_;
  std::size_t size_;
};

bool has_managed_fields(const json::object& object) {
  const Json* meta = object.if_contains("metadata");
  return meta != nullptr && meta->is_object() && meta->get_object().contains("managedFields");
}

// The copy compact_document stores, built on `storage`. The same sequence of allocations for
// the same input, which is what lets a measured size be exact.
Json copy_for_cache(const Json& source, const json::storage_ptr& storage,
                    const CompactOptions& options) {
  if (!options.drop_managed_fields || !source.is_object() ||
      !has_managed_fields(source.get_object())) {
    return Json(source, storage);
  }
  const json::object& in = source.get_object();
  json::object out(storage);
  out.reserve(in.size());
  for (const auto& field : in) {
    if (field.key() != "metadata") {
      out.emplace(field.key(), field.value());
      continue;
    }
    const json::object& meta_in = field.value().get_object();
    json::object meta(storage);
    meta.reserve(meta_in.size() - 1);
    for (const auto& m : meta_in) {
      if (m.key() != "managedFields") meta.emplace(m.key(), m.value());
    }
    out.emplace(field.key(), std::move(meta));
  }
  return Json(std::move(out));
}

}  // namespace

std::size_t compact_size(const Json& source, const CompactOptions& options) {
  constexpr std::size_t kScratchSize = std::size_t{64} * 1024;
  thread_local std::unique_ptr<std::byte[]> scratch = std::make_unique<std::byte[]>(kScratchSize);
  MeasuringResource measuring(scratch.get(), kScratchSize);
  { Json copy = copy_for_cache(source, json::storage_ptr(&measuring), options); }
  return measuring.needed();
}

Document compact_document(const Json& source, const CompactOptions& options) {
  std::size_t size = compact_size(source, options);
  DocumentArena* arena = nullptr;
  json::storage_ptr storage = json::make_shared_resource<DocumentArena>(size, &arena);
  Json copy = copy_for_cache(source, storage, options);
  // From here on the block is the Document's alone (see the header).
  arena->seal();
  return make_document(std::move(copy));
}

}  // namespace kro

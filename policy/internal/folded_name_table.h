// File: policy/internal/folded_name_table.h
// -----------------------------------------------------------------------------
//
// FoldedNameTable maps names to uint32 values, comparing names with ASCII case
// folded (AsciiCaseFoldHash, AsciiCaseFoldEq): the entity table's lookup of a vendor
// string, made once per artifact that passes its gate. A Builder inserts and updates
// entries; the table it builds is immutable.
//
// It exists for the cache misses of a lookup in a large table, not for its
// instructions. In an absl::flat_hash_map of views, a hit reads a control byte group,
// then the slot it points to, then the key's bytes elsewhere: three dependent
// misses. Here a slot holds the high half of the name's hash beside the value, so a
// lookup reads one slot line, names its candidate before the key's bytes arrive
// (`on_candidate`, to start loading what the caller reads next), and then compares
// the key (length and bytes, one line further on).
//
// Example:
//
//   FoldedNameTable::Builder builder;
//   bool inserted;
//   builder.FindOrInsert("kaspersky lab", 7, &inserted);
//   FoldedNameTable table = std::move(builder).Build();
//   uint32_t entity = table.Find(name, AsciiCaseFoldHash()(name),
//                                [&](uint32_t candidate) { Prefetch(candidate); });
//
// Thread safety: the Builder is thread-hostile; a FoldedNameTable is immutable and
// safe to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_FOLDED_NAME_TABLE_H_
#define INTERDICT_POLICY_INTERNAL_FOLDED_NAME_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/string_view.h"
#include "policy/internal/huge_pages.h"
#include "policy/internal/name_hash.h"
#include "policy/internal/prefetch.h"

namespace interdict {
namespace policy_internal {

class FoldedNameTable {
 public:
  // What Find returns for a name the table does not hold.
  static constexpr uint32_t kAbsent = 0xffffffffu;

  class Builder;

  FoldedNameTable() = default;

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

  // The value of `name` (any ASCII case), or kAbsent. `hash` is AsciiCaseFoldHash()(name).
  // Calls `on_candidate(value)` for the entry whose hash matches before its key is
  // compared (almost always the entry found).
  template <typename OnCandidate>
  uint32_t Find(absl::string_view name, size_t hash, OnCandidate&& on_candidate) const {
    if (size_ == 0) return kAbsent;
    const Slot& slot = slots_[SlotOf(name, hash, on_candidate)];
    return slot.value;
  }

  // Starts loading the slot line where Find's probe for `hash` begins, so that a caller
  // with other work to do meanwhile does not wait for it in Find.
  void PrefetchProbe(size_t hash) const {
    if (size_ != 0) PrefetchForRead(&slots_[Tag(hash) & mask_]);
  }

 private:
  // 16 bytes: four to a cache line. value == kAbsent: empty.
  struct Slot {
    // The high half of the key's hash. Its low bits are the slot the key's probe starts
    // at (tables stay below 2^32 slots), so growing moves entries without hashing keys
    // again; the rest tell apart most keys whose probes meet.
    uint32_t tag = 0;
    uint32_t value = kAbsent;
    // Offset in keys_ of the key's length (4 bytes), then its bytes.
    uint64_t key = 0;
  };

  static constexpr size_t kLineBytes = 64;

  static uint32_t Tag(size_t hash) { return static_cast<uint32_t>(static_cast<uint64_t>(hash) >> 32); }

  // The slot holding `name`, or the empty slot where it would go. slots_ not empty.
  template <typename OnCandidate>
  size_t SlotOf(absl::string_view name, size_t hash, OnCandidate&& on_candidate) const {
    const uint32_t tag = Tag(hash);
    for (size_t i = tag & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.value == kAbsent) return i;
      if (slot.tag != tag) continue;
      on_candidate(slot.value);
      if (AsciiCaseFoldEq()(name, KeyAt(slot.key))) return i;
    }
  }

  absl::string_view KeyAt(uint64_t offset) const {
    uint32_t length;
    std::memcpy(&length, keys_.data() + offset, sizeof(length));
    return absl::string_view(keys_.data() + offset + sizeof(length), length);
  }

  // A power of two with a quarter or more of its slots empty (none when size_ is 0):
  // probes are short.
  LargeVector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
  LargeVector<char> keys_;
};

class FoldedNameTable::Builder {
 public:
  // Makes room for `keys` more keys of `key_bytes` bytes in all, so that inserting
  // them does not grow the table.
  void Reserve(size_t keys, size_t key_bytes);

  // The value of `name`, inserted with `value` first if absent (`*inserted` says
  // which). The reference is valid until the next insertion. `value` may not be kAbsent.
  uint32_t& FindOrInsert(absl::string_view name, uint32_t value, bool* inserted);

  // The value of `name`, or null. Valid until the next insertion.
  uint32_t* Find(absl::string_view name);

  bool empty() const { return table_.empty(); }

  // Calls `f(key, value)` for each entry, in no particular order.
  template <typename F>
  void ForEach(F&& f) const {
    for (const Slot& slot : table_.slots_) {
      if (slot.value != kAbsent) f(table_.KeyAt(slot.key), slot.value);
    }
  }

  FoldedNameTable Build() &&;

 private:
  // Re-places every entry in `capacity` slots (a power of two).
  void Rehash(size_t capacity);

  FoldedNameTable table_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_FOLDED_NAME_TABLE_H_

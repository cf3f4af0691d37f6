// FoldedNameTable::Builder (folded_name_table.h).
#include "policy/internal/folded_name_table.h"

#include <cstring>
#include <utility>

namespace interdict {
namespace policy_internal {
namespace {

// Whether `entries` keep at least a quarter of `capacity` slots empty: a probe for a
// name that is absent stops within a few slots.
bool Fits(size_t entries, size_t capacity) { return 4 * entries <= 3 * capacity; }

}  // namespace

void FoldedNameTable::Builder::Reserve(size_t keys, size_t key_bytes) {
  table_.keys_.reserve(table_.keys_.size() + keys * sizeof(uint32_t) + key_bytes);
  size_t capacity = table_.slots_.empty() ? 8 : table_.slots_.size();
  while (!Fits(table_.size_ + keys, capacity)) capacity *= 2;
  if (capacity != table_.slots_.size()) Rehash(capacity);
}

uint32_t& FoldedNameTable::Builder::FindOrInsert(absl::string_view name, uint32_t value,
                                                 bool* inserted) {
  if (!Fits(table_.size_ + 1, table_.slots_.size())) {
    Rehash(table_.slots_.empty() ? 8 : 2 * table_.slots_.size());
  }
  const size_t hash = AsciiCaseFoldHash()(name);
  Slot& slot = table_.slots_[table_.SlotOf(name, hash, [](uint32_t) {})];
  *inserted = slot.value == kAbsent;
  if (*inserted) {
    const uint32_t length = static_cast<uint32_t>(name.size());
    slot = {Tag(hash), value, table_.keys_.size()};
    const char* bytes = reinterpret_cast<const char*>(&length);
    table_.keys_.insert(table_.keys_.end(), bytes, bytes + sizeof(length));
    table_.keys_.insert(table_.keys_.end(), name.begin(), name.end());
    ++table_.size_;
  }
  return slot.value;
}

uint32_t* FoldedNameTable::Builder::Find(absl::string_view name) {
  if (table_.size_ == 0) return nullptr;
  Slot& slot = table_.slots_[table_.SlotOf(name, AsciiCaseFoldHash()(name), [](uint32_t) {})];
  return slot.value == kAbsent ? nullptr : &slot.value;
}

void FoldedNameTable::Builder::Rehash(size_t capacity) {
  LargeVector<Slot> old = std::exchange(table_.slots_, LargeVector<Slot>(capacity));
  table_.mask_ = capacity - 1;
  for (const Slot& slot : old) {
    if (slot.value == kAbsent) continue;
    size_t i = slot.tag & table_.mask_;
    while (table_.slots_[i].value != kAbsent) i = (i + 1) & table_.mask_;
    table_.slots_[i] = slot;
  }
}

FoldedNameTable FoldedNameTable::Builder::Build() && { return std::move(table_); }

}  // namespace policy_internal
}  // namespace interdict

// FoldedNameTable::Builder (folded_name_table.h).
#include "policy/internal/folded_name_table.h"

#include <cstdint>
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

FoldedNameTable FoldedNameTable::Builder::Build() && {
  if (table_.size_ == 0) return std::move(table_);
  // The keys again, in slot order, each that fits in a cache line (with its length)
  // placed so that it does not cross one: a lookup's key compare then reads one line,
  // where back to back about half of them read two. Offsets count from the new
  // buffer's start, which is placed on a line boundary of memory; were it not (a
  // copied table), keys would cross lines but be found the same.
  const auto lay_out = [this](auto&& place) {
    size_t end = 0;
    for (Slot& slot : table_.slots_) {
      if (slot.value == kAbsent) continue;
      const size_t entry = sizeof(uint32_t) + table_.KeyAt(slot.key).size();
      const size_t used = end % kLineBytes;
      if (entry <= kLineBytes && used + entry > kLineBytes) end += kLineBytes - used;
      place(slot, end);
      end += entry;
    }
    return end;
  };
  const size_t bytes = lay_out([](const Slot&, size_t) {});
  LargeVector<char> keys;
  keys.reserve(bytes + kLineBytes);
  const size_t misalignment = reinterpret_cast<uintptr_t>(keys.data()) % kLineBytes;
  const size_t start = misalignment == 0 ? 0 : kLineBytes - misalignment;
  keys.resize(start + bytes);
  lay_out([this, &keys, start](Slot& slot, size_t offset) {
    const absl::string_view key = table_.KeyAt(slot.key);
    const uint32_t length = static_cast<uint32_t>(key.size());
    std::memcpy(keys.data() + start + offset, &length, sizeof(length));
    std::memcpy(keys.data() + start + offset + sizeof(length), key.data(), key.size());
    slot.key = start + offset;
  });
  table_.keys_ = std::move(keys);
  return std::move(table_);
}

}  // namespace policy_internal
}  // namespace interdict

// Placement of identifier rules (identifier_index.h).
#include "policy/internal/identifier_index.h"

#include <cstring>
#include <utility>

namespace interdict {
namespace policy_internal {

absl::string_view IdentifierIndex::ExactKey(IdentifierKind kind, absl::string_view normal_form,
                                            char* out) {
  out[0] = static_cast<char>(kind);
  if (!normal_form.empty()) std::memcpy(out + 1, normal_form.data(), normal_form.size());
  return absl::string_view(out, 1 + normal_form.size());
}

absl::string_view IdentifierIndex::CpeKey(const CpeView& cpe, char* out) {
  const CpeAttribute& vendor = cpe.attributes[kCpeVendor];
  const CpeAttribute& product = cpe.attributes[kCpeProduct];
  if (vendor.kind != CpeAttribute::Kind::kValue || product.kind != CpeAttribute::Kind::kValue ||
      vendor.has_wildcards() || product.has_wildcards()) {
    return absl::string_view();
  }
  std::memcpy(out, vendor.body.data(), vendor.body.size());
  out[vendor.body.size()] = '\0';
  std::memcpy(out + vendor.body.size() + 1, product.body.data(), product.body.size());
  return absl::string_view(out, vendor.body.size() + 1 + product.body.size());
}

void IdentifierIndex::Builder::Place(uint32_t rule,
                                     const std::vector<IdentifierSelector>& identifiers) {
  // A rule listing one identifier twice is filed once.
  auto file = [rule](std::vector<uint32_t>& rules) {
    if (rules.empty() || rules.back() != rule) rules.push_back(rule);
  };
  for (const IdentifierSelector& id : identifiers) {
    const IdentifierKind kind = id.kind->reads;
    const size_t slot = static_cast<size_t>(kind);
    index_.kinds_ |= Bit(kind);
    switch (id.kind->mode) {
      case IdentifierMatchMode::kExact: {
        std::string key(1 + id.key.size(), '\0');
        ExactKey(kind, id.key, &key[0]);
        file(index_.exact_[key]);
        index_.exact_kinds_ |= Bit(kind);
        break;
      }
      case IdentifierMatchMode::kPrefix:
        prefix_builders_[slot].Add(id.key, rule);
        index_.prefix_kinds_ |= Bit(kind);
        break;
      case IdentifierMatchMode::kGlob: {
        Globs& globs = index_.globs_[slot];
        const uint32_t position = static_cast<uint32_t>(globs.rules.size());
        globs.rules.push_back({id.glob, id.glob_segments, rule});
        // A glob whose every segment has a wildcard runs on every path.
        if (id.key.empty()) {
          globs.unkeyed.push_back(position);
        } else {
          globs.by_segment[id.key].push_back(position);
        }
        index_.glob_kinds_ |= Bit(kind);
        break;
      }
      case IdentifierMatchMode::kSigner:
        file(index_.signers_[id.key]);
        break;
      case IdentifierMatchMode::kCpe: {
        const uint32_t position = static_cast<uint32_t>(index_.cpe_rules_.size());
        index_.cpe_rules_.push_back({id.cpe, rule});
        char key[kMaxCpeBytes + 1];
        const absl::string_view cpe_key = CpeKey(id.cpe->criteria, key);
        if (cpe_key.empty()) {
          index_.unkeyed_cpe_rules_.push_back(position);
        } else {
          index_.cpe_by_product_[cpe_key].push_back(position);
        }
        break;
      }
    }
  }
}

IdentifierIndex IdentifierIndex::Builder::Build() && {
  for (size_t slot = 0; slot < kKindSlots; ++slot) {
    index_.prefixes_[slot] = std::move(prefix_builders_[slot]).Build();
  }
  return std::move(index_);
}

}  // namespace policy_internal
}  // namespace interdict

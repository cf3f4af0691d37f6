// Benchmark fixtures: seeded workload, compiled policy, warmed-up views.
#include "benchmarks/fixture.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace interdict {
namespace benchmarks {
namespace {

// The string fields of an ArtifactView (its components aside).
constexpr absl::string_view ArtifactView::*kTextFields[] = {
    &ArtifactView::name,           &ArtifactView::vendor,
    &ArtifactView::version,        &ArtifactView::purl,
    &ArtifactView::sha256,         &ArtifactView::sha1,
    &ArtifactView::signer_subject, &ArtifactView::certificate_thumbprint,
    &ArtifactView::team_id,        &ArtifactView::signing_id,
    &ArtifactView::bundle_id,      &ArtifactView::msi_product_code,
    &ArtifactView::msi_upgrade_code, &ArtifactView::install_path,
    &ArtifactView::cpe};

// Copies the strings of every view in `inventories` into `text`, in order, and points
// the views at the copies. The generated messages' strings lie wherever the allocator
// put them, among the generator's and the compiler's freed scratch, so their layout
// depended on which fixtures were made before: the waivers miss row at 100 rules took
// 21.5 ns per artifact in a process of its own and 42-46 ns after a 100,000-rule
// fixture had been made (benchmarks/README.md, 2026-12-04).
void LayOutInventories(std::initializer_list<std::vector<ArtifactView>*> inventories,
                       std::string* text) {
  size_t bytes = 0;
  for (const std::vector<ArtifactView>* views : inventories) {
    for (const ArtifactView& view : *views) {
      for (auto field : kTextFields) bytes += (view.*field).size();
    }
  }
  text->clear();
  text->reserve(bytes);  // Never grown below: the views point into it.
  for (std::vector<ArtifactView>* views : inventories) {
    for (ArtifactView& view : *views) {
      for (auto field : kTextFields) {
        const absl::string_view value = view.*field;
        const size_t offset = text->size();
        text->append(value.data(), value.size());
        view.*field = absl::string_view(text->data() + offset, value.size());
      }
    }
  }
}

}  // namespace

std::unique_ptr<Fixture> MakeFixture(const test_support::WorkloadOptions& options) {
  auto fixture = std::make_unique<Fixture>();
  fixture->workload = test_support::GenerateWorkload(options);
  auto compiled = PolicyCompiler().Compile(fixture->workload.bundle);
  if (!compiled.ok()) {
    std::fprintf(stderr, "generated workload does not compile: %s\n",
                 compiled.status().ToString().c_str());
    std::abort();
  }
  fixture->policy = *compiled;
  auto views = [&fixture](const std::vector<v1::Artifact>& artifacts) {
    std::vector<ArtifactView> roots;
    roots.reserve(artifacts.size());
    for (const v1::Artifact& artifact : artifacts) {
      fixture->trees.push_back(std::make_unique<ArtifactViewTree>(artifact));
      roots.push_back(fixture->trees.back()->root());
    }
    return roots;
  };
  fixture->mixed = views(fixture->workload.mixed);
  fixture->hit = views(fixture->workload.all_hit);
  fixture->miss = views(fixture->workload.all_miss);
  LayOutInventories({&fixture->mixed, &fixture->hit, &fixture->miss}, &fixture->inventory_text);
  // Steady state: RE2 builds each regex's DFA on first use; warm every path once.
  Decision decision;
  for (Mix mix : {Mix::kMixed, Mix::kHit, Mix::kMiss}) {
    for (const ArtifactView& artifact : fixture->Views(mix)) {
      fixture->policy->Evaluate(artifact, fixture->workload.context(), &decision);
    }
  }
  return fixture;
}

std::vector<std::pair<v1::IdentifierMatch::KindCase, std::string>> IdentifierKinds() {
  std::vector<std::pair<v1::IdentifierMatch::KindCase, std::string>> kinds;
  const google::protobuf::OneofDescriptor* oneof = v1::IdentifierMatch::descriptor()->FindOneofByName("kind");
  for (int i = 0; i < oneof->field_count(); ++i) {
    kinds.emplace_back(static_cast<v1::IdentifierMatch::KindCase>(oneof->field(i)->number()),
                       oneof->field(i)->name());
  }
  return kinds;
}

}  // namespace benchmarks
}  // namespace interdict

// Per-call cost of the C interface beside CompiledPolicy::Evaluate, on the benchmarks'
// standard workload (benchmarks/fixture.h): the same artifacts and context through the
// C++ API and through each C path — the struct path (directly, through a handle, and
// reading the matches), the JSON and protobuf paths (input only, and with the decision
// written out). The C policy is compiled through the C interface from the workload's
// bundle and warmed up like the fixture's. Figures and the command are in README.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "benchmarks/fixture.h"
#include "c/interdict_c.h"
#include "google/protobuf/util/json_util.h"
#include "policy/interdict.h"

namespace interdict {
namespace benchmarks {
namespace {

interdict_str Str(absl::string_view s) { return interdict_str{s.data(), s.size()}; }

void Check(interdict_status status) {
  if (status == INTERDICT_OK) return;
  std::fprintf(stderr, "%s\n", interdict_last_error());
  std::abort();
}

// One inventory of the fixture as a C host holds it: flat structs over the same strings,
// and the JSON and protobuf encodings of the same messages.
struct Inventory {
  const std::vector<ArtifactView>* views = nullptr;
  std::vector<interdict_artifact> structs;
  std::vector<std::string> json;
  std::vector<std::string> proto;
};

struct CFixture {
  const Fixture* fixture = nullptr;
  interdict_policy* policy = nullptr;
  interdict_handle* handle = nullptr;
  Inventory mixed;
  Inventory hit;
  std::deque<std::vector<interdict_artifact>> component_arrays;
  std::vector<interdict_str> jurisdictions;
  std::vector<interdict_str> organization_kinds;
  interdict_context context;
  std::string context_json;
  std::string context_proto;

  const Inventory& Of(Mix mix) const { return mix == Mix::kHit ? hit : mixed; }
};

interdict_artifact ToStruct(const ArtifactView& view, CFixture* c) {
  interdict_artifact out{};
  out.struct_size = sizeof(out);
  out.name = Str(view.name);
  out.vendor = Str(view.vendor);
  out.version = Str(view.version);
  out.purl = Str(view.purl);
  if (view.first_seen.has_value()) {
    out.first_seen.seconds = absl::ToUnixSeconds(*view.first_seen);
    out.first_seen.is_set = 1;
  }
  if (!view.components.empty()) {
    std::vector<interdict_artifact>& array = c->component_arrays.emplace_back();
    for (const ArtifactView& component : view.components) array.push_back(ToStruct(component, c));
    out.components = array.data();
    out.component_count = array.size();
  }
  return out;
}

void Encode(const std::vector<ArtifactView>& views, const std::vector<v1::Artifact>& artifacts, CFixture* c,
            Inventory* out) {
  out->views = &views;
  for (const ArtifactView& view : views) out->structs.push_back(ToStruct(view, c));
  for (const v1::Artifact& artifact : artifacts) {
    google::protobuf::util::MessageToJsonString(artifact, &out->json.emplace_back());
    artifact.SerializeToString(&out->proto.emplace_back());
  }
}

v1::EvaluationContext ContextProto(const test_support::Workload& workload) {
  v1::EvaluationContext proto;
  proto.mutable_instant()->set_seconds(absl::ToUnixSeconds(workload.instant));
  proto.set_action(workload.action);
  for (absl::string_view j : workload.jurisdictions) proto.add_jurisdictions(std::string(j));
  for (absl::string_view k : workload.organization_kinds) proto.add_organization_kinds(std::string(k));
  proto.set_asset_id(workload.asset_id);
  proto.set_org_unit(workload.org_unit);
  return proto;
}

std::unique_ptr<CFixture> MakeCFixture(const Fixture& fixture) {
  auto c = std::make_unique<CFixture>();
  c->fixture = &fixture;
  const test_support::Workload& workload = fixture.workload;

  std::string bundle;
  workload.bundle.SerializeToString(&bundle);
  interdict_source source{};
  source.struct_size = sizeof(source);
  source.kind = INTERDICT_SOURCE_BYTES;
  source.format = INTERDICT_FORMAT_BINARY;
  source.name = Str("workload.binpb");
  source.contents = Str(bundle);
  Check(interdict_compile(&source, 1, nullptr, &c->policy, nullptr));
  Check(interdict_handle_create(c->policy, &c->handle));

  Encode(fixture.mixed, workload.mixed, c.get(), &c->mixed);
  Encode(fixture.hit, workload.all_hit, c.get(), &c->hit);
  for (absl::string_view j : workload.jurisdictions) c->jurisdictions.push_back(Str(j));
  for (absl::string_view k : workload.organization_kinds) c->organization_kinds.push_back(Str(k));
  c->context = interdict_context{};
  c->context.struct_size = sizeof(c->context);
  c->context.instant.seconds = absl::ToUnixSeconds(workload.instant);
  c->context.instant.is_set = 1;
  c->context.action = workload.action;
  c->context.jurisdictions = c->jurisdictions.data();
  c->context.jurisdiction_count = c->jurisdictions.size();
  c->context.organization_kinds = c->organization_kinds.data();
  c->context.organization_kind_count = c->organization_kinds.size();
  c->context.asset_id = Str(workload.asset_id);
  c->context.org_unit = Str(workload.org_unit);
  const v1::EvaluationContext context = ContextProto(workload);
  google::protobuf::util::MessageToJsonString(context, &c->context_json);
  context.SerializeToString(&c->context_proto);

  // Steady state, as the fixture's: RE2 builds each regex's DFA on first use.
  interdict_decision* decision = nullptr;
  Check(interdict_decision_create(&decision));
  for (const Inventory* inventory : {&c->mixed, &c->hit}) {
    for (const interdict_artifact& artifact : inventory->structs) {
      Check(interdict_evaluate(c->policy, &artifact, &c->context, decision));
    }
  }
  interdict_decision_free(decision);
  return c;
}

const CFixture& GetCFixture(size_t rules) {
  static std::mutex mutex;
  static auto* fixtures = new std::map<size_t, std::pair<std::unique_ptr<Fixture>, std::unique_ptr<CFixture>>>();
  std::lock_guard<std::mutex> lock(mutex);
  auto& [fixture, c] = (*fixtures)[rules];
  if (fixture == nullptr) {
    test_support::WorkloadOptions options;
    options.rule_count = rules;
    fixture = MakeFixture(options);
    c = MakeCFixture(*fixture);
  }
  return *c;
}

// The ways a C host evaluates one artifact.
enum class Path {
  kStruct,            // interdict_evaluate
  kHandle,            // interdict_handle_evaluate
  kStructAndMatches,  // interdict_evaluate, then every match's struct and the next change
  kJsonIn,            // interdict_evaluate_json
  kJsonInOut,         // interdict_evaluate_json, then interdict_decision_json
  kProtoIn,           // interdict_evaluate_proto
  kProtoInOut,        // interdict_evaluate_proto, then interdict_decision_proto
};

void EvaluateC(const CFixture& c, const Inventory& inventory, Path path, size_t i, interdict_decision* decision) {
  const size_t k = i % inventory.structs.size();
  const interdict_str context_json = Str(c.context_json);
  const interdict_str context_proto = Str(c.context_proto);
  interdict_str out{nullptr, 0};
  switch (path) {
    case Path::kStruct:
      interdict_evaluate(c.policy, &inventory.structs[k], &c.context, decision);
      break;
    case Path::kHandle:
      interdict_handle_evaluate(c.handle, &inventory.structs[k], &c.context, decision);
      break;
    case Path::kStructAndMatches: {
      interdict_evaluate(c.policy, &inventory.structs[k], &c.context, decision);
      for (size_t m = 0; m < interdict_decision_match_count(decision); ++m) {
        interdict_match match{};
        match.struct_size = sizeof(match);
        interdict_decision_match(decision, m, &match);
        benchmark::DoNotOptimize(match);
      }
      interdict_time next_change;
      interdict_decision_next_change(decision, &next_change);
      benchmark::DoNotOptimize(next_change);
      break;
    }
    case Path::kJsonIn:
    case Path::kJsonInOut:
      interdict_evaluate_json(c.policy, Str(inventory.json[k]), context_json, decision);
      if (path == Path::kJsonInOut) interdict_decision_json(decision, &out);
      break;
    case Path::kProtoIn:
    case Path::kProtoInOut:
      interdict_evaluate_proto(c.policy, Str(inventory.proto[k]), context_proto, decision);
      if (path == Path::kProtoInOut) interdict_decision_proto(decision, &out);
      break;
  }
  benchmark::DoNotOptimize(out);
  benchmark::DoNotOptimize(interdict_decision_verdict(decision));
}

// CompiledPolicy::Evaluate and one C path, timed in alternating blocks of the same
// artifacts (each block's order alternating too), so that both figures come from the
// same stretch of a machine whose load varies: counters cpp_ns and c_ns per artifact,
// and their ratio.
void BM_Versus(benchmark::State& state, Mix mix, Path path) {
  const CFixture& c = GetCFixture(static_cast<size_t>(state.range(0)));
  const Inventory& inventory = c.Of(mix);
  const std::vector<ArtifactView>& views = *inventory.views;
  const ContextView context = c.fixture->workload.context();
  constexpr size_t kBlock = 512;
  Decision decision;
  interdict_decision* c_decision = nullptr;
  Check(interdict_decision_create(&c_decision));
  size_t first = 0;
  bool cpp_first = true;
  std::chrono::steady_clock::duration cpp_time{};
  std::chrono::steady_clock::duration c_time{};
  const auto run_cpp = [&] {
    const auto start = std::chrono::steady_clock::now();
    for (size_t k = 0; k < kBlock; ++k) {
      c.fixture->policy->Evaluate(views[(first + k) % views.size()], context, &decision);
      benchmark::DoNotOptimize(decision.verdict());
    }
    cpp_time += std::chrono::steady_clock::now() - start;
  };
  const auto run_c = [&] {
    const auto start = std::chrono::steady_clock::now();
    for (size_t k = 0; k < kBlock; ++k) EvaluateC(c, inventory, path, first + k, c_decision);
    c_time += std::chrono::steady_clock::now() - start;
  };
  for (auto _ : state) {
    if (cpp_first) {
      run_cpp();
      run_c();
    } else {
      run_c();
      run_cpp();
    }
    cpp_first = !cpp_first;
    first += kBlock;
  }
  interdict_decision_free(c_decision);
  const double artifacts = static_cast<double>(state.iterations()) * kBlock;
  const double cpp_ns = std::chrono::duration<double, std::nano>(cpp_time).count();
  const double c_ns = std::chrono::duration<double, std::nano>(c_time).count();
  state.counters["cpp_ns"] = cpp_ns / artifacts;
  state.counters["c_ns"] = c_ns / artifacts;
  state.counters["ratio"] = c_ns / cpp_ns;
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(2 * kBlock));
}

void RuleCounts(benchmark::internal::Benchmark* b) { b->ArgName("rules")->Arg(100)->Arg(10000); }

BENCHMARK_CAPTURE(BM_Versus, struct_mixed, Mix::kMixed, Path::kStruct)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, struct_hit, Mix::kHit, Path::kStruct)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, handle_mixed, Mix::kMixed, Path::kHandle)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, struct_and_matches_mixed, Mix::kMixed, Path::kStructAndMatches)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, json_in_mixed, Mix::kMixed, Path::kJsonIn)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, json_in_out_mixed, Mix::kMixed, Path::kJsonInOut)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, proto_in_mixed, Mix::kMixed, Path::kProtoIn)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, proto_in_out_mixed, Mix::kMixed, Path::kProtoInOut)->Apply(RuleCounts);

}  // namespace
}  // namespace benchmarks
}  // namespace interdict

BENCHMARK_MAIN();

/* Steady-state evaluation through the C interface must not allocate: counts every call
 * of the malloc family, in this program and in every library it loads (the C++ code in
 * libinterdict_c.so, libstdc++'s operator new, protobuf, Abseil), while reused decisions
 * evaluate hits, misses, components and exemptions through a policy and through a
 * handle (the test policy directly, the bundled catalog through a handle), and every
 * allocation-free accessor reads them.
 *
 * The malloc family is replaced by forwarding to glibc's own entry points (__libc_*),
 * which glibc exports for this. Sanitizers replace malloc themselves, so under them the
 * test has nothing to count and says so. */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "c/interdict_c.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define COUNTING_MALLOC 0
#else
#define COUNTING_MALLOC 1
#endif

static atomic_int counting = 0;
static atomic_long allocations = 0;

#if COUNTING_MALLOC
extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t count, size_t size);
extern void* __libc_realloc(void* pointer, size_t size);
extern void* __libc_memalign(size_t alignment, size_t size);
extern void* __libc_valloc(size_t size);
extern void* __libc_pvalloc(size_t size);
extern void __libc_free(void* pointer);

static void count(void) {
  if (atomic_load_explicit(&counting, memory_order_relaxed)) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  }
}

void* malloc(size_t size) {
  count();
  return __libc_malloc(size);
}
void* calloc(size_t n, size_t size) {
  count();
  return __libc_calloc(n, size);
}
void* realloc(void* pointer, size_t size) {
  count();
  return __libc_realloc(pointer, size);
}
void* memalign(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(size_t alignment, size_t size) { return memalign(alignment, size); }
int posix_memalign(void** out, size_t alignment, size_t size) {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
  void* pointer = memalign(alignment, size);
  if (pointer == NULL) return ENOMEM;
  *out = pointer;
  return 0;
}
void* valloc(size_t size) {
  count();
  return __libc_valloc(size);
}
void* pvalloc(size_t size) {
  count();
  return __libc_pvalloc(size);
}
void free(void* pointer) { __libc_free(pointer); }
#endif

static int failures = 0;

#define EXPECT(condition)                                                                 \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      ++failures;                                                                         \
      fprintf(stderr, "%s:%d: expected %s (last error: \"%s\")\n", __FILE__, __LINE__, \
              #condition, interdict_last_error());                                        \
    }                                                                                     \
  } while (0)

static interdict_artifact named(const char* name, const char* vendor) {
  interdict_artifact artifact = INTERDICT_ARTIFACT_INIT;
  artifact.name = interdict_cstr(name);
  artifact.vendor = interdict_cstr(vendor);
  return artifact;
}

/* Reads everything the allocation-free accessors give. */
static size_t read_decision(const interdict_decision* decision) {
  size_t seen = (size_t)interdict_decision_verdict(decision);
  for (size_t i = 0; i < interdict_decision_match_count(decision); ++i) {
    interdict_match match = INTERDICT_MATCH_INIT;
    if (interdict_decision_match(decision, i, &match) != INTERDICT_OK) ++failures;
    seen += match.policy_id.size + match.rule_id.size + match.citation.size + match.step_label.size +
            match.exemption_id.size;
    for (size_t j = 0; j < match.component_path_size; ++j) {
      interdict_str name = {NULL, 0};
      if (interdict_decision_match_component(decision, i, j, &name) != INTERDICT_OK) ++failures;
      seen += name.size;
    }
  }
  interdict_time next_change = {0, 0, 0};
  interdict_str entity = {NULL, 0};
  interdict_str evidence = {NULL, 0};
  if (interdict_decision_next_change(decision, &next_change) != INTERDICT_OK) ++failures;
  if (interdict_decision_vendor_entity(decision, &entity, &evidence) != INTERDICT_OK) ++failures;
  return seen + entity.size + evidence.size + (size_t)next_change.is_set;
}

int main(void) {
  if (!COUNTING_MALLOC) {
    printf("skipped: a sanitizer replaces malloc, so allocations cannot be counted here\n");
    return 0;
  }
  interdict_source source = INTERDICT_SOURCE_INIT;
  source.kind = INTERDICT_SOURCE_FILE;
  source.name = interdict_cstr("c/testdata/kaspersky.textproto");
  interdict_policy* policy = NULL;
  interdict_policy* catalog = NULL;
  interdict_handle* handle = NULL;
  interdict_decision* decision = NULL;
  interdict_decision* served = NULL;
  if (interdict_compile(&source, 1, NULL, &policy, NULL) != INTERDICT_OK || interdict_catalog(&catalog) != INTERDICT_OK ||
      interdict_handle_create(catalog, &handle) != INTERDICT_OK ||
      interdict_decision_create(&decision) != INTERDICT_OK || interdict_decision_create(&served) != INTERDICT_OK) {
    fprintf(stderr, "set-up failed: %s\n", interdict_last_error());
    return 1;
  }

  /* Hits of the catalog and of the test policy, misses, a component tree, an exemption,
   * an entity found by its Team ID, a version the catalog cannot read. */
  interdict_artifact sdk[2] = {named("Updater", "Acme"), named("Anti-Virus SDK", "AO Kaspersky Lab")};
  interdict_artifact artifacts[7] = {
      named("Kaspersky Anti-Virus", "AO Kaspersky Lab"), named("Google Chrome", "Google LLC"),
      named("TikTok", "TikTok Pte. Ltd."),               named("Acme Secure Gateway", "Acme"),
      named("Kaspersky Security Cloud", ""),             named("DeepSeek", "Hangzhou DeepSeek"),
      named("Firefox", "Mozilla")};
  artifacts[3].components = sdk;
  artifacts[3].component_count = 2;
  artifacts[4].team_id = interdict_cstr("2Y8XE5CQ94");
  artifacts[6].version = interdict_cstr("not a version");
  static interdict_str us[] = {{"US", 2}};
  static interdict_str agency[] = {{"federal-executive-agency", 24}};
  interdict_context contexts[2] = {INTERDICT_CONTEXT_INIT, INTERDICT_CONTEXT_INIT};
  for (int i = 0; i < 2; ++i) {
    contexts[i].instant.seconds = 1735689600; /* 2025-01-01T00:00:00Z */
    contexts[i].instant.is_set = 1;
    contexts[i].jurisdictions = us;
    contexts[i].jurisdiction_count = 1;
    contexts[i].organization_kinds = agency;
    contexts[i].organization_kind_count = 1;
  }
  contexts[0].action = INTERDICT_ACTION_RUN;
  contexts[1].action = INTERDICT_ACTION_UPDATE;
  contexts[1].asset_id = interdict_cstr("malware-lab-1");
  contexts[1].purpose = INTERDICT_PURPOSE_SECURITY_RESEARCH;

  size_t seen = 0;
  size_t matches = 0;
  for (int round = 0; round < 1003; ++round) {
    if (round == 3) atomic_store(&counting, 1); /* after three warm-up rounds */
    for (size_t a = 0; a < sizeof(artifacts) / sizeof(artifacts[0]); ++a) {
      for (int c = 0; c < 2; ++c) {
        EXPECT(interdict_evaluate(policy, &artifacts[a], &contexts[c], decision) == INTERDICT_OK);
        seen += read_decision(decision);
        matches += interdict_decision_match_count(decision);
        EXPECT(interdict_handle_evaluate(handle, &artifacts[a], &contexts[c], served) == INTERDICT_OK);
        seen += read_decision(served);
      }
    }
  }
  atomic_store(&counting, 0);
  const long steady = atomic_load(&allocations);
  EXPECT(steady == 0);
  EXPECT(matches > 0 && seen > 0);

  /* The counter sees the library's allocations: the JSON path allocates. */
  atomic_store(&allocations, 0);
  atomic_store(&counting, 1);
  EXPECT(interdict_evaluate_json(policy, interdict_cstr("{\"name\": \"Kaspersky Anti-Virus\"}"),
                                 interdict_cstr("{\"instant\": \"2025-01-01T00:00:00Z\", \"action\": \"RUN\"}"),
                                 decision) == INTERDICT_OK);
  atomic_store(&counting, 0);
  const long json = atomic_load(&allocations);
  EXPECT(json > 0);

  interdict_decision_free(served);
  interdict_decision_free(decision);
  interdict_handle_free(handle);
  interdict_policy_free(catalog);
  interdict_policy_free(policy);
  printf("%ld allocations in %d steady-state rounds of %zu evaluations (%zu matches); %ld in one JSON evaluation\n",
         steady, 1000, 2 * 2 * sizeof(artifacts) / sizeof(artifacts[0]), matches, json);
  return failures == 0 ? 0 : 1;
}

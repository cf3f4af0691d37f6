/* The C interface as a C host uses it, through libinterdict_c.so: every function, its
 * results read field by field, hot reload under concurrent evaluation, and every error
 * path (NULLs, bad sizes and values) returning a status and a message rather than
 * crashing. C11 and pthreads, no test framework. */
/* pthreads rather than C11 threads: ThreadSanitizer intercepts pthread_create only. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "c/interdict_c.h"

/* ---------------------------------------------------------------------------------
 * A minimal harness: each failed expectation prints where it is; main counts them. */

static int failures = 0;

static void expect(int ok, const char* what, const char* file, int line) {
  if (ok) return;
  ++failures;
  fprintf(stderr, "%s:%d: expected %s (last error: \"%s\")\n", file, line, what, interdict_last_error());
}
#define EXPECT(condition) expect((condition) ? 1 : 0, #condition, __FILE__, __LINE__)
#define EXPECT_STATUS(call, status) \
  expect((call) == (status), #call " == " #status, __FILE__, __LINE__)

static int str_is(interdict_str s, const char* want) {
  return s.size == strlen(want) && (s.size == 0 || memcmp(s.data, want, s.size) == 0);
}

static int str_has(interdict_str s, const char* part) {
  const size_t n = strlen(part);
  for (size_t i = 0; i + n <= s.size; ++i) {
    if (memcmp(s.data + i, part, n) == 0) return 1;
  }
  return 0;
}

static int error_has(const char* part) { return strstr(interdict_last_error(), part) != NULL; }

/* ---------------------------------------------------------------------------------
 * Protobuf wire format, enough to write an Artifact, an EvaluationContext and a
 * PolicyBundle by hand (what a host with its own protobuf library would send). */

typedef struct {
  unsigned char data[512];
  size_t size;
} buffer;

static void put_varint(buffer* b, uint64_t value) {
  do {
    unsigned char byte = value & 0x7f;
    value >>= 7;
    b->data[b->size++] = (unsigned char)(byte | (value != 0 ? 0x80 : 0));
  } while (value != 0);
}

static void put_bytes(buffer* b, int field, const void* data, size_t size) {
  put_varint(b, (uint64_t)field << 3 | 2);
  put_varint(b, size);
  memcpy(b->data + b->size, data, size);
  b->size += size;
}

static void put_string(buffer* b, int field, const char* s) { put_bytes(b, field, s, strlen(s)); }

static void put_int(buffer* b, int field, uint64_t value) {
  put_varint(b, (uint64_t)field << 3);
  put_varint(b, value);
}

static interdict_str bytes_of(const buffer* b) {
  interdict_str s = {(const char*)b->data, b->size};
  return s;
}

/* ---------------------------------------------------------------------------------
 * Inputs shared by the tests. */

enum {
  kAugust2024 = 1722470400,      /* 2024-08-01T00:00:00Z: "identify" in force */
  kIdentifyFrom = 1721448000,    /* 2024-07-20T04:00:00Z: issue + 30 days */
  kRemoveFrom = 1726632000,      /* 2024-09-18T04:00:00Z: issue + 90 days */
  kUpdatesBannedFrom = 1727582400, /* 2024-09-29T04:00:00Z */
  kJanuary2025 = 1735689600      /* 2025-01-01T00:00:00Z */
};

static const char kTestPolicyPath[] = "c/testdata/kaspersky.textproto";

static interdict_str us[] = {{"US", 2}};

static interdict_context context_at(int64_t seconds, int32_t action) {
  interdict_context context = INTERDICT_CONTEXT_INIT;
  context.instant.seconds = seconds;
  context.instant.is_set = 1;
  context.action = action;
  context.jurisdictions = us;
  context.jurisdiction_count = 1;
  return context;
}

static interdict_artifact kaspersky_anti_virus(void) {
  interdict_artifact artifact = INTERDICT_ARTIFACT_INIT;
  artifact.name = interdict_cstr("Kaspersky Anti-Virus");
  artifact.vendor = interdict_cstr("AO Kaspersky Lab");
  artifact.version = interdict_cstr("21.3.10.391");
  return artifact;
}

static interdict_policy* compile_file(const char* path, uint32_t flags) {
  interdict_source source = INTERDICT_SOURCE_INIT;
  source.kind = INTERDICT_SOURCE_FILE;
  source.name = interdict_cstr(path);
  interdict_compile_options options = INTERDICT_COMPILE_OPTIONS_INIT;
  options.flags = flags;
  interdict_policy* policy = NULL;
  EXPECT_STATUS(interdict_compile(&source, 1, &options, &policy, NULL), INTERDICT_OK);
  return policy;
}

static interdict_status compile_text(const char* name, const char* text, interdict_policy** policy,
                                     interdict_issues** issues) {
  interdict_source source = INTERDICT_SOURCE_INIT;
  source.kind = INTERDICT_SOURCE_BYTES;
  source.name = interdict_cstr(name);
  source.contents = interdict_cstr(text);
  return interdict_compile(&source, 1, NULL, policy, issues);
}

static interdict_match match_at(const interdict_decision* decision, size_t index) {
  interdict_match match = INTERDICT_MATCH_INIT;
  EXPECT_STATUS(interdict_decision_match(decision, index, &match), INTERDICT_OK);
  return match;
}

/* ---------------------------------------------------------------------------------
 * Version and errors. */

static void test_version_reports_abi_and_library_version(void) {
  const interdict_version_info* version = interdict_version();
  EXPECT(version != NULL);
  EXPECT(version->struct_size == sizeof(interdict_version_info));
  EXPECT(version->abi_major == INTERDICT_ABI_MAJOR);
  EXPECT(version->abi_minor >= INTERDICT_ABI_MINOR);
  EXPECT(strcmp(version->library_version, "0.1.0") == 0);
  EXPECT(strcmp(interdict_status_name(INTERDICT_COMPILE_ERROR), "COMPILE_ERROR") == 0);
  EXPECT(strcmp(interdict_status_name((interdict_status)999), "UNKNOWN") == 0);
}

/* ---------------------------------------------------------------------------------
 * Compiling. */

static const char kBadPolicy[] =
    "policies {\n"
    "  id: \"test.bad\"\n"
    "  citation: \"Bad 1\"\n"
    "  binding: BINDING\n"
    "  rules {\n"
    "    id: \"r\"\n"
    "    select { entity: \"nobody\" }\n"
    "    actions: [RUN]\n"
    "    steps { at { date: \"2024-13-01\" zone: \"UTC\" } verdict: DENY }\n"
    "  }\n"
    "}\n";

static void test_compile_from_bytes_lists_every_issue_with_line_and_column(void) {
  interdict_policy* policy = NULL;
  interdict_issues* issues = NULL;
  EXPECT_STATUS(compile_text("bad.textproto", kBadPolicy, &policy, &issues), INTERDICT_COMPILE_ERROR);
  EXPECT(policy == NULL);
  EXPECT(error_has("policy bundle has 2 errors"));
  EXPECT(interdict_issues_count(issues) == 2);

  interdict_issue issue = INTERDICT_ISSUE_INIT;
  EXPECT_STATUS(interdict_issues_get(issues, 0, &issue), INTERDICT_OK);
  EXPECT(issue.severity == INTERDICT_SEVERITY_ERROR);
  EXPECT(issue.code == 4);
  EXPECT(str_is(issue.code_name, "unknown_reference"));
  EXPECT(str_is(issue.file, "bad.textproto"));
  EXPECT(issue.line == 7);
  EXPECT(issue.column == 14);
  EXPECT(str_is(issue.path, "policies[0].rules[0].select.entity"));
  EXPECT(str_has(issue.message, "nobody"));
  EXPECT(str_has(issue.formatted, "bad.textproto:7:14: policies[0].rules[0].select.entity: "));

  EXPECT_STATUS(interdict_issues_get(issues, 1, &issue), INTERDICT_OK);
  EXPECT(str_is(issue.code_name, "invalid_time"));
  EXPECT(issue.line == 9);
  EXPECT(issue.column == 18);
  EXPECT_STATUS(interdict_issues_get(issues, 2, &issue), INTERDICT_OUT_OF_RANGE);
  EXPECT(error_has("interdict_issues_get: index: 2 is past the end (2)"));
  interdict_issues_free(issues);
}

static void test_compile_syntax_error_is_a_load_error_naming_line_and_column(void) {
  interdict_policy* policy = NULL;
  interdict_issues* issues = NULL;
  EXPECT_STATUS(compile_text("typo.textproto", "policies { id: \"p\" rulez {} }\n", &policy, &issues),
                INTERDICT_LOAD_ERROR);
  EXPECT(error_has("typo.textproto:1:"));
  EXPECT(error_has("rulez"));
  EXPECT(issues != NULL && interdict_issues_count(issues) == 0);
  interdict_issues_free(issues);
}

static void test_compile_reads_every_source_before_giving_up(void) {
  interdict_source sources[2] = {INTERDICT_SOURCE_INIT, INTERDICT_SOURCE_INIT};
  sources[0].kind = INTERDICT_SOURCE_FILE;
  sources[0].name = interdict_cstr("c/testdata/no-such-file.textproto");
  sources[1].kind = INTERDICT_SOURCE_BYTES;
  sources[1].name = interdict_cstr("empty.textproto");
  interdict_policy* policy = NULL;
  EXPECT_STATUS(interdict_compile(sources, 2, NULL, &policy, NULL), INTERDICT_NOT_FOUND);
  EXPECT(error_has("2 policy sources could not be loaded"));
  EXPECT(error_has("no-such-file.textproto: cannot open"));
  EXPECT(error_has("empty.textproto: holds no policies"));
}

static void test_compile_accepts_file_json_and_binary_sources(void) {
  interdict_policy* from_file = compile_file(kTestPolicyPath, 0);
  EXPECT(from_file != NULL);
  interdict_policy_free(from_file);

  interdict_policy* from_json = NULL;
  interdict_source json = INTERDICT_SOURCE_INIT;
  json.kind = INTERDICT_SOURCE_BYTES;
  json.format = INTERDICT_FORMAT_JSON;
  json.name = interdict_cstr("entities.json");
  json.contents = interdict_cstr("{\"entities\": [{\"id\": \"acme\", \"name\": \"Acme Software Ltd\"}]}");
  EXPECT_STATUS(interdict_compile(&json, 1, NULL, &from_json, NULL), INTERDICT_OK);
  interdict_policy_free(from_json);

  /* PolicyBundle { entities (2) { id (1): "acme" name (2): "Acme Software Ltd" } } */
  buffer entity = {{0}, 0};
  put_string(&entity, 1, "acme");
  put_string(&entity, 2, "Acme Software Ltd");
  buffer bundle = {{0}, 0};
  put_bytes(&bundle, 2, entity.data, entity.size);
  interdict_source binary = INTERDICT_SOURCE_INIT;
  binary.kind = INTERDICT_SOURCE_BYTES;
  binary.format = INTERDICT_FORMAT_BINARY;
  binary.name = interdict_cstr("entities.binpb");
  binary.contents = bytes_of(&bundle);
  interdict_policy* from_binary = NULL;
  interdict_issues* issues = NULL;
  EXPECT_STATUS(interdict_compile(&binary, 1, NULL, &from_binary, &issues), INTERDICT_OK);
  EXPECT(issues != NULL && interdict_issues_count(issues) == 0);
  interdict_issues_free(issues);
  interdict_policy_free(from_binary);
}

/* ---------------------------------------------------------------------------------
 * Evaluating and reading a decision. */

static void test_struct_evaluation_reads_every_accessor(void) {
  interdict_policy* policy = compile_file(kTestPolicyPath, 0);
  interdict_decision* decision = NULL;
  EXPECT_STATUS(interdict_decision_create(&decision), INTERDICT_OK);

  /* An appliance that embeds the Kaspersky engine, on 2024-08-01: "identify" is in
   * force, through the component. */
  interdict_artifact sdk = INTERDICT_ARTIFACT_INIT;
  sdk.name = interdict_cstr("Anti-Virus SDK");
  sdk.vendor = interdict_cstr("AO Kaspersky Lab");
  interdict_artifact appliance = INTERDICT_ARTIFACT_INIT;
  appliance.name = interdict_cstr("Acme Secure Gateway");
  appliance.vendor = interdict_cstr("Acme");
  appliance.components = &sdk;
  appliance.component_count = 1;
  interdict_context run = context_at(kAugust2024, INTERDICT_ACTION_RUN);
  EXPECT_STATUS(interdict_evaluate(policy, &appliance, &run, decision), INTERDICT_OK);
  EXPECT(strcmp(interdict_last_error(), "") == 0);

  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_WARN);
  EXPECT(interdict_decision_match_count(decision) == 1);
  interdict_match match = match_at(decision, 0);
  EXPECT(str_is(match.policy_id, "test.kaspersky"));
  EXPECT(str_is(match.rule_id, "identify-then-remove"));
  EXPECT(str_is(match.citation, "Test Directive 1"));
  EXPECT(str_is(match.rule_citation, "sec. 2"));
  EXPECT(match.state == INTERDICT_RULE_STATE_IN_FORCE);
  EXPECT(match.verdict == INTERDICT_VERDICT_WARN);
  EXPECT(match.step_index == 0);
  EXPECT(str_is(match.step_label, "identify"));
  EXPECT(match.in_force_since.is_set && match.in_force_since.seconds == kIdentifyFrom);
  EXPECT(match.in_force_since.nanos == 0);
  EXPECT(match.next_step_at.is_set && match.next_step_at.seconds == kRemoveFrom);
  EXPECT(match.next_step_verdict == INTERDICT_VERDICT_DENY);
  EXPECT(match.exemption_id.size == 0);
  EXPECT(match.verdict_if_used == INTERDICT_VERDICT_UNSPECIFIED);
  EXPECT(match.component_path_size == 2);
  interdict_str name = {NULL, 0};
  EXPECT_STATUS(interdict_decision_match_component(decision, 0, 0, &name), INTERDICT_OK);
  EXPECT(str_is(name, "Acme Secure Gateway"));
  EXPECT_STATUS(interdict_decision_match_component(decision, 0, 1, &name), INTERDICT_OK);
  EXPECT(str_is(name, "Anti-Virus SDK"));
  EXPECT_STATUS(interdict_decision_match_component(decision, 0, 2, &name), INTERDICT_OUT_OF_RANGE);
  EXPECT_STATUS(interdict_decision_match_component(decision, 1, 0, &name), INTERDICT_OUT_OF_RANGE);

  interdict_time next_change = {0, 0, 0};
  EXPECT_STATUS(interdict_decision_next_change(decision, &next_change), INTERDICT_OK);
  EXPECT(next_change.is_set && next_change.seconds == kRemoveFrom);
  interdict_str explanation = {NULL, 0};
  EXPECT_STATUS(interdict_decision_explanation(decision, &explanation), INTERDICT_OK);
  EXPECT(str_has(explanation, "WARN by test.kaspersky/identify-then-remove"));

  /* An update on the lab's asset, for research: the exemption cancels the ban. */
  interdict_context update = context_at(kJanuary2025, INTERDICT_ACTION_UPDATE);
  update.asset_id = interdict_cstr("malware-lab-1");
  update.purpose = INTERDICT_PURPOSE_SECURITY_RESEARCH;
  interdict_artifact plain = kaspersky_anti_virus();
  EXPECT_STATUS(interdict_evaluate(policy, &plain, &update, decision), INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_ALLOW);
  EXPECT(interdict_decision_match_count(decision) == 1);
  match = match_at(decision, 0);
  EXPECT(str_is(match.rule_id, "updates"));
  EXPECT(match.state == INTERDICT_RULE_STATE_EXEMPTED);
  EXPECT(match.verdict == INTERDICT_VERDICT_ALLOW);
  EXPECT(str_is(match.exemption_id, "EX-LAB-1"));
  EXPECT(match.step_label.size == 0);
  EXPECT(match.next_step_at.is_set == 0);
  EXPECT(match.component_path_size == 0);
  interdict_str entity = {NULL, 0};
  interdict_str evidence = {NULL, 0};
  EXPECT_STATUS(interdict_decision_vendor_entity(decision, &entity, &evidence), INTERDICT_OK);
  EXPECT(str_is(entity, "kaspersky"));
  EXPECT(str_is(evidence, "vendor"));

  /* Software no rule concerns: no match, never changes. */
  interdict_artifact other = INTERDICT_ARTIFACT_INIT;
  other.name = interdict_cstr("Firefox");
  other.vendor = interdict_cstr("Mozilla");
  EXPECT_STATUS(interdict_evaluate(policy, &other, &run, decision), INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_ALLOW);
  EXPECT(interdict_decision_match_count(decision) == 0);
  EXPECT_STATUS(interdict_decision_next_change(decision, &next_change), INTERDICT_OK);
  EXPECT(next_change.is_set == 0);
  EXPECT_STATUS(interdict_decision_vendor_entity(decision, &entity, NULL), INTERDICT_OK);
  EXPECT(entity.size == 0);

  interdict_decision_free(decision);
  interdict_policy_free(policy);
}

static const char kKasperskyJson[] = "{\"name\": \"Kaspersky Anti-Virus\", \"vendor\": \"AO Kaspersky Lab\"}";
static const char kUpdateJson[] =
    "{\"instant\": \"2025-01-01T00:00:00Z\", \"action\": \"UPDATE\", \"jurisdictions\": [\"US\"]}";

static void test_bundled_catalog_denies_kaspersky_updates_by_struct_json_and_proto(void) {
  interdict_policy* catalog = NULL;
  EXPECT_STATUS(interdict_catalog(&catalog), INTERDICT_OK);
  interdict_str version = {NULL, 0};
  interdict_str facts_checked = {NULL, 0};
  EXPECT_STATUS(interdict_catalog_version(&version, &facts_checked), INTERDICT_OK);
  EXPECT(version.size > 0 && facts_checked.size == 10);
  interdict_decision* decision = NULL;
  EXPECT_STATUS(interdict_decision_create(&decision), INTERDICT_OK);

  interdict_artifact artifact = kaspersky_anti_virus();
  interdict_context update = context_at(kJanuary2025, INTERDICT_ACTION_UPDATE);
  EXPECT_STATUS(interdict_evaluate(catalog, &artifact, &update, decision), INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_DENY);
  int found = 0;
  for (size_t i = 0; i < interdict_decision_match_count(decision); ++i) {
    interdict_match match = match_at(decision, i);
    found |= str_is(match.policy_id, "us.bis.kaspersky.2024") && str_is(match.rule_id, "updates-and-resale") &&
             match.verdict == INTERDICT_VERDICT_DENY && match.in_force_since.seconds == kUpdatesBannedFrom;
  }
  EXPECT(found);
  interdict_str json = {NULL, 0};
  EXPECT_STATUS(interdict_decision_json(decision, &json), INTERDICT_OK);
  EXPECT(str_has(json, "\"verdict\":\"DENY\""));
  EXPECT(str_has(json, "\"policyId\":\"us.bis.kaspersky.2024\""));
  interdict_str proto = {NULL, 0};
  EXPECT_STATUS(interdict_decision_proto(decision, &proto), INTERDICT_OK);
  EXPECT(proto.size > 2 && proto.data[0] == 0x08 && proto.data[1] == INTERDICT_VERDICT_DENY); /* verdict (1) */
  const size_t struct_matches = interdict_decision_match_count(decision);

  EXPECT_STATUS(interdict_evaluate_json(catalog, interdict_cstr(kKasperskyJson), interdict_cstr(kUpdateJson),
                                        decision),
                INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_DENY);
  EXPECT(interdict_decision_match_count(decision) == struct_matches);
  EXPECT_STATUS(interdict_decision_json(decision, &json), INTERDICT_OK);
  EXPECT(str_has(json, "\"verdict\":\"DENY\""));

  /* Artifact { name (2), vendor (3) }; EvaluationContext { instant (1) { seconds (1) },
   * action (2), jurisdictions (3) } */
  buffer artifact_proto = {{0}, 0};
  put_string(&artifact_proto, 2, "Kaspersky Anti-Virus");
  put_string(&artifact_proto, 3, "AO Kaspersky Lab");
  buffer instant = {{0}, 0};
  put_int(&instant, 1, kJanuary2025);
  buffer context_proto = {{0}, 0};
  put_bytes(&context_proto, 1, instant.data, instant.size);
  put_int(&context_proto, 2, INTERDICT_ACTION_UPDATE);
  put_string(&context_proto, 3, "US");
  EXPECT_STATUS(interdict_evaluate_proto(catalog, bytes_of(&artifact_proto), bytes_of(&context_proto), decision),
                INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_DENY);
  EXPECT(interdict_decision_match_count(decision) == struct_matches);
  EXPECT_STATUS(interdict_decision_proto(decision, &proto), INTERDICT_OK);
  EXPECT(proto.size > 2 && proto.data[1] == INTERDICT_VERDICT_DENY);

  interdict_decision_free(decision);
  interdict_policy_free(catalog);
}

static void test_compile_layers_own_policy_on_the_catalog(void) {
  /* The rule names the catalog's entity "kaspersky": it compiles only on the catalog. */
  static const char kOwnPolicy[] =
      "policies { id: \"acme.it\" citation: \"Acme IT policy 7\" binding: BINDING\n"
      "  rules { id: \"no-kaspersky\" select { entity: \"kaspersky\" } actions: [RUN]\n"
      "          steps { at { date: \"2024-01-01\" zone: \"UTC\" } verdict: DENY } } }\n";
  interdict_source source = INTERDICT_SOURCE_INIT;
  source.kind = INTERDICT_SOURCE_BYTES;
  source.name = interdict_cstr("acme.textproto");
  source.contents = interdict_cstr(kOwnPolicy);
  interdict_policy* policy = NULL;
  interdict_issues* issues = NULL;
  EXPECT_STATUS(interdict_compile(&source, 1, NULL, &policy, &issues), INTERDICT_COMPILE_ERROR);
  interdict_issue issue = INTERDICT_ISSUE_INIT;
  EXPECT_STATUS(interdict_issues_get(issues, 0, &issue), INTERDICT_OK);
  EXPECT(str_is(issue.code_name, "unknown_reference"));
  interdict_issues_free(issues);

  interdict_compile_options options = INTERDICT_COMPILE_OPTIONS_INIT;
  options.flags = INTERDICT_COMPILE_ON_CATALOG;
  options.now.seconds = kJanuary2025;
  options.now.is_set = 1;
  EXPECT_STATUS(interdict_compile(&source, 1, &options, &policy, NULL), INTERDICT_OK);
  interdict_decision* decision = NULL;
  EXPECT_STATUS(interdict_decision_create(&decision), INTERDICT_OK);
  interdict_artifact artifact = kaspersky_anti_virus();
  interdict_context run = context_at(kJanuary2025, INTERDICT_ACTION_RUN);
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &run, decision), INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_DENY);
  int own = 0;
  for (size_t i = 0; i < interdict_decision_match_count(decision); ++i) {
    own |= str_is(match_at(decision, i).policy_id, "acme.it");
  }
  EXPECT(own);
  interdict_decision_free(decision);
  interdict_policy_free(policy);
}

/* ---------------------------------------------------------------------------------
 * Hot reload. */

static const char kDenyRunPolicy[] =
    "entities { id: \"kaspersky\" name: \"Kaspersky Lab\" aliases: [\"AO Kaspersky Lab\"] }\n"
    "policies { id: \"test.strict\" citation: \"Strict 1\" binding: BINDING\n"
    "  rules { id: \"all\" select { entity: \"kaspersky\" } actions: [RUN]\n"
    "          steps { at { date: \"2020-01-01\" zone: \"UTC\" } verdict: DENY } } }\n";

static void test_handle_reload_serves_new_policy_and_keeps_old_one_on_failure(void) {
  interdict_policy* initial = compile_file(kTestPolicyPath, 0);
  interdict_handle* handle = NULL;
  EXPECT_STATUS(interdict_handle_create(initial, &handle), INTERDICT_OK);
  interdict_policy_free(initial); /* the handle holds its own reference */
  interdict_decision* decision = NULL;
  EXPECT_STATUS(interdict_decision_create(&decision), INTERDICT_OK);
  interdict_artifact artifact = kaspersky_anti_virus();
  interdict_context run = context_at(kAugust2024, INTERDICT_ACTION_RUN);

  EXPECT_STATUS(interdict_handle_evaluate(handle, &artifact, &run, decision), INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_WARN);

  /* A reload that fails keeps the policy served, and says why. */
  interdict_source bad = INTERDICT_SOURCE_INIT;
  bad.kind = INTERDICT_SOURCE_BYTES;
  bad.name = interdict_cstr("bad.textproto");
  bad.contents = interdict_cstr(kBadPolicy);
  interdict_issues* issues = NULL;
  EXPECT_STATUS(interdict_handle_reload(handle, &bad, 1, NULL, &issues), INTERDICT_COMPILE_ERROR);
  EXPECT(interdict_issues_count(issues) == 2);
  interdict_issues_free(issues);
  EXPECT_STATUS(interdict_handle_evaluate(handle, &artifact, &run, decision), INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_WARN);

  /* A good reload is served from the next evaluation on; the strings the decision
   * handed out before it stay valid (the decision holds the old policy until then). */
  const interdict_match before = match_at(decision, 0);
  interdict_source strict = bad;
  strict.name = interdict_cstr("strict.textproto");
  strict.contents = interdict_cstr(kDenyRunPolicy);
  EXPECT_STATUS(interdict_handle_reload(handle, &strict, 1, NULL, &issues), INTERDICT_OK);
  EXPECT(interdict_issues_count(issues) == 0);
  interdict_issues_free(issues);
  EXPECT(str_is(before.policy_id, "test.kaspersky"));
  EXPECT_STATUS(interdict_handle_evaluate_json(handle, interdict_cstr(kKasperskyJson),
                                               interdict_cstr("{\"instant\": \"2024-08-01T00:00:00Z\", "
                                                              "\"action\": \"RUN\"}"),
                                               decision),
                INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_DENY);
  EXPECT(str_is(match_at(decision, 0).policy_id, "test.strict"));

  /* Replacing with the catalog; a handle outlived by its decision. */
  interdict_policy* catalog = NULL;
  EXPECT_STATUS(interdict_catalog(&catalog), INTERDICT_OK);
  EXPECT_STATUS(interdict_handle_replace(handle, catalog), INTERDICT_OK);
  interdict_policy_free(catalog);
  interdict_context update = context_at(kJanuary2025, INTERDICT_ACTION_UPDATE);
  EXPECT_STATUS(interdict_handle_evaluate(handle, &artifact, &update, decision), INTERDICT_OK);
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_DENY);
  interdict_handle_free(handle);
  interdict_str explanation = {NULL, 0};
  EXPECT_STATUS(interdict_decision_explanation(decision, &explanation), INTERDICT_OK);
  EXPECT(str_has(explanation, "us.bis.kaspersky.2024"));

  /* The protobuf path through a handle. */
  interdict_policy* policy = compile_file(kTestPolicyPath, 0);
  EXPECT_STATUS(interdict_handle_create(policy, &handle), INTERDICT_OK);
  interdict_policy_free(policy);
  EXPECT_STATUS(interdict_handle_evaluate_proto(handle, interdict_cstr(""), interdict_cstr(""), decision),
                INTERDICT_INVALID_ARGUMENT); /* an empty context has no instant */
  EXPECT(error_has("interdict_handle_evaluate_proto: context.instant: required"));
  interdict_handle_free(handle);
  interdict_decision_free(decision);
}

/* Two threads evaluate through one handle while the main thread swaps its policy back
 * and forth: each decision comes whole from one policy (a WARN from the test policy, a
 * DENY from the strict one), and after the last swap every thread sees the last policy. */

typedef struct {
  interdict_handle* handle;
  atomic_int* stop;
  int torn;        /* decisions whose verdict and policy disagree */
  int last_verdict;
} evaluator;

static void* evaluate_until_stopped(void* argument) {
  evaluator* e = argument;
  interdict_decision* decision = NULL;
  if (interdict_decision_create(&decision) != INTERDICT_OK) {
    ++e->torn;
    return NULL;
  }
  interdict_artifact artifact = kaspersky_anti_virus();
  interdict_context run = context_at(kAugust2024, INTERDICT_ACTION_RUN);
  while (!atomic_load(e->stop)) {
    if (interdict_handle_evaluate(e->handle, &artifact, &run, decision) != INTERDICT_OK) ++e->torn;
    interdict_match match = INTERDICT_MATCH_INIT;
    if (interdict_decision_match(decision, 0, &match) != INTERDICT_OK) ++e->torn;
    const int verdict = interdict_decision_verdict(decision);
    if (!(verdict == INTERDICT_VERDICT_WARN && str_is(match.policy_id, "test.kaspersky")) &&
        !(verdict == INTERDICT_VERDICT_DENY && str_is(match.policy_id, "test.strict"))) {
      ++e->torn;
    }
  }
  interdict_handle_evaluate(e->handle, &artifact, &run, decision);
  e->last_verdict = interdict_decision_verdict(decision);
  interdict_decision_free(decision);
  return NULL;
}

static void test_handle_serves_whole_policies_while_threads_evaluate(void) {
  interdict_policy* warn = compile_file(kTestPolicyPath, 0);
  interdict_policy* deny = NULL;
  EXPECT_STATUS(compile_text("strict.textproto", kDenyRunPolicy, &deny, NULL), INTERDICT_OK);
  interdict_handle* handle = NULL;
  EXPECT_STATUS(interdict_handle_create(warn, &handle), INTERDICT_OK);
  atomic_int stop = 0;
  evaluator evaluators[2] = {{handle, &stop, 0, 0}, {handle, &stop, 0, 0}};
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) EXPECT(pthread_create(&threads[i], NULL, evaluate_until_stopped, &evaluators[i]) == 0);
  for (int swap = 0; swap < 200; ++swap) {
    EXPECT_STATUS(interdict_handle_replace(handle, swap % 2 == 0 ? deny : warn), INTERDICT_OK);
    sched_yield();
  }
  EXPECT_STATUS(interdict_handle_replace(handle, deny), INTERDICT_OK);
  atomic_store(&stop, 1);
  for (int i = 0; i < 2; ++i) {
    EXPECT(pthread_join(threads[i], NULL) == 0);
    EXPECT(evaluators[i].torn == 0);
    EXPECT(evaluators[i].last_verdict == INTERDICT_VERDICT_DENY);
  }
  interdict_handle_free(handle);
  interdict_policy_free(deny);
  interdict_policy_free(warn);
}

/* ---------------------------------------------------------------------------------
 * Invalid arguments: a status and a message, never a crash. */

static void test_null_arguments_return_invalid_argument(void) {
  interdict_policy* policy = compile_file(kTestPolicyPath, 0);
  interdict_decision* decision = NULL;
  EXPECT_STATUS(interdict_decision_create(&decision), INTERDICT_OK);
  interdict_artifact artifact = kaspersky_anti_virus();
  interdict_context run = context_at(kAugust2024, INTERDICT_ACTION_RUN);

  EXPECT_STATUS(interdict_evaluate(NULL, &artifact, &run, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(strcmp(interdict_last_error(), "interdict_evaluate: policy: required, got NULL") == 0);
  EXPECT_STATUS(interdict_evaluate(policy, NULL, &run, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("artifact: required"));
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, NULL, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &run, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_handle_evaluate(NULL, &artifact, &run, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("handle: required"));
  EXPECT_STATUS(interdict_evaluate_json(policy, interdict_cstr("{"), interdict_cstr(kUpdateJson), decision),
                INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("interdict_evaluate_json: artifact: "));
  EXPECT_STATUS(interdict_compile(NULL, 1, NULL, &policy, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_compile(NULL, 0, NULL, &policy, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("count: at least one source"));
  EXPECT_STATUS(interdict_catalog(NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_handle_create(NULL, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_handle_replace(NULL, policy), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_handle_reload(NULL, NULL, 0, NULL, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_decision_create(NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_issues_get(NULL, 0, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_decision_match(NULL, 0, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT_STATUS(interdict_decision_json(NULL, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT(interdict_decision_verdict(NULL) == INTERDICT_VERDICT_UNSPECIFIED);
  EXPECT(interdict_decision_match_count(NULL) == 0);
  EXPECT(interdict_issues_count(NULL) == 0);
  interdict_policy_free(NULL);
  interdict_issues_free(NULL);
  interdict_handle_free(NULL);
  interdict_decision_free(NULL);

  interdict_decision_free(decision);
  interdict_policy_free(policy);
}

static void test_invalid_values_return_invalid_argument_naming_the_field(void) {
  interdict_policy* policy = compile_file(kTestPolicyPath, 0);
  interdict_decision* decision = NULL;
  EXPECT_STATUS(interdict_decision_create(&decision), INTERDICT_OK);
  interdict_artifact artifact = kaspersky_anti_virus();
  interdict_context run = context_at(kAugust2024, INTERDICT_ACTION_RUN);

  interdict_artifact uninitialised;
  memset(&uninitialised, 0, sizeof(uninitialised));
  EXPECT_STATUS(interdict_evaluate(policy, &uninitialised, &run, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("artifact.struct_size: 0 is below the smallest size"));

  interdict_artifact broken = artifact;
  broken.vendor.data = NULL;
  EXPECT_STATUS(interdict_evaluate(policy, &broken, &run, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("artifact.vendor: data is NULL with size 16"));

  interdict_artifact component = INTERDICT_ARTIFACT_INIT;
  component.install_path.size = 3;
  broken = artifact;
  broken.components = &component;
  broken.component_count = 1;
  EXPECT_STATUS(interdict_evaluate(policy, &broken, &run, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("artifact.components[0].install_path: data is NULL with size 3"));
  broken.components = NULL;
  EXPECT_STATUS(interdict_evaluate(policy, &broken, &run, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("artifact.components: NULL with count 1"));

  interdict_context context = run;
  context.action = INTERDICT_ACTION_UNSPECIFIED;
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &context, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("context.action: required"));
  context.action = 99;
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &context, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("context.action: 99 is not an interdict_action"));
  context = run;
  context.purpose = -1;
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &context, decision), INTERDICT_INVALID_ARGUMENT);
  context = run;
  context.instant.is_set = 0;
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &context, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("context.instant: required"));
  context = run;
  context.instant.nanos = 1000000000;
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &context, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("context.instant.nanos: 1000000000 is outside 0..999999999"));
  context = run;
  context.uses = NULL;
  context.use_count = 2;
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &context, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("context.uses: NULL with count 2"));
  interdict_str bad_tags[] = {{"US", 2}, {NULL, 4}};
  context = run;
  context.jurisdictions = bad_tags;
  context.jurisdiction_count = 2;
  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &context, decision), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("context.jurisdictions[1]: data is NULL with size 4"));

  /* A failed evaluation leaves no result behind. */
  EXPECT(interdict_decision_verdict(decision) == INTERDICT_VERDICT_UNSPECIFIED);
  interdict_match match = INTERDICT_MATCH_INIT;
  EXPECT_STATUS(interdict_decision_match(decision, 0, &match), INTERDICT_FAILED_PRECONDITION);
  EXPECT(error_has("evaluate into it first"));
  interdict_str text = {NULL, 0};
  EXPECT_STATUS(interdict_decision_explanation(decision, &text), INTERDICT_FAILED_PRECONDITION);

  EXPECT_STATUS(interdict_evaluate(policy, &artifact, &run, decision), INTERDICT_OK);
  EXPECT_STATUS(interdict_decision_match(decision, 5, &match), INTERDICT_OUT_OF_RANGE);
  match.struct_size = 8;
  EXPECT_STATUS(interdict_decision_match(decision, 0, &match), INTERDICT_INVALID_ARGUMENT);

  interdict_source source = INTERDICT_SOURCE_INIT;
  source.kind = 7;
  source.name = interdict_cstr("x.textproto");
  interdict_policy* none = NULL;
  EXPECT_STATUS(interdict_compile(&source, 1, NULL, &none, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("sources[0].kind: 7 is not an interdict_source_kind"));
  source.kind = INTERDICT_SOURCE_FILE;
  interdict_compile_options options = INTERDICT_COMPILE_OPTIONS_INIT;
  options.flags = 4;
  EXPECT_STATUS(interdict_compile(&source, 1, &options, &none, NULL), INTERDICT_INVALID_ARGUMENT);
  EXPECT(error_has("options.flags: unknown bits 4"));
  EXPECT(none == NULL);

  interdict_decision_free(decision);
  interdict_policy_free(policy);
}

/* ---------------------------------------------------------------------------------
 * The ABI policy: structs from a later header (longer, fields appended) work. */

typedef struct {
  interdict_artifact v1;
  uint64_t appended; /* a field a later header might add */
} artifact_v2;

typedef struct {
  interdict_match v1;
  uint64_t appended;
} match_v2;

typedef struct {
  interdict_source v1;
  uint64_t appended;
} source_v2;

static void test_longer_structs_from_a_later_header_are_read_and_written_by_prefix(void) {
  /* Two sources at a stride of sizeof(source_v2): the test policy and an extra entity. */
  source_v2 sources[2];
  memset(sources, 0, sizeof(sources));
  sources[0].v1.struct_size = sizeof(source_v2);
  sources[0].v1.kind = INTERDICT_SOURCE_FILE;
  sources[0].v1.name = interdict_cstr(kTestPolicyPath);
  sources[1].v1.struct_size = sizeof(source_v2);
  sources[1].v1.kind = INTERDICT_SOURCE_BYTES;
  sources[1].v1.name = interdict_cstr("acme.textproto");
  sources[1].v1.contents = interdict_cstr("entities { id: \"acme\" name: \"Acme Software Ltd\" }");
  interdict_policy* policy = NULL;
  EXPECT_STATUS(interdict_compile(&sources[0].v1, 2, NULL, &policy, NULL), INTERDICT_OK);
  interdict_decision* decision = NULL;
  EXPECT_STATUS(interdict_decision_create(&decision), INTERDICT_OK);

  artifact_v2 components[2];
  memset(components, 0, sizeof(components));
  components[0].v1.struct_size = sizeof(artifact_v2);
  components[0].v1.name = interdict_cstr("Updater");
  components[1].v1.struct_size = sizeof(artifact_v2);
  components[1].v1.name = interdict_cstr("Anti-Virus SDK");
  components[1].v1.vendor = interdict_cstr("AO Kaspersky Lab");
  artifact_v2 appliance;
  memset(&appliance, 0, sizeof(appliance));
  appliance.v1.struct_size = sizeof(artifact_v2);
  appliance.v1.name = interdict_cstr("Gateway");
  appliance.v1.components = &components[0].v1; /* read with a stride of sizeof(artifact_v2) */
  appliance.v1.component_count = 2;
  interdict_context run = context_at(kAugust2024, INTERDICT_ACTION_RUN);
  EXPECT_STATUS(interdict_evaluate(policy, &appliance.v1, &run, decision), INTERDICT_OK);
  EXPECT(interdict_decision_match_count(decision) == 1);

  match_v2 match;
  memset(&match, 0, sizeof(match));
  match.v1.struct_size = sizeof(match_v2);
  match.appended = 42;
  EXPECT_STATUS(interdict_decision_match(decision, 0, &match.v1), INTERDICT_OK);
  EXPECT(match.v1.struct_size == sizeof(match_v2));
  EXPECT(str_is(match.v1.step_label, "identify"));
  EXPECT(match.appended == 42); /* not the library's to write */
  interdict_str name = {NULL, 0};
  EXPECT_STATUS(interdict_decision_match_component(decision, 0, 1, &name), INTERDICT_OK);
  EXPECT(str_is(name, "Anti-Virus SDK"));

  interdict_decision_free(decision);
  interdict_policy_free(policy);
}

int main(void) {
  test_version_reports_abi_and_library_version();
  test_compile_from_bytes_lists_every_issue_with_line_and_column();
  test_compile_syntax_error_is_a_load_error_naming_line_and_column();
  test_compile_reads_every_source_before_giving_up();
  test_compile_accepts_file_json_and_binary_sources();
  test_struct_evaluation_reads_every_accessor();
  test_bundled_catalog_denies_kaspersky_updates_by_struct_json_and_proto();
  test_compile_layers_own_policy_on_the_catalog();
  test_handle_reload_serves_new_policy_and_keeps_old_one_on_failure();
  test_handle_serves_whole_policies_while_threads_evaluate();
  test_null_arguments_return_invalid_argument();
  test_invalid_values_return_invalid_argument_naming_the_field();
  test_longer_structs_from_a_later_header_are_read_and_written_by_prefix();
  if (failures != 0) {
    fprintf(stderr, "%d expectation(s) failed\n", failures);
    return 1;
  }
  printf("all expectations met\n");
  return 0;
}

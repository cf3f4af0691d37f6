/* File: c/interdict_c.h
 * -----------------------------------------------------------------------------
 *
 * The C interface of Interdict, for hosts that are not C++ (Go through cgo, Rust,
 * Java through the FFM API or JNI, Python through ctypes): compile policies, evaluate
 * artifacts into a reusable decision, read the decision, hot-reload. Link
 * libinterdict_c.so (//c:libinterdict_c.so), which exports only the interdict_*
 * symbols, or the static //c:interdict_c.
 *
 * The tour:
 *   1. Compile policy sources (files or bytes: textproto, binary protobuf, protobuf
 *      JSON), optionally layered on the bundled catalog, or take the catalog as it is
 *      (interdict_compile, interdict_catalog). Every problem comes back in an issue
 *      list with file:line:col (interdict_issues_*).
 *   2. Evaluate an artifact in a context into a decision handle, created once and
 *      reused: from flat structs of pointer+length strings, with no copy of the strings
 *      and no allocation once the handle has grown (interdict_evaluate), or from JSON
 *      or serialized protobuf (interdict_evaluate_json, interdict_evaluate_proto).
 *   3. Read the decision through accessors (verdict, matches, next change, vendor
 *      entity; explanation) or whole, as JSON or serialized protobuf.
 *   4. Serve through a handle whose policy can be replaced while other threads
 *      evaluate (interdict_handle_*): a reload that fails keeps the policy served.
 *
 * Example:
 *
 *   interdict_source source = INTERDICT_SOURCE_INIT;
 *   source.kind = INTERDICT_SOURCE_FILE;
 *   source.name = interdict_cstr("policies/our_exemptions.textproto");
 *   interdict_compile_options options = INTERDICT_COMPILE_OPTIONS_INIT;
 *   options.flags = INTERDICT_COMPILE_ON_CATALOG;  // layered on the bundled catalog
 *   interdict_policy* policy = NULL;
 *   interdict_issues* issues = NULL;
 *   if (interdict_compile(&source, 1, &options, &policy, &issues) != INTERDICT_OK) {
 *     fprintf(stderr, "%s\n", interdict_last_error());  // every issue, one per line
 *   }
 *   interdict_issues_free(issues);
 *
 *   interdict_decision* decision = NULL;
 *   interdict_decision_create(&decision);  // once per thread, reused
 *   interdict_artifact artifact = INTERDICT_ARTIFACT_INIT;
 *   artifact.name = interdict_cstr("Kaspersky Internet Security");
 *   artifact.vendor = interdict_cstr("AO Kaspersky Lab");
 *   interdict_str jurisdictions[] = {interdict_cstr("US")};
 *   interdict_context context = INTERDICT_CONTEXT_INIT;
 *   context.instant.seconds = 1727582400;  // the host's clock: the library reads none
 *   context.instant.is_set = 1;
 *   context.action = INTERDICT_ACTION_UPDATE;
 *   context.jurisdictions = jurisdictions;
 *   context.jurisdiction_count = 1;
 *   if (interdict_evaluate(policy, &artifact, &context, decision) == INTERDICT_OK &&
 *       interdict_decision_verdict(decision) == INTERDICT_VERDICT_DENY) {
 *     interdict_str why;
 *     interdict_decision_explanation(decision, &why);
 *     printf("%.*s\n", (int)why.size, why.data);
 *   }
 *   interdict_decision_free(decision);
 *   interdict_policy_free(policy);
 *
 * Errors. Every function that can fail returns an interdict_status and sets this
 * thread's last error message (interdict_last_error): "" after a success, otherwise
 * what went wrong, naming the function and the argument. Invalid arguments (NULL where
 * a value is needed, a struct_size that is no known size, an enum value out of range,
 * an index past the end) are INTERDICT_INVALID_ARGUMENT or INTERDICT_OUT_OF_RANGE,
 * never a crash. No C++ exception crosses this interface: every entry point catches
 * all of them (out of memory is INTERDICT_RESOURCE_EXHAUSTED, anything else
 * INTERDICT_INTERNAL). Output parameters are left untouched on failure unless stated.
 *
 * Strings. interdict_str is a pointer and a length, never necessarily NUL-terminated,
 * in both directions. An input string with data NULL and size 0 is empty; NULL with a
 * size is an error. The library keeps no input string beyond the call, except that a
 * decision views the artifact's strings it was evaluated on (below).
 *
 * Lifetimes of returned strings:
 *   - from a decision (interdict_decision_*): valid until the decision handle is next
 *     evaluated into or freed, whichever comes first. Those that name policy text
 *     (ids, citations, labels, the vendor entity) live in the compiled policy the
 *     decision was evaluated against, which the decision keeps alive, so freeing the
 *     policy or reloading a handle does not invalidate them. Component path names are
 *     the evaluated artifact's own strings: for the struct path they are the caller's,
 *     so keep the artifact's strings alive and unchanged while reading a decision's
 *     component paths, explanation, JSON or protobuf (the JSON and protobuf paths keep
 *     their own copy in the decision handle);
 *   - from an issue list: until interdict_issues_free;
 *   - interdict_catalog_version, interdict_version, interdict_status_name: static;
 *   - interdict_last_error: until this thread's next call of a function returning an
 *     interdict_status.
 *
 * Thread safety:
 *   - interdict_policy is immutable: evaluate against it from any number of threads
 *     at once; free it once, after every other use of it has returned (decisions keep
 *     what they need).
 *   - interdict_handle: evaluate, replace and reload from any number of threads at once;
 *     free it once, after every other use has returned.
 *   - interdict_decision belongs to one thread at a time: evaluating into it and reading
 *     it must not overlap with another thread's use of the same handle. Use one per
 *     thread.
 *   - interdict_issues is immutable once returned.
 *   - interdict_compile, interdict_catalog and the version functions may be called from
 *     any thread; the last error is per thread.
 *
 * ABI policy (INTERDICT_ABI_MAJOR.INTERDICT_ABI_MINOR, also interdict_version()):
 *   - Within one ABI major version, no symbol is removed or changes its signature or
 *     meaning; a library of a later minor version runs every program built against an
 *     earlier one. New functions, struct fields and enum values raise the minor version;
 *     anything else raises the major version, and the shared library's symbol version
 *     (INTERDICT_C_1) with it.
 *   - Handles are opaque; their layout is private.
 *   - Every struct passed by pointer starts with `size_t struct_size`, which the caller
 *     sets to sizeof the struct as its header declared it (the *_INIT macros do).
 *     Fields are only ever appended. The library reads only the fields an input struct's
 *     struct_size covers (later ones count as zero: an older library ignores fields a
 *     newer caller sets, which its policies could not use anyway) and writes only the
 *     fields an output struct's struct_size covers. A struct_size below the first
 *     version's size is INTERDICT_INVALID_ARGUMENT (it catches a struct never
 *     initialised). An array of structs is read with a stride of its first element's
 *     struct_size (components: their parent's), so all of it comes from one header.
 *   - Enumerations are append-only: values are never renumbered or reused. Struct fields
 *     holding them are int32_t, so that layouts do not depend on the compiler's choice
 *     of enum width. Treat a status you do not know as a failure and an enum value you
 *     do not know (a rule state added later) as the most cautious reading.
 *   - Status codes and issue codes are stable; messages are for people and may change.
 */

#ifndef INTERDICT_C_INTERDICT_C_H_
#define INTERDICT_C_INTERDICT_C_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Marks what the library exports: libinterdict_c.so's version script (interdict_c.lds)
 * hides every other symbol, and a build with -fvisibility=hidden keeps these. */
#if defined(__GNUC__)
#define INTERDICT_C_API __attribute__((visibility("default")))
#else
#define INTERDICT_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define INTERDICT_ABI_MAJOR 1
#define INTERDICT_ABI_MINOR 0

/* ---------------------------------------------------------------------------------
 * Status, errors and version
 * ------------------------------------------------------------------------------- */

typedef enum interdict_status {
  INTERDICT_OK = 0,
  /* A NULL where a value is needed, a struct_size that is no known size, an enum value
   * out of range, a context without instant or action, JSON or protobuf bytes that do
   * not parse as the message expected. */
  INTERDICT_INVALID_ARGUMENT = 1,
  /* An index past the end of a list. */
  INTERDICT_OUT_OF_RANGE = 2,
  /* A policy file that cannot be opened. */
  INTERDICT_NOT_FOUND = 3,
  /* A policy source that does not parse, is not a regular file, holds nothing, or could
   * not be read to its end. The last error names every such source. */
  INTERDICT_LOAD_ERROR = 4,
  /* The policies have errors: every one is in the issue list (and the last error). */
  INTERDICT_COMPILE_ERROR = 5,
  /* A limit (a file over 64 MiB, too many files) or out of memory. */
  INTERDICT_RESOURCE_EXHAUSTED = 6,
  /* The decision has not been evaluated into yet. */
  INTERDICT_FAILED_PRECONDITION = 7,
  /* A failure inside the library that is not the caller's: a bug, please report it. */
  INTERDICT_INTERNAL = 8
} interdict_status;

typedef struct interdict_version_info {
  size_t struct_size; /* as this library declares it: check it before reading a field
                         a later header appended */
  /* The ABI this library implements (see "ABI policy"); compare abi_major with the
   * INTERDICT_ABI_MAJOR a program was built with. */
  int32_t abi_major;
  int32_t abi_minor;
  /* The library's release, e.g. "0.1.0" (NUL-terminated, static). */
  const char* library_version;
} interdict_version_info;

/* The library's version and ABI; static, never NULL. Thread-safe. */
INTERDICT_C_API const interdict_version_info* interdict_version(void);

/* "OK", "INVALID_ARGUMENT", ...; "UNKNOWN" for a value this library does not know.
 * Static, NUL-terminated. Thread-safe. */
INTERDICT_C_API const char* interdict_status_name(interdict_status status);

/* The message of this thread's most recent call of a function returning an
 * interdict_status: "" when it returned INTERDICT_OK. NUL-terminated; valid until this
 * thread's next such call. Never NULL. */
INTERDICT_C_API const char* interdict_last_error(void);

/* ---------------------------------------------------------------------------------
 * Values
 * ------------------------------------------------------------------------------- */

/* A string: `size` bytes at `data`, not necessarily NUL-terminated. */
typedef struct interdict_str {
  const char* data;
  size_t size;
} interdict_str;

/* A NUL-terminated string as an interdict_str (NULL gives the empty string). */
static inline interdict_str interdict_cstr(const char* s) {
  interdict_str out;
  out.data = s;
  out.size = s == NULL ? 0 : strlen(s);
  return out;
}

/* An instant: Unix seconds and nanoseconds (UTC), or none (is_set 0). */
typedef struct interdict_time {
  int64_t seconds;
  int32_t nanos;  /* 0..999999999 */
  int32_t is_set; /* 0: no instant (seconds and nanos are then 0) */
} interdict_time;

/* Values as in interdict.v1 (proto/interdict/v1/common.proto). */
typedef enum interdict_verdict {
  INTERDICT_VERDICT_UNSPECIFIED = 0, /* from an accessor: no decision */
  INTERDICT_VERDICT_ALLOW = 1,
  INTERDICT_VERDICT_WARN = 2,
  INTERDICT_VERDICT_DENY = 3
} interdict_verdict;

typedef enum interdict_action {
  INTERDICT_ACTION_UNSPECIFIED = 0, /* invalid in a context */
  INTERDICT_ACTION_RUN = 1,
  INTERDICT_ACTION_INSTALL = 2,
  INTERDICT_ACTION_UPDATE = 3,
  INTERDICT_ACTION_PROCURE = 4,
  INTERDICT_ACTION_INTEGRATE = 5
} interdict_action;

typedef enum interdict_purpose {
  INTERDICT_PURPOSE_UNSPECIFIED = 0, /* not stated */
  INTERDICT_PURPOSE_LAW_ENFORCEMENT = 1,
  INTERDICT_PURPOSE_NATIONAL_SECURITY = 2,
  INTERDICT_PURPOSE_SECURITY_RESEARCH = 3,
  INTERDICT_PURPOSE_REGULATORY = 4,
  INTERDICT_PURPOSE_BUSINESS_CONTINUITY = 5
} interdict_purpose;

typedef enum interdict_rule_state {
  INTERDICT_RULE_STATE_UNSPECIFIED = 0,
  INTERDICT_RULE_STATE_PENDING = 1,    /* matched; allowed until next_step_at */
  INTERDICT_RULE_STATE_IN_FORCE = 2,   /* a step is in force */
  INTERDICT_RULE_STATE_EXEMPTED = 3,   /* in force, cancelled by exemption_id */
  INTERDICT_RULE_STATE_CONDITIONAL = 4 /* applies if the asset serves one of the rule's
                                          uses; the context stated none */
} interdict_rule_state;

/* ---------------------------------------------------------------------------------
 * Compiling
 * ------------------------------------------------------------------------------- */

typedef struct interdict_policy interdict_policy; /* immutable; share across threads */
typedef struct interdict_issues interdict_issues; /* immutable list of compile issues */

typedef enum interdict_format {
  INTERDICT_FORMAT_AUTO = 0, /* from the name: .json JSON, .binpb/.pb binary, else text */
  INTERDICT_FORMAT_TEXTPROTO = 1,
  INTERDICT_FORMAT_BINARY = 2,
  INTERDICT_FORMAT_JSON = 3
} interdict_format;

typedef enum interdict_source_kind {
  INTERDICT_SOURCE_FILE = 0,  /* read the regular file at `name` (at most 64 MiB) */
  INTERDICT_SOURCE_BYTES = 1  /* parse `contents`; `name` is what messages call it */
} interdict_source_kind;

/* One policy source. Several sources make one bundle, in order. */
typedef struct interdict_source {
  size_t struct_size;
  int32_t kind;   /* interdict_source_kind */
  int32_t format; /* interdict_format */
  interdict_str name;     /* the file's path; for bytes, the name messages give them */
  interdict_str contents; /* INTERDICT_SOURCE_BYTES only */
} interdict_source;
#define INTERDICT_SOURCE_INIT {.struct_size = sizeof(interdict_source)}

/* Flags of interdict_compile_options. */
/* Layer the sources on the bundled catalog (its entities and policies come first), as
 * an organisation adds its own exemptions and policies to the catalog. */
#define INTERDICT_COMPILE_ON_CATALOG 1u

typedef struct interdict_compile_options {
  size_t struct_size;
  uint32_t flags; /* INTERDICT_COMPILE_* bits */
  /* When set, warn about exemptions that have expired by this instant (compilation reads
   * no clock). */
  interdict_time now;
} interdict_compile_options;
#define INTERDICT_COMPILE_OPTIONS_INIT {.struct_size = sizeof(interdict_compile_options)}

/* Loads `sources` (count >= 1) into one bundle, on the bundled catalog if the options'
 * flags have INTERDICT_COMPILE_ON_CATALOG, and compiles it (`options` NULL: defaults).
 * On INTERDICT_OK, *policy is a new policy: free it with interdict_policy_free.
 * Every source is read before giving up, so that one call names every source that
 * cannot be loaded: INTERDICT_NOT_FOUND, INTERDICT_LOAD_ERROR or
 * INTERDICT_RESOURCE_EXHAUSTED (the first failure's), with every failure in the last
 * error ("name:line:col: path: problem" for text). Policies with errors give
 * INTERDICT_COMPILE_ERROR. `issues` may be NULL; otherwise *issues is set on every
 * return: the compile issues, errors and warnings, when compilation ran (on
 * INTERDICT_OK too: warnings), an empty list when loading failed, NULL when the
 * arguments were invalid or memory ran out. Thread-safe. */
INTERDICT_C_API interdict_status interdict_compile(const interdict_source* sources, size_t count,
                                                   const interdict_compile_options* options,
                                                   interdict_policy** policy,
                                                   interdict_issues** issues);

/* The bundled catalog of real bans, compiled when the library was built (the first call
 * builds its index). *policy is a new reference; free it with interdict_policy_free.
 * Thread-safe. */
INTERDICT_C_API interdict_status interdict_catalog(interdict_policy** policy);

/* The bundled catalog's version ("2026.12.1") and when its facts were last checked
 * ("YYYY-MM-DD"); static. Either pointer may be NULL. Thread-safe. */
INTERDICT_C_API interdict_status interdict_catalog_version(interdict_str* version,
                                                           interdict_str* facts_checked);

/* Frees a policy (NULL: nothing). Decisions and handles evaluated against it keep what
 * they need. */
INTERDICT_C_API void interdict_policy_free(interdict_policy* policy);

typedef enum interdict_severity {
  INTERDICT_SEVERITY_ERROR = 0,
  INTERDICT_SEVERITY_WARNING = 1
} interdict_severity;

/* One compile issue. The strings live in the issue list. */
typedef struct interdict_issue {
  size_t struct_size;
  int32_t severity; /* interdict_severity */
  /* Machine-readable, stable (interdict::CompileIssue::Code: 1 required, 2
   * invalid_value, ... 4 unknown_reference ...); branch on this, not on messages. */
  int32_t code;
  interdict_str code_name; /* "required", "invalid_value", "unknown_reference", ... */
  interdict_str file;      /* the source's name; empty when unknown */
  int32_t line;            /* 1-based; 0 when unknown (binary or JSON sources) */
  int32_t column;          /* 1-based; 0 when unknown */
  interdict_str path;      /* the field path: "policies[0].rules[1].select.product.regex" */
  interdict_str message;
  /* The whole line, as tools print it: "file:line:col: [warning: ]path: message". */
  interdict_str formatted;
} interdict_issue;
#define INTERDICT_ISSUE_INIT {.struct_size = sizeof(interdict_issue)}

/* Number of issues, in bundle order; 0 for NULL. */
INTERDICT_C_API size_t interdict_issues_count(const interdict_issues* issues);
/* Fills *issue (whose struct_size the caller sets) with issue `index`. */
INTERDICT_C_API interdict_status interdict_issues_get(const interdict_issues* issues, size_t index,
                                                      interdict_issue* issue);
/* Frees an issue list (NULL: nothing). */
INTERDICT_C_API void interdict_issues_free(interdict_issues* issues);

/* ---------------------------------------------------------------------------------
 * Serving with hot reload
 * ------------------------------------------------------------------------------- */

/* Holds the policy being served; replacing it never disturbs evaluations already
 * running, and no evaluation sees a half-built policy. Every function may be called
 * from any number of threads at once. */
typedef struct interdict_handle interdict_handle;

/* A new handle serving `initial` (not NULL; the handle takes its own reference). */
INTERDICT_C_API interdict_status interdict_handle_create(const interdict_policy* initial,
                                                         interdict_handle** handle);
/* Serves `next` (not NULL) from now on. */
INTERDICT_C_API interdict_status interdict_handle_replace(interdict_handle* handle,
                                                          const interdict_policy* next);
/* Compiles `sources` as interdict_compile does and serves the result; when that fails,
 * keeps serving the current policy and returns the failure, with the issues in *issues
 * (as interdict_compile sets them; `issues` may be NULL). */
INTERDICT_C_API interdict_status interdict_handle_reload(interdict_handle* handle,
                                                         const interdict_source* sources,
                                                         size_t count,
                                                         const interdict_compile_options* options,
                                                         interdict_issues** issues);
/* Frees a handle (NULL: nothing). Decisions evaluated through it keep what they need. */
INTERDICT_C_API void interdict_handle_free(interdict_handle* handle);

/* ---------------------------------------------------------------------------------
 * Evaluating
 * ------------------------------------------------------------------------------- */

/* A software artifact as an inventory sees it (interdict.v1.Artifact documents each
 * field). Every string is a view of the caller's memory; empty when unknown. */
typedef struct interdict_artifact {
  size_t struct_size;
  interdict_str name;    /* "Kaspersky Internet Security" */
  interdict_str vendor;  /* "AO Kaspersky Lab" */
  interdict_str version; /* "21.3.10.391" */
  interdict_str purl;    /* "pkg:deb/debian/kesl@12.0.0" */
  /* When the host first saw it; unset: at the evaluation instant. */
  interdict_time first_seen;
  interdict_str sha256;
  interdict_str sha1;
  interdict_str signer_subject;
  interdict_str certificate_thumbprint;
  interdict_str team_id;
  interdict_str signing_id;
  interdict_str bundle_id;
  interdict_str msi_product_code;
  interdict_str msi_upgrade_code;
  interdict_str install_path;
  interdict_str cpe;
  /* What it contains (an SBOM's nested components): `component_count` structs with this
   * struct's struct_size. Levels past 65 below the artifact are not examined (the
   * decision's protobuf form says so). */
  const struct interdict_artifact* components;
  size_t component_count;
} interdict_artifact;
#define INTERDICT_ARTIFACT_INIT {.struct_size = sizeof(interdict_artifact)}

/* Who is asking, about which action, when (interdict.v1.EvaluationContext). */
typedef struct interdict_context {
  size_t struct_size;
  interdict_time instant; /* required (is_set 1): evaluation reads no clock */
  int32_t action;         /* interdict_action, required */
  int32_t purpose;        /* interdict_purpose; UNSPECIFIED: not stated */
  /* Tags, lowercase with hyphens except jurisdictions (ISO 3166: "US", "US-TX"). */
  const interdict_str* jurisdictions;
  size_t jurisdiction_count;
  const interdict_str* organization_kinds; /* "federal-executive-agency" */
  size_t organization_kind_count;
  const interdict_str* asset_kinds;        /* "government-device" */
  size_t asset_kind_count;
  const interdict_str* uses;               /* "public-safety"; none: not stated */
  size_t use_count;
  interdict_str asset_id;
  interdict_str org_unit; /* '/'-separated path: "research/lab-2" */
} interdict_context;
#define INTERDICT_CONTEXT_INIT {.struct_size = sizeof(interdict_context)}

/* A reusable decision. Evaluating clears it and keeps its memory: once it has grown to
 * the largest decision and artifact seen, struct evaluations allocate nothing. One
 * thread at a time. */
typedef struct interdict_decision interdict_decision;

INTERDICT_C_API interdict_status interdict_decision_create(interdict_decision** decision);
/* Frees a decision (NULL: nothing). */
INTERDICT_C_API void interdict_decision_free(interdict_decision* decision);

/* Evaluates `artifact` in `context` against `policy` into `decision`. The strings are
 * read in place, not copied; the decision then views the artifact's strings (see
 * "Lifetimes"). No allocation in steady state. On failure the decision holds no result
 * (its accessors say INTERDICT_FAILED_PRECONDITION). */
INTERDICT_C_API interdict_status interdict_evaluate(const interdict_policy* policy,
                                                    const interdict_artifact* artifact,
                                                    const interdict_context* context,
                                                    interdict_decision* decision);
/* The same, from an interdict.v1.Artifact and an interdict.v1.EvaluationContext in the
 * protobuf JSON mapping ({"name": "...", "vendor": "..."} and {"instant":
 * "2024-10-01T00:00:00Z", "action": "UPDATE", "jurisdictions": ["US"]}). The decision
 * keeps its own copy of the artifact. Allocates. */
INTERDICT_C_API interdict_status interdict_evaluate_json(const interdict_policy* policy,
                                                         interdict_str artifact_json,
                                                         interdict_str context_json,
                                                         interdict_decision* decision);
/* The same, from the two messages serialized as protobuf binary. Allocates. */
INTERDICT_C_API interdict_status interdict_evaluate_proto(const interdict_policy* policy,
                                                          interdict_str artifact_proto,
                                                          interdict_str context_proto,
                                                          interdict_decision* decision);

/* The three evaluations against the policy `handle` serves at the call. The decision
 * remembers the policy it last took from the handle and takes it again only after a
 * replacement: in steady state this costs one atomic load more than interdict_evaluate
 * and takes no lock. */
INTERDICT_C_API interdict_status interdict_handle_evaluate(const interdict_handle* handle,
                                                           const interdict_artifact* artifact,
                                                           const interdict_context* context,
                                                           interdict_decision* decision);
INTERDICT_C_API interdict_status interdict_handle_evaluate_json(const interdict_handle* handle,
                                                                interdict_str artifact_json,
                                                                interdict_str context_json,
                                                                interdict_decision* decision);
INTERDICT_C_API interdict_status interdict_handle_evaluate_proto(const interdict_handle* handle,
                                                                 interdict_str artifact_proto,
                                                                 interdict_str context_proto,
                                                                 interdict_decision* decision);

/* ---------------------------------------------------------------------------------
 * Reading a decision
 *
 * Semantics as in policy/compiled_policy.h: the verdict is the most severe effective
 * verdict of the matches (ALLOW < WARN < DENY), ALLOW when nothing is in force; no match
 * at all differs from a PENDING match; matches are ordered by (policy id, rule id).
 * The accessors below other than explanation, JSON and protobuf allocate nothing.
 * ------------------------------------------------------------------------------- */

/* One rule that matched. Strings: see "Lifetimes". */
typedef struct interdict_match {
  size_t struct_size;
  interdict_str policy_id;     /* "us.bis.kaspersky.2024" */
  interdict_str rule_id;       /* "updates-and-resale" */
  interdict_str citation;      /* the policy's: "89 FR 52434" */
  interdict_str rule_citation; /* the rule's pinpoint citation; often empty */
  int32_t state;               /* interdict_rule_state */
  /* Effective verdict: ALLOW when PENDING or EXEMPTED, at most WARN when advisory or
   * CONDITIONAL. */
  int32_t verdict;
  /* The step in force (0-based) and its label ("remove"); -1 and empty when PENDING. */
  int32_t step_index;
  int32_t next_step_verdict;   /* interdict_verdict; UNSPECIFIED after the last step */
  interdict_str step_label;
  interdict_time in_force_since; /* unset when PENDING */
  interdict_time next_step_at;   /* unset after the last step */
  interdict_str exemption_id;    /* the exemption cancelling it, when EXEMPTED */
  /* When CONDITIONAL: the verdict if the asset serves one of the rule's uses. */
  int32_t verdict_if_used;
  /* When the rule matched a component: the number of names on the path from the
   * artifact down to it (interdict_decision_match_component); 0: the artifact itself. */
  size_t component_path_size;
} interdict_match;
#define INTERDICT_MATCH_INIT {.struct_size = sizeof(interdict_match)}

/* The verdict; INTERDICT_VERDICT_UNSPECIFIED for NULL or a decision with no result. */
INTERDICT_C_API interdict_verdict interdict_decision_verdict(const interdict_decision* decision);
/* Number of matched rules; 0 for NULL or a decision with no result. */
INTERDICT_C_API size_t interdict_decision_match_count(const interdict_decision* decision);
/* Fills *match (whose struct_size the caller sets) with match `index`. */
INTERDICT_C_API interdict_status interdict_decision_match(const interdict_decision* decision,
                                                          size_t index, interdict_match* match);
/* Name `index` of match `match`'s component path, the artifact's name first. */
INTERDICT_C_API interdict_status interdict_decision_match_component(
    const interdict_decision* decision, size_t match, size_t index, interdict_str* name);
/* The next instant at which the decision would change (a step begins, an exemption
 * starts or ends); unset (is_set 0) when it never does. */
INTERDICT_C_API interdict_status interdict_decision_next_change(const interdict_decision* decision,
                                                                interdict_time* next_change);
/* The entity the artifact belongs to ("kaspersky") and how it was found ("vendor",
 * "signer", "team_id 2Y8XE5CQ94", ...); both empty when none. Either may be NULL. */
INTERDICT_C_API interdict_status interdict_decision_vendor_entity(
    const interdict_decision* decision, interdict_str* entity, interdict_str* evidence);

/* One or two sentences for people: "DENY by us.bis.kaspersky.2024/updates-and-resale
 * (89 FR 52434) since 2024-09-29T04:00:00Z (...)." Built on the first call after an
 * evaluation, with the protobuf form below (allocates). */
INTERDICT_C_API interdict_status interdict_decision_explanation(interdict_decision* decision,
                                                                interdict_str* explanation);
/* The whole decision, interdict.v1.Decision, in the protobuf JSON mapping (with every
 * exemption outcome and artifact problem the accessors leave out). Owned by the
 * decision handle; built on the first call after an evaluation (allocates). */
INTERDICT_C_API interdict_status interdict_decision_json(interdict_decision* decision,
                                                         interdict_str* json);
/* The same, serialized as protobuf binary. */
INTERDICT_C_API interdict_status interdict_decision_proto(interdict_decision* decision,
                                                          interdict_str* proto);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* INTERDICT_C_INTERDICT_C_H_ */

/* A C host of an installed Interdict, built with the CMake target Interdict::interdict_c
 * or `pkg-config --cflags --libs interdict_c`: evaluates a Kaspersky product updating in
 * the US on 2025-01-01 against the bundled catalog. */
#include <stdio.h>

#include "c/interdict_c.h"

int main(void) {
  interdict_policy* policy = NULL;
  interdict_decision* decision = NULL;
  if (interdict_catalog(&policy) != INTERDICT_OK || interdict_decision_create(&decision) != INTERDICT_OK) {
    fprintf(stderr, "%s\n", interdict_last_error());
    return 1;
  }
  interdict_artifact artifact = INTERDICT_ARTIFACT_INIT;
  artifact.name = interdict_cstr("Kaspersky Internet Security");
  artifact.vendor = interdict_cstr("AO Kaspersky Lab");
  interdict_str us[] = {interdict_cstr("US")};
  interdict_context context = INTERDICT_CONTEXT_INIT;
  context.instant.seconds = 1735689600; /* 2025-01-01T00:00:00Z */
  context.instant.is_set = 1;
  context.action = INTERDICT_ACTION_UPDATE;
  context.jurisdictions = us;
  context.jurisdiction_count = 1;
  int status = 0;
  if (interdict_evaluate(policy, &artifact, &context, decision) != INTERDICT_OK) {
    fprintf(stderr, "%s\n", interdict_last_error());
    status = 1;
  } else {
    printf("interdict %s (C): %s\n", interdict_version()->library_version,
           interdict_decision_verdict(decision) == INTERDICT_VERDICT_DENY ? "DENY" : "not DENY");
  }
  interdict_decision_free(decision);
  interdict_policy_free(policy);
  return status;
}

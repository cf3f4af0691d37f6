#!/usr/bin/env bash
# End-to-end checks of the example hosts: the report on the bundled inventory, and the
# handling of bad inventories, bad flags and bad policies.
set -u
fail=0
check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS OUTPUT PATTERN...
  local name=$1 want=$2 got=$3 output=$4; shift 4
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit status $got, want $want"; echo "$output"; fail=1; return
  fi
  for pattern in "$@"; do
    if ! grep -qF -- "$pattern" <<<"$output"; then
      echo "FAIL $name: output lacks: $pattern"; echo "$output"; fail=1; return
    fi
  done
  echo "ok   $name"
}

policy=examples/policies/kaspersky.textproto
inventory=examples/inventories/fleet.jsonl

out=$(examples/minimal_host "$policy" 2>&1); status=$?
check minimal_host 0 $status "$out" "DENY" \
  "DENY by us.bis.kaspersky.2024/updates-and-resale (89 FR 52434) since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York)."

out=$(examples/check_inventory --policy=$policy --inventory=$inventory --at=2024-10-01T00:00:00Z 2>&1); status=$?
check report 0 $status "$out" \
  "Interdict report as of 2024-10-01T00:00:00Z: 10 artifacts on 5 assets, 1 policies, 3 rules, 1 exemptions" \
  "UPDATE: DENY by us.bis.kaspersky.2024/updates-and-resale (89 FR 52434) since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York)." \
  "UPDATE: ALLOW: no rule in force. Exempted: us.bis.kaspersky.2024/updates-and-resale (89 FR 52434) by exemption EX-2024-031." \
  "Summary (worst verdict over 2 actions): 2 DENY, 1 WARN, 7 ALLOW"
# The look-alike vendor and the UltraAV migration must not match.
if grep -E "^(build-7|fin-desktop-3 +UltraAV).*(WARN|DENY)" <<<"$out"; then
  echo "FAIL look-alikes matched"; fail=1
fi

out=$(examples/check_inventory --policy=$policy --inventory=$inventory --at=2024-09-01T00:00:00Z 2>&1); status=$?
check before_deadline 0 $status "$out" \
  "UPDATE: ALLOW: no rule in force. Pending: DENY by us.bis.kaspersky.2024/updates-and-resale (89 FR 52434) from 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York)." \
  "Summary (worst verdict over 2 actions): 0 DENY, 0 WARN, 10 ALLOW"

out=$(examples/check_inventory --policy=$policy --inventory=$inventory --at=2024-10-01T00:00:00Z --fail_on=deny 2>&1); status=$?
check fail_on_deny 3 $status "$out" "2 DENY"

out=$(examples/check_inventory --policy=$policy --inventory=examples/testdata/bad_inventory.jsonl --at=2024-10-01T00:00:00Z 2>&1); status=$?
check bad_records 1 $status "$out" \
  "examples/testdata/bad_inventory.jsonl:2: " \
  "examples/testdata/bad_inventory.jsonl:3: artifact.name: required" \
  "examples/testdata/bad_inventory.jsonl:4: " \
  "3 bad inventory records (see above)" \
  "Summary (worst verdict over 2 actions): 2 DENY"

out=$(examples/check_inventory --policy=$policy --inventory=$inventory --at=yesterday 2>&1); status=$?
check bad_at 1 $status "$out" '--at: "yesterday" is not RFC 3339'

out=$(examples/check_inventory --policy=$policy --inventory=$inventory --actions=RUN,DELETE 2>&1); status=$?
check bad_action 1 $status "$out" '--actions: unknown action "DELETE"'

out=$(examples/check_inventory --policy=tests/golden/invalid/exemptions.textproto --inventory=$inventory 2>&1); status=$?
check bad_policy 1 $status "$out" "exemptions.textproto:"

out=$(examples/check_inventory --policy=missing.textproto --inventory=$inventory 2>&1); status=$?
check missing_policy 1 $status "$out" "missing.textproto: cannot open"

# Entity identifiers, per-rule scope and use-limited coverage (us_federal.textproto).
federal=examples/policies/us_federal.textproto
federal_inventory=examples/inventories/federal.jsonl
out=$(examples/check_inventory --policy=$federal --inventory=$federal_inventory --at=2025-01-01T00:00:00Z \
  --organization_kinds=federal-executive-agency --actions=RUN,PROCURE 2>&1); status=$?
check federal_agency 0 $status "$out" \
  "vendor: kaspersky (by team_id 2Y8XE5CQ94)" \
  "vendor: kaspersky (by package pkg:deb/*/kesl)" \
  "vendor: kaspersky (by install_path_glob c:/program files*/kaspersky lab/**)" \
  "PROCURE: WARN: the context states no uses of the asset, and use-limited rules apply. Conditional: DENY by us.ndaa.889/part-a-video-surveillance" \
  "PROCURE: DENY by us.ndaa.889/part-a-huawei-zte" \
  "RUN: DENY by us.omb.m-23-13/agencies" \
  "Summary (worst verdict over 2 actions): 6 DENY, 1 WARN, 1 ALLOW"
out=$(examples/check_inventory --policy=$federal --inventory=$federal_inventory --at=2025-01-01T00:00:00Z \
  --organization_kinds=federal-contractor --actions=RUN --uses=physical-security-surveillance \
  --asset_kinds=contractor-incidental 2>&1); status=$?
check federal_contractor 0 $status "$out" \
  "RUN: DENY by us.ndaa.889/part-b-video-surveillance" \
  "RUN: DENY by us.ndaa.889/part-b-huawei-zte" \
  "Summary (worst verdict over 1 actions): 2 DENY, 0 WARN, 6 ALLOW"
out=$(examples/check_inventory --policy=$federal --inventory=$federal_inventory --at=2025-01-01T00:00:00Z \
  --organization_kinds=federal-contractor --actions=RUN --uses=office-printing 2>&1); status=$?
check federal_contractor_other_use 0 $status "$out" \
  "RUN: DENY by us.omb.m-23-13/contractors" \
  "Summary (worst verdict over 1 actions): 2 DENY, 0 WARN, 6 ALLOW"

exit $fail

#!/usr/bin/env bash
# End-to-end checks of the example hosts: the report on the example inventories, and
# that no bad input passes for a clean check: bad records, bad flags, bad policies, and
# policy or inventory paths that are no files (each an error, never "0 policies" or an
# empty inventory with exit 0).
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
host=examples/check_inventory

out=$(examples/minimal_host "$policy" 2>&1); status=$?
check minimal_host 0 $status "$out" "DENY" \
  "DENY by us.bis.kaspersky.2024/updates-and-resale (89 FR 52434) since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York)."

out=$($host --policy=$policy --inventory=$inventory --at=2024-10-01T00:00:00Z 2>&1); status=$?
check report 0 $status "$out" \
  "Interdict check as of 2024-10-01T00:00:00Z: 1 policies, 3 rules" \
  "hr-laptop-14  Kaspersky Internet Security 21.3.10.391  UPDATE: DENY by us.bis.kaspersky.2024/updates-and-resale (89 FR 52434) since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York)." \
  "malware-lab-1  Kaspersky Anti-Virus 21.3.10.391  RUN: WARN by us.bis.kaspersky.2024/continued-use" \
  "Summary (worst verdict over 2 actions): 2 DENY, 1 WARN, 7 ALLOW"
# Only what is not allowed is listed: not the exempted update of malware-lab-1, nor the
# look-alike vendor and the UltraAV migration.
if grep -E "malware-lab-1 .*UPDATE|^build-7|UltraAV" <<<"$out"; then
  echo "FAIL report: an allowed artifact is listed"; fail=1
fi

out=$($host --policy=$policy --inventory=$inventory --at=2024-09-01T00:00:00Z 2>&1); status=$?
check before_deadline 0 $status "$out" "Summary (worst verdict over 2 actions): 0 DENY, 0 WARN, 10 ALLOW"

out=$($host --policy=$policy --inventory=$inventory --at=2024-10-01T00:00:00Z --fail_on=deny 2>&1); status=$?
check fail_on_deny 3 $status "$out" "2 DENY"

# Without --policy: the bundled catalog, on an inventory of any format.
out=$($host --inventory=examples/inventories/appliance.cdx.json --at=2025-06-01T00:00:00Z --fail_on=deny 2>&1)
status=$?
check catalog_sbom 3 $status "$out" "Interdict check as of 2025-06-01T00:00:00Z: 20 policies" \
  "examples/inventories/appliance.cdx.json  Acme Secure Gateway 9.5  UPDATE: DENY by us.bis.kaspersky.2024/updates-and-resale"

out=$($host --policy=$policy --inventory=examples/testdata/bad_inventory.jsonl --at=2024-10-01T00:00:00Z 2>&1); status=$?
check bad_records 2 $status "$out" \
  "examples/testdata/bad_inventory.jsonl:2: record 1: " \
  "examples/testdata/bad_inventory.jsonl:3: record 2: artifact.name: required" \
  "examples/testdata/bad_inventory.jsonl:4: record 3: " \
  "Summary (worst verdict over 2 actions): 2 DENY, 0 WARN, 0 ALLOW; input errors (see standard error)"

# A line over the limit (16 MiB) is reported and skipped, never held; the next is read.
long="$TEST_TMPDIR/long.jsonl"
{ printf '{"assetId": "a", "artifact": {"name": "'; head -c 17000000 /dev/zero | tr '\0' x; printf '"}}\n'
  echo '{"assetId": "b", "artifact": {"name": "Kaspersky Free", "vendor": "AO Kaspersky Lab"}}'; } > "$long"
out=$($host --policy=$policy --inventory="$long" --at=2024-10-01T00:00:00Z 2>&1); status=$?
check long_line 2 $status "$out" "long.jsonl:1: record 0: line longer than 16777216 bytes: skipped" \
  "b  Kaspersky Free  UPDATE: DENY" "Summary (worst verdict over 2 actions): 1 DENY"

out=$($host --policy=$policy --inventory=$inventory --at=yesterday 2>&1); status=$?
check bad_at 2 $status "$out" '--at: "yesterday" is not RFC 3339'

out=$($host --policy=$policy --inventory=$inventory --actions=RUN,DELETE 2>&1); status=$?
check bad_action 2 $status "$out" '--actions: unknown action "DELETE"'

out=$($host --policy=$policy --inventory=$inventory --actions= --fail_on=deny 2>&1); status=$?
check empty_actions 2 $status "$out" "--actions: empty"

out=$($host --policy=$policy --inventory=$inventory --jurisdictions= --fail_on=deny 2>&1); status=$?
check empty_jurisdictions 2 $status "$out" "--jurisdictions: empty"

out=$($host --policy=$policy --inventory=$inventory --fail_on=deny --fail_on=never 2>&1); status=$?
check flag_twice 2 $status "$out" "--fail_on: given twice"

out=$($host --policy=$policy --inventory=$inventory --frobnicate=1 2>&1); status=$?
check unknown_flag 2 $status "$out" 'unknown argument "--frobnicate=1"'

out=$($host --policy=tests/golden/invalid/exemptions.textproto --inventory=$inventory 2>&1); status=$?
check bad_policy 1 $status "$out" "exemptions.textproto:"

out=$($host --policy=missing.textproto --inventory=$inventory 2>&1); status=$?
check missing_policy 1 $status "$out" "missing.textproto: cannot open"

# What is no policy file or no inventory fails, whatever --fail_on says. The FIFOs have
# no writer: opening one would wait forever, hence the timeouts.
hostile="$TEST_TMPDIR/hostile"
rm -rf "$hostile" && mkdir -p "$hostile/dir" && mkfifo "$hostile/fifo" && : > "$hostile/empty.textproto"
printf 'entities { id: "acme" name: "Acme" }\n' > "$hostile/entities.textproto"
for case in "policy_directory 1 $hostile/dir: is a directory, not a policy file|--policy=$hostile/dir" \
            "policy_empty 1 $hostile/empty.textproto: holds no policies|--policy=$hostile/empty.textproto" \
            "policy_entities_only 1 the policy files hold no policies|--policy=$hostile/entities.textproto" \
            "policy_fifo 1 $hostile/fifo: is a FIFO (named pipe), not a policy file|--policy=$hostile/fifo" \
            "policy_device 1 /dev/zero: is a character device, not a policy file|--policy=/dev/zero" \
            "inventory_directory 2 $hostile/dir: is a directory, not an inventory|--inventory=$hostile/dir" \
            "inventory_unreadable 2 /proc/self/mem: read error after 0 bytes|--inventory=/proc/self/mem"; do
  read -r name want message <<<"${case%%|*}"
  flag=${case#*|}
  case $flag in
    --policy=*) args=("$flag" --inventory=$inventory) ;;
    *) args=(--policy=$policy "$flag") ;;
  esac
  out=$(timeout 20 $host "${args[@]}" --at=2024-10-01T00:00:00Z --fail_on=deny 2>&1); status=$?
  check "$name" "$want" $status "$out" "$message"
done

# Entity identifiers, per-rule scope and use-limited coverage (us_federal.textproto).
federal=examples/policies/us_federal.textproto
federal_inventory=examples/inventories/federal.jsonl
out=$($host --policy=$federal --inventory=$federal_inventory --at=2025-01-01T00:00:00Z \
  --organization_kinds=federal-executive-agency --actions=RUN,PROCURE 2>&1); status=$?
check federal_agency 0 $status "$out" \
  "[kaspersky by team_id 2Y8XE5CQ94]" \
  "[kaspersky by package pkg:deb/*/kesl]" \
  "[kaspersky by install_path_glob c:/program files*/kaspersky lab/**]" \
  "PROCURE: WARN: the context states no uses of the asset, and use-limited rules apply. Conditional: DENY by us.ndaa.889/part-a-video-surveillance" \
  "PROCURE: DENY by us.ndaa.889/part-a-huawei-zte" \
  "RUN: DENY by us.omb.m-23-13/agencies" \
  "Summary (worst verdict over 2 actions): 6 DENY, 1 WARN, 1 ALLOW"
out=$($host --policy=$federal --inventory=$federal_inventory --at=2025-01-01T00:00:00Z \
  --organization_kinds=federal-contractor --actions=RUN --uses=physical-security-surveillance \
  --asset_kinds=contractor-incidental 2>&1); status=$?
check federal_contractor 0 $status "$out" \
  "RUN: DENY by us.ndaa.889/part-b-video-surveillance" \
  "RUN: DENY by us.ndaa.889/part-b-huawei-zte" \
  "Summary (worst verdict over 1 actions): 2 DENY, 0 WARN, 6 ALLOW"
out=$($host --policy=$federal --inventory=$federal_inventory --at=2025-01-01T00:00:00Z \
  --organization_kinds=federal-contractor --actions=RUN --uses=office-printing 2>&1); status=$?
check federal_contractor_other_use 0 $status "$out" \
  "RUN: DENY by us.omb.m-23-13/contractors" \
  "Summary (worst verdict over 1 actions): 2 DENY, 0 WARN, 6 ALLOW"

exit $fail

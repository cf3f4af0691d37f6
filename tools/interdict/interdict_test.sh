#!/usr/bin/env bash
# End-to-end tests of the interdict command: every command and output against golden
# files (tools/interdict/testdata/*.expected, reviewed by hand), and every error path
# with its exit code. Regenerate a golden: run the command line shown on failure.
set -u
fail=0
interdict=tools/interdict/interdict
inventories=(examples/inventories/appliance.cdx.json examples/inventories/kiosk-image.spdx.json
             examples/inventories/osquery-linux.log examples/inventories/osquery-macos.log
             examples/inventories/osquery-windows.json)
context=(--at=2025-06-01T00:00:00Z --jurisdiction=US --org-kind=federal-executive-agency
         --action=RUN --action=UPDATE)

golden() {  # golden NAME EXPECTED_STATUS COMMAND...
  local name=$1 want=$2; shift 2
  local out status
  out=$("$@" 2>&1); status=$?
  if [ "$status" != "$want" ]; then echo "FAIL $name: exit $status, want $want"; echo "$out"; fail=1; return; fi
  if ! diff -u "tools/interdict/testdata/$name.expected" <(printf '%s\n' "$out") >/tmp/interdict_diff 2>&1; then
    echo "FAIL $name: output differs from tools/interdict/testdata/$name.expected:"; cat /tmp/interdict_diff
    echo "command: $*"; fail=1; return
  fi
  echo "ok   $name"
}

expect() {  # expect NAME EXPECTED_STATUS PATTERN COMMAND...
  local name=$1 want=$2 pattern=$3; shift 3
  local out status
  out=$("$@" 2>&1); status=$?
  if [ "$status" != "$want" ]; then echo "FAIL $name: exit $status, want $want"; echo "$out"; fail=1; return; fi
  if ! grep -qF -- "$pattern" <<<"$out"; then echo "FAIL $name: output lacks: $pattern"; echo "$out"; fail=1; return; fi
  echo "ok   $name"
}

golden check_table 0 $interdict check "${context[@]}" "${inventories[@]}"
golden check_summary 0 $interdict check "${context[@]}" --output=summary "${inventories[@]}"
golden check_texas 0 $interdict check --at=2025-06-01T00:00:00Z --jurisdiction=US,US-TX --org-kind=state-agency \
  --action=RUN examples/inventories/kiosk-image.spdx.json
golden timeline_contractor 0 $interdict timeline --at=2023-01-01T00:00:00Z --org-kind=federal-contractor \
  --action=RUN examples/inventories/osquery-windows.json
golden timeline_australia 0 $interdict timeline --at=2025-01-01T00:00:00Z --jurisdiction=AU \
  --org-kind=non-corporate-commonwealth-entity --action=RUN --action=INSTALL "${inventories[@]}"
expect timeline_nothing 0 "Nothing changes for these artifacts after 2026-01-01T00:00:00Z." \
  $interdict timeline --at=2026-01-01T00:00:00Z examples/inventories/osquery-linux.log
expect timeline_no_inventory 2 "interdict timeline: no inventory given" $interdict timeline
golden diff_org_policy 0 $interdict diff --after=tools/interdict/testdata/org_policy.textproto \
  --at=2025-06-01T00:00:00Z --org-kind=federal-executive-agency --action=RUN \
  examples/inventories/osquery-macos.log examples/inventories/osquery-windows.json
expect diff_same 0 "0 of 14 artifact-actions differ" $interdict diff --before=examples/policies/us_federal.textproto \
  --after=examples/policies/us_federal.textproto --no-catalog --at=2025-06-01T00:00:00Z --action=RUN,UPDATE \
  examples/inventories/osquery-windows.json
expect diff_no_policies 2 "give the policy files that differ" $interdict diff examples/inventories/osquery-windows.json
golden check_jsonl_linux 0 $interdict check --at=2025-06-01T00:00:00Z --org-kind=federal-executive-agency \
  --action=RUN --output=jsonl examples/inventories/osquery-linux.log
# The progress line appears when standard error is a terminal (script gives it one).
expect progress 0 "20000 records" sh -c "awk 'BEGIN { for (i = 0; i < 25000; ++i) \
  printf \"{\\\"assetId\\\": \\\"h%d\\\", \\\"artifact\\\": {\\\"name\\\": \\\"p%d\\\"}}\\n\", i % 7, i }' \
  > \"\$TEST_TMPDIR/many.jsonl\"; script -qec \"$interdict check --output=summary \$TEST_TMPDIR/many.jsonl\" /dev/null"
agency_inventories=(examples/inventories/osquery-windows.json examples/inventories/osquery-linux.log
                    examples/inventories/osquery-macos.log examples/inventories/appliance.cdx.json
                    examples/inventories/kiosk-image.spdx.json)
golden check_html 0 $interdict check --at=2025-06-01T00:00:00Z --jurisdiction=US --org-kind=federal-executive-agency \
  --action=RUN --action=UPDATE --policy=examples/policies/example_agency.textproto --output=html "${agency_inventories[@]}"
golden check_fleet_jsonl 0 $interdict check --at=2025-06-01T00:00:00Z --org-kind=federal-executive-agency \
  --action=RUN,INSTALL examples/inventories/fleet.jsonl
golden check_jsonl_spdx 0 $interdict check --at=2025-06-01T00:00:00Z --org-kind=federal-executive-agency --action=RUN \
  --output=jsonl examples/inventories/kiosk-image.spdx.json
golden timeline_agency 0 $interdict timeline --at=2024-06-01T00:00:00Z --org-kind=federal-executive-agency \
  --action=RUN,UPDATE --policy=examples/policies/example_agency.textproto examples/inventories/fleet.jsonl \
  examples/inventories/kiosk-image.spdx.json examples/inventories/osquery-macos.log
golden lint_static_checks 0 $interdict lint --no-catalog tests/golden/invalid/static_checks.textproto
golden test_exemptions 0 $interdict test policy/catalog/testdata/us.omb.m-23-13.exemptions.textproto
golden catalog 0 $interdict catalog
golden explain_component 0 $interdict explain --at=2025-06-01T00:00:00Z --org-kind=federal-executive-agency --action=RUN \
  --policy=examples/policies/example_agency.textproto --artifact='{"name":"Kiosk image","components":[{"name":"DeepSeek",
  "vendor":"DeepSeek","version":"1.0.8"},{"name":"DeepSeeker Notes","vendor":"DeepSeeker Labs"}]}'
golden explain_team_id 0 $interdict explain --at=2025-06-01T00:00:00Z --org-kind=federal-executive-agency \
  --action=RUN,UPDATE --artifact='{"name":"Kaspersky Security Cloud","teamId":"2Y8XE5CQ94","version":"21.3"}'
golden explain_pending 0 $interdict explain --at=2023-04-01T00:00:00Z --org-kind=federal-contractor --action=RUN \
  --name=TikTok --vendor="TikTok Pte. Ltd."
golden explain_exemptions 0 $interdict explain --at=2023-06-01T00:00:00Z --org-kind=federal-executive-agency \
  --action=RUN --asset=test-lab-1 --purpose=NATIONAL_SECURITY --name=TikTok --vendor=TikTok \
  --policy=policy/catalog/testdata/us.omb.m-23-13.exemptions.textproto
expect explain_no_name 2 "the artifact needs a name" $interdict explain --vendor=Kaspersky
expect explain_bad_json 2 "--artifact: not an Artifact" $interdict explain --artifact='{"nom": 1}'
expect check_jsonl 0 '"asset":"mac-fin-07","action":"RUN","artifact":{"name":"Kaspersky Security Cloud"' \
  $interdict check "${context[@]}" --output=jsonl examples/inventories/osquery-macos.log
expect check_stdin 0 "Summary: 4 artifacts on 1 hosts" \
  sh -c "$interdict check ${context[*]} --output=summary - < examples/inventories/osquery-linux.log"
expect fail_on_deny 3 "Summary:" $interdict check "${context[@]}" --fail-on=deny "${inventories[@]}"
expect fail_on_warn_clean 0 "0 DENY, 0 WARN" $interdict check "${context[@]}" --fail-on=warn \
  --output=summary policy/inventory/testdata/cyclonedx/cyclonedx-npm-6.0.1.cdx.json
expect ignored_query 0 'interdict: note: policy/inventory/testdata/osquery/linux_results.log:6: query "pack_monitoring_listening_ports": 1 row ignored: not a software inventory table (columns: address, pid, port, protocol)' \
  $interdict check "${context[@]}" --output=summary policy/inventory/testdata/osquery/linux_results.log
expect no_inventory_rows 2 "linux_processes.json: no software inventory rows: 2 rows of queries over other tables, ignored" \
  $interdict check "${context[@]}" --output=summary policy/inventory/testdata/osquery/linux_processes.json
expect bad_records 2 "-:2: record 1: columns.name: required" sh -c "printf '%s\n' \
  '{\"name\":\"pack_monitoring_listening_ports\",\"hostIdentifier\":\"h\",\"columns\":{\"address\":\"0.0.0.0\",\"pid\":\"812\",\"port\":\"22\",\"protocol\":\"6\"},\"action\":\"added\"}' \
  '{\"name\":\"pack_inventory_deb_packages\",\"hostIdentifier\":\"h\",\"columns\":{\"maintainer\":\"K\",\"version\":\"1\"},\"action\":\"added\"}' \
  | $interdict check ${context[*]} --output=summary -"
expect truncated 2 "not a complete JSON document (truncated or malformed)" \
  sh -c "head -c 700 examples/inventories/appliance.cdx.json > \"\$TEST_TMPDIR/t.json\"; $interdict check ${context[*]} \"\$TEST_TMPDIR/t.json\""
expect directory 2 "examples/inventories: is a directory, not an inventory" $interdict check "${context[@]}" examples/inventories
expect missing 2 "no/such.json: cannot open" $interdict check "${context[@]}" no/such.json
expect no_inventory 2 "interdict check: no inventory given" $interdict check "${context[@]}"
expect unknown_flag 2 "interdict check: unknown flag --frobnicate" $interdict check --frobnicate x.json
expect bad_at 2 '--at: "yesterday" is not RFC 3339' $interdict check --at=yesterday x.json
expect bad_action 2 '--action: unknown action "DELETE"' $interdict check --action=DELETE x.json
expect empty_action 2 '--action: empty' $interdict check --action= x.json
expect bad_output 2 '--output: "pdf" is not table, jsonl, summary or html' $interdict check --output=pdf x.json
expect bad_format 2 'unknown inventory format "csv"' $interdict check --format=csv x.json
expect bad_policy 1 "error: exemptions[3].valid.from.zone: unknown time zone" \
  $interdict check --policy=tests/golden/invalid/exemptions.textproto "${inventories[@]}"
expect missing_policy 1 "missing.textproto: cannot open" $interdict check --policy=missing.textproto "${inventories[@]}"
expect no_policy 1 "no policy: give --policy FILE or drop --no-catalog" $interdict check --no-catalog "${inventories[@]}"
# Hostile inputs never fail open (issue 15): what cannot be read is an error, never an
# empty policy or inventory. The FIFOs have no writer: a command that opened one would
# wait forever, so those run under timeout (exit 124 then fails the check).
hostile="$TEST_TMPDIR/hostile"
rm -rf "$hostile" && mkdir -p "$hostile/dir" && mkfifo "$hostile/fifo" && : > "$hostile/empty.textproto"
printf 'entities { id: "acme" name: "Acme" }\n' > "$hostile/entities.textproto"
expect policy_directory 1 "$hostile/dir: is a directory, not a policy file" \
  $interdict check --policy="$hostile/dir" "${inventories[@]}"
expect policy_empty 1 "$hostile/empty.textproto: holds no policies, entities, exemptions or policy tests" \
  $interdict check --policy="$hostile/empty.textproto" "${inventories[@]}"
expect policy_fifo 1 "$hostile/fifo: is a FIFO (named pipe), not a policy file" \
  timeout 20 $interdict check --policy="$hostile/fifo" "${inventories[@]}"
expect policy_dev_zero 1 "/dev/zero: is a character device, not a policy file" \
  $interdict check --policy=/dev/zero "${inventories[@]}"
expect policy_entities_only 1 "no policy in the policy files (1 file)" \
  $interdict check --no-catalog --policy="$hostile/entities.textproto" "${inventories[@]}"
expect lint_entities_only 0 "1 file: 0 policies, 0 rules; 0 errors, 0 warnings" \
  $interdict lint --no-catalog "$hostile/entities.textproto"
expect inventory_pipe 0 "Summary: 4 artifacts on 1 hosts" \
  timeout 20 bash -c "$interdict check ${context[*]} --output=summary <(cat examples/inventories/osquery-linux.log)"
expect inventory_device 2 "/dev/zero: is a character device, not an inventory" $interdict check "${context[@]}" /dev/zero
expect inventory_unreadable 2 "/proc/self/mem: read error after 0 bytes" $interdict check "${context[@]}" /proc/self/mem
expect stdin_read_error 2 "-: read error after 0 bytes" \
  sh -c "$interdict check ${context[*]} --output=summary - < \"$hostile/dir\""
expect inventory_byte_order_mark 0 "Summary: 7 artifacts on 1 hosts" \
  sh -c "printf '\357\273\277' > \"$hostile/bom.json\"; cat examples/inventories/osquery-windows.json >> \"$hostile/bom.json\";
         $interdict check ${context[*]} --output=summary \"$hostile/bom.json\""
expect duplicate_key 2 '-:1: record 0: artifact: duplicate key "name"' sh -c "printf '%s\n' \
  '{\"assetId\": \"h\", \"artifact\": {\"name\": \"Kaspersky Anti-Virus\", \"name\": \"Notepad\"}}' \
  | $interdict check ${context[*]} --output=summary -"
expect empty_jurisdiction 2 "--jurisdiction: empty value" $interdict check --jurisdiction= x.json
expect empty_at 2 "--at: empty value" $interdict check --at= x.json
expect twice_at 2 '--at: given twice ("2025-01-01T00:00:00Z" and "2025-02-01T00:00:00Z")' \
  $interdict check --at=2025-01-01T00:00:00Z --at=2025-02-01T00:00:00Z x.json
expect twice_output 2 "--output: given twice" $interdict check --output=table --output=jsonl x.json
expect twice_fail_on 2 "--fail-on: given twice" $interdict check --fail-on=deny --fail-on=never x.json
expect twice_format 2 "--format: given twice" $interdict check --format=jsonl --format=osquery x.json
expect twice_context 2 "--context: given twice" $interdict check --context=a.json --context=b.json x.json
expect context_device 2 "--context: /dev/zero: cannot open, or not a regular file" \
  $interdict check --context=/dev/zero x.json
expect lint_ok 0 "1 file: 3 policies, 7 rules; 0 errors, 0 warnings" \
  $interdict lint examples/policies/us_federal.textproto --no-catalog
expect lint_layered 0 "bundled catalog 2026.12.1 (facts checked 2026-12-01) + 1 file: 20 policies" \
  $interdict lint policy/catalog/testdata/us.omb.m-23-13.exemptions.textproto
expect lint_errors 1 "tests/golden/invalid/duplicate_ids.textproto:3:12: error: entities[1].id: duplicate entity id" \
  $interdict lint --no-catalog tests/golden/invalid/duplicate_ids.textproto
expect lint_warnings 0 "warning: policies[0].rules[0].steps[0].verdict: DENY in an ADVISORY policy" \
  $interdict lint --no-catalog tests/golden/invalid/static_checks.textproto
expect test_catalog 0 "expectations" $interdict test policy/catalog/testdata/us.omb.m-23-13.exemptions.textproto
expect catalog 0 "| \`us.omb.m-23-13\`<br>" $interdict catalog
expect context_file 0 "Context: jurisdictions US, US-TX; organisation kinds state-agency" \
  sh -c "printf '{\"jurisdictions\": [\"US\", \"US-TX\"], \"organizationKinds\": [\"state-agency\"]}' > \"\$TEST_TMPDIR/c.json\";
         $interdict check --at=2025-06-01T00:00:00Z --context=\"\$TEST_TMPDIR/c.json\" --action=RUN examples/inventories/kiosk-image.spdx.json"
expect bad_context 2 "--context: " \
  sh -c "printf '{\"jurisdiction\": 1}' > \"\$TEST_TMPDIR/b.json\"; $interdict check --context=\"\$TEST_TMPDIR/b.json\" x.json"
expect bad_purpose 2 '--purpose: unknown purpose "FUN"' $interdict check --purpose=FUN x.json
expect unknown_command 2 'interdict: unknown command "frob"' $interdict frob
exit $fail

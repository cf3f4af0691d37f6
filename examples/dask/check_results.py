"""Checks fleet_job.py's output against a direct, single-process evaluation (for fleet_job_test.sh).

    check_results.py INVENTORY_DIR OUTPUT_DIR WORKERS

Reads every partition again with `interdict.read_inventory` (the library's reader),
evaluates all the rows in one `evaluate_batch` call with the context the job recorded in
summary.json, and checks that:
- every line of the inventory is accounted for: rows evaluated plus bad records equal
  the generator's manifest, and each bad record is reported at its file and line;
- each host's verdict counts, worst verdict and WARN/DENY findings (line, verdict, rule,
  citation, next change) equal the direct evaluation's, and no host is missing or extra;
- known banned products have the expected verdict and rule (run, US federal agency);
- every worker compiled the policy exactly once, and there were WORKERS of them;
- the summary's totals agree with each other and with the per-host results.
Prints what it checked; exits 1 with every failure listed.
"""

import collections
import datetime
import json
import pathlib
import sys

import interdict

# (artifact field, value) -> (verdict, rule) under action run for a US federal executive agency.
KNOWN = {
    ("vendor", "AO Kaspersky Lab"): ("DENY", "us.dhs.bod-17-01/identify-and-remove"),
    ("purl", "pkg:deb/kaspersky/kesl@12.1.0.1297?arch=amd64"): ("DENY", "us.dhs.bod-17-01/identify-and-remove"),
    ("team_id", "2Y8XE5CQ94"): ("DENY", "us.dhs.bod-17-01/identify-and-remove"),
    ("vendor", "TikTok Pte. Ltd."): ("DENY", "us.omb.m-23-13/agencies"),
    ("vendor", "Google LLC"): ("ALLOW", None),
}
COLUMNS = ["name", "vendor", "version", "purl", "sha256", "sha1", "signer_subject", "certificate_thumbprint",
           "team_id", "signing_id", "bundle_id", "msi_product_code", "msi_upgrade_code", "install_path", "cpe"]


def iso(instant):
    return instant.isoformat().replace("+00:00", "Z") if instant is not None else None


def main():
    inventory, output, workers = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
    manifest = json.loads((inventory / "manifest.json").read_text(encoding="utf-8"))
    summary = json.loads((output / "summary.json").read_text(encoding="utf-8"))
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    # The direct evaluation: the library's reader, one evaluate_batch over every row.
    rows, problems = [], []
    for entry in manifest["files"]:
        reader = interdict.read_inventory(inventory / entry["file"], "jsonl", errors="skip")
        rows.extend((entry["file"], record) for record in reader)
        problems.extend((entry["file"], p.line) for p in reader.problems)
    columns = {c: [r.artifact.get(c) for _, r in rows] for c in COLUMNS}
    context = dict(summary["context"])
    context["at"] = datetime.datetime.fromisoformat(context["at"].replace("Z", "+00:00"))
    result = interdict.catalog().evaluate_batch(**columns, asset_id=[r.asset_id for _, r in rows],
                                                org_unit=[r.org_unit for _, r in rows], **context)
    expected = collections.defaultdict(lambda: {"verdicts": collections.Counter(), "findings": []})
    for i, (file, record) in enumerate(rows):
        verdict = result["verdict"][i].value
        host = expected[(file, record.asset_id)]
        host["verdicts"][verdict] += 1
        if verdict != "ALLOW":
            host["findings"].append((record.line, verdict, f"{result['policy_id'][i]}/{result['rule_id'][i]}",
                                     result["citation"][i], iso(result["next_change"][i])))

    # Every line accounted for.
    check(summary["rows"] == len(rows), f"rows: job {summary['rows']}, direct {len(rows)}")
    check(summary["rows"] + summary["bad_records"] == manifest["rows"],
          f"rows {summary['rows']} + bad records {summary['bad_records']} != lines {manifest['rows']}")
    reported = set()
    for path in sorted((output / "results").glob("*.problems.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            problem = json.loads(line)
            reported.add((pathlib.Path(problem["file"]).name, problem["line"]))
    planted = {(b["file"], b["line"]) for b in manifest["bad_records"]}
    check(reported == planted == set(problems), f"bad records: reported {sorted(reported)}, planted {sorted(planted)}, "
                                                f"library {sorted(problems)}")

    # Per host, against the direct evaluation.
    got, findings_by_key = {}, collections.defaultdict(set)
    for entry in manifest["files"]:
        path = output / "results" / entry["file"]
        check(path.exists(), f"{path}: missing")
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            host = json.loads(line)
            key = (entry["file"], host["host"])
            check(key not in got, f"{key}: reported twice")
            got[key] = host
            for f in host["findings"]:
                for field, value in f.items():
                    findings_by_key[(field, value)].add((f["verdict"], f["rule"]))
    check(set(got) == set(expected), f"hosts: {len(set(got) ^ set(expected))} differ")
    for key in set(got) & set(expected):
        host, want = got[key], expected[key]
        counts = {v: n for v, n in host["verdicts"].items() if n}
        check(counts == dict(want["verdicts"]), f"{key}: verdicts {counts}, direct {dict(want['verdicts'])}")
        check(host["rows"] == sum(want["verdicts"].values()), f"{key}: rows {host['rows']}")
        worst = "DENY" if want["verdicts"]["DENY"] else "WARN" if want["verdicts"]["WARN"] else "ALLOW"
        check(host["verdict"] == worst, f"{key}: verdict {host['verdict']}, direct {worst}")
        findings = [(f["line"], f["verdict"], f["rule"], f["citation"], f["next_change"]) for f in host["findings"]]
        check(findings == want["findings"], f"{key}: findings differ from the direct evaluation")
    denied_hosts = sum(1 for w in expected.values() if w["verdicts"]["DENY"])

    # Known products (for the default context only: run, US federal executive agency).
    if (context["action"], context["jurisdictions"], context["organization_kinds"]) == (
            "run", ["US"], ["federal-executive-agency"]):
        for (field, value), (verdict, rule) in KNOWN.items():
            hits = [i for i, (_, r) in enumerate(rows) if r.artifact.get(field) == value]
            check(hits, f"no row with {field} {value!r} in the inventory")
            for i in hits:
                check(result["verdict"][i].value == verdict, f"{field} {value!r}: direct {result['verdict'][i]}")
            if verdict == "ALLOW":
                check((field, value) not in findings_by_key, f"{field} {value!r}: reported as a finding")
            else:
                check(findings_by_key[(field, value)] == {(verdict, rule)},
                      f"{field} {value!r}: job {findings_by_key[(field, value)]}, expected {(verdict, rule)}")

    # Compiled once per worker.
    compiles = {address: w["compiles"] for address, w in summary["workers"].items()}
    check(len(compiles) == workers, f"workers: {len(compiles)}, expected {workers}")
    check(all(n == 1 for n in compiles.values()), f"compiles per worker: {compiles}")
    check(summary["compiles"] == workers, f"compiles: {summary['compiles']}, expected {workers}")

    # The summary agrees with itself and with the results.
    verdicts = collections.Counter(result["verdict"][i].value for i in range(len(rows)))
    check(summary["verdicts"] == {v: n for v, n in verdicts.items() if n},
          f"summary verdicts {summary['verdicts']}, direct {dict(verdicts)}")
    check(summary["hosts"] == len(expected), f"summary hosts {summary['hosts']}, direct {len(expected)}")
    check(sum(summary["hosts_by_verdict"].values()) == summary["hosts"], "hosts_by_verdict does not add up")
    check(summary["hosts_by_verdict"].get("DENY", 0) == denied_hosts,
          f"hosts with a DENY: {summary['hosts_by_verdict'].get('DENY', 0)}, direct {denied_hosts}")
    rule_counts = collections.Counter()
    for want in expected.values():
        for _, verdict, rule, _, _ in want["findings"]:
            rule_counts[(rule, verdict)] += 1
    summary_rules = {(rule, v): n for rule, counts in summary["rules"].items() for v, n in counts.items()}
    check(summary_rules == dict(rule_counts), f"rules {summary_rules}, direct {dict(rule_counts)}")
    check(sum(w["rows"] for w in summary["workers"].values()) == summary["rows"], "per-worker rows do not add up")
    check(sum(w["tasks"] for w in summary["workers"].values()) == manifest["partitions"] == summary["partitions"],
          "one task per partition")
    check(summary["rows_per_second"] > 0 and summary["elapsed_seconds"] > 0, "no throughput")
    check(all(w["peak_rss_kib"] > 0 for w in summary["workers"].values()), "no worker memory")

    print(f"{len(rows):,} rows, {len(expected):,} hosts ({denied_hosts:,} with a DENY), "
          f"{len(problems)} bad records, {len(compiles)} workers compiling {sorted(compiles.values())} times, "
          f"readers {summary['readers']}: {len(failures)} failures")
    for failure in failures[:50]:
        print("FAIL:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

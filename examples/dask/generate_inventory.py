"""Writes a partitioned fleet inventory for fleet_job.py: JSONL of interdict.v1.InventoryItem.

Each partition file (part-00000.jsonl, ...) holds whole hosts, about 300 artifacts
each (--artifacts-per-host, +-1/3): every line is one InventoryItem in the protobuf JSON
mapping, as `interdict.read_inventory(path, "jsonl")` and `interdict check` read it:

    {"assetId": "win-00003-0017", "orgUnit": "agency/finance", "artifact": {"name": "Google Chrome", "vendor": "Google LLC", "version": "131.0.6778.86"}}

Hosts are Windows (programs with their publishers), Linux (Debian packages with purls)
and macOS (apps with bundle ids and Team IDs). Their software is a mix of real
products, a long tail of synthetic ones, and --hit-rate of products the bundled catalog
names (Kaspersky, TikTok, DeepSeek, Huawei, ZTE, Hikvision, Dahua, ...). The output is
deterministic for a --seed: partition i is drawn from its own generator, seeded with
(seed, i), so that partitions can be written in parallel (--jobs) and come out the same.

--bad-records N replaces N lines, spread over the partitions, with records the reader
must reject (one missing its artifact's name, one not JSON), so that a job can be
checked to report them. manifest.json lists the counts and every bad record's file and
line.

    /usr/bin/python3 examples/dask/generate_inventory.py --out=/tmp/fleet --rows=10000000 --partitions=200
"""

import argparse
import functools
import json
import multiprocessing
import os
import pathlib
import random
import sys
import time

# (name, vendor, versions): Windows programs as osquery's `programs` table lists them.
WINDOWS = [
    ("Google Chrome", "Google LLC", ["131.0.6778.86", "130.0.6723.117", "129.0.6668.101"]),
    ("Mozilla Firefox (x64 en-US)", "Mozilla", ["133.0", "132.0.2", "128.5.1"]),
    ("Microsoft Edge", "Microsoft Corporation", ["131.0.2903.70", "130.0.2849.80"]),
    ("Microsoft 365 Apps for enterprise - en-us", "Microsoft Corporation", ["16.0.18129.20158"]),
    ("Microsoft Teams", "Microsoft Corporation", ["24295.605.3225.8804"]),
    ("Microsoft Visual C++ 2015-2022 Redistributable (x64)", "Microsoft Corporation", ["14.40.33810.0", "14.38.33135.0"]),
    ("Microsoft Visual C++ 2013 Redistributable (x86)", "Microsoft Corporation", ["12.0.40664.0"]),
    ("Microsoft .NET Runtime - 8.0.11 (x64)", "Microsoft Corporation", ["8.0.11.34221"]),
    ("Microsoft OneDrive", "Microsoft Corporation", ["24.221.1103.0002"]),
    ("Visual Studio Code", "Microsoft Corporation", ["1.95.3", "1.94.2"]),
    ("7-Zip 23.01 (x64)", "Igor Pavlov", ["23.01"]),
    ("Notepad++ (64-bit x64)", "Notepad++ Team", ["8.7.1", "8.6.9"]),
    ("Adobe Acrobat Reader DC", "Adobe Inc.", ["24.004.20272", "24.003.20180"]),
    ("Zoom Workplace", "Zoom Video Communications, Inc.", ["6.2.11", "6.1.6"]),
    ("Slack", "Slack Technologies Inc.", ["4.41.105"]),
    ("VLC media player", "VideoLAN", ["3.0.21", "3.0.20"]),
    ("Python 3.12.7 (64-bit)", "Python Software Foundation", ["3.12.7150.0"]),
    ("Git", "The Git Development Community", ["2.47.0", "2.46.2"]),
    ("Java 8 Update 431", "Oracle Corporation", ["8.0.4310.10"]),
    ("WinRAR 7.01 (64-bit)", "win.rar GmbH", ["7.01.0"]),
    ("PuTTY release 0.81 (64-bit)", "Simon Tatham", ["0.81.0.0"]),
    ("KeePass Password Safe 2.57", "Dominik Reichl", ["2.57"]),
    ("Dropbox", "Dropbox, Inc.", ["212.4.5767"]),
    ("Cisco Webex Meetings", "Cisco Webex LLC", ["44.10.0"]),
    ("Citrix Workspace 2409", "Citrix Systems, Inc.", ["24.9.0.225"]),
    ("CrowdStrike Windows Sensor", "CrowdStrike, Inc.", ["7.19.18913.0"]),
    ("osquery", "osquery", ["5.14.1"]),
    ("Wireshark 4.4.2 x64", "The Wireshark developer community", ["4.4.2"]),
    ("Docker Desktop", "Docker Inc.", ["4.36.0"]),
    ("Node.js", "Node.js Foundation", ["22.11.0", "20.18.1"]),
]
# Debian packages: (name, version); the purl is pkg:deb/debian/name@version?arch=amd64.
DEBIAN = [
    ("openssl", "3.0.15-1~deb12u1"), ("libssl3", "3.0.15-1~deb12u1"), ("curl", "7.88.1-10+deb12u8"),
    ("libcurl4", "7.88.1-10+deb12u8"), ("bash", "5.2.15-2+b7"), ("coreutils", "9.1-1"),
    ("systemd", "252.31-1~deb12u1"), ("openssh-server", "1:9.2p1-2+deb12u3"), ("sudo", "1.9.13p3-1+deb12u1"),
    ("python3.11", "3.11.2-6+deb12u4"), ("libc6", "2.36-9+deb12u9"), ("zlib1g", "1:1.2.13.dfsg-1"),
    ("nginx", "1.22.1-9"), ("postgresql-15", "15.10-0+deb12u1"), ("git", "1:2.39.5-0+deb12u1"),
    ("vim", "2:9.0.1378-2"), ("tar", "1.34+dfsg-1.2+deb12u1"), ("gzip", "1.12-1"), ("rsync", "3.2.7-1"),
    ("ca-certificates", "20230311"), ("tzdata", "2024a-0+deb12u1"), ("libxml2", "2.9.14+dfsg-1.3~deb12u1"),
    ("libsqlite3-0", "3.40.1-2+deb12u1"), ("perl", "5.36.0-7+deb12u1"), ("dpkg", "1.21.22"),
    ("apt", "2.6.1"), ("libsystemd0", "252.31-1~deb12u1"), ("libgnutls30", "3.7.9-2+deb12u3"),
    ("e2fsprogs", "1.47.0-2"), ("util-linux", "2.38.1-5+deb12u2"), ("auditd", "1:3.0.9-1"),
    ("chrony", "4.3-2+deb12u1"), ("rsyslog", "8.2302.0-1"), ("libpam0g", "1.5.2-6+deb12u1"),
]
# macOS apps: (name, vendor, bundle id, Team ID, versions).
MACOS = [
    ("Google Chrome.app", "Google LLC", "com.google.Chrome", "EQHXZ8M8AV", ["131.0.6778.86"]),
    ("Firefox.app", "Mozilla Corporation", "org.mozilla.firefox", "43AQ936H96", ["133.0"]),
    ("Slack.app", "Slack Technologies, Inc.", "com.tinyspeck.slackmacgap", "BQR82RBBHL", ["4.41.105"]),
    ("zoom.us.app", "Zoom Video Communications, Inc.", "us.zoom.xos", "BJ4HAAB9B3", ["6.2.11"]),
    ("Microsoft Word.app", "Microsoft Corporation", "com.microsoft.Word", "UBF8T346G9", ["16.91"]),
    ("Microsoft Outlook.app", "Microsoft Corporation", "com.microsoft.Outlook", "UBF8T346G9", ["16.91"]),
    ("1Password 7.app", "AgileBits Inc.", "com.agilebits.onepassword7", "2BUA8C4S2C", ["7.9.11"]),
    ("iTerm.app", "George Nachman", "com.googlecode.iterm2", "H7V7XYVQ7D", ["3.5.10"]),
    ("Visual Studio Code.app", "Microsoft Corporation", "com.microsoft.VSCode", "UBF8T346G9", ["1.95.3"]),
]
# Language packages found on every kind of host: purls only.
PACKAGES = [
    ("lodash", "pkg:npm/lodash@4.17.21", "4.17.21"), ("express", "pkg:npm/express@4.21.1", "4.21.1"),
    ("react", "pkg:npm/react@18.3.1", "18.3.1"), ("requests", "pkg:pypi/requests@2.32.3", "2.32.3"),
    ("numpy", "pkg:pypi/numpy@2.1.3", "2.1.3"), ("urllib3", "pkg:pypi/urllib3@2.2.3", "2.2.3"),
    ("log4j-core", "pkg:maven/org.apache.logging.log4j/log4j-core@2.24.2", "2.24.2"),
    ("jackson-databind", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.18.1", "2.18.1"),
]
# Products the bundled catalog names, per kind of host: artifact fields as dicts.
BANNED = {
    "win": [
        {"name": "Kaspersky Internet Security", "vendor": "AO Kaspersky Lab", "version": "21.3.10.391"},
        {"name": "Kaspersky Endpoint Security for Windows", "vendor": "Kaspersky Lab ZAO", "version": "11.11.0.452"},
        {"name": "Kaspersky Security Cloud", "vendor": "Kaspersky", "version": "21.3.10.391"},
        {"name": "Kaspersky Password Manager", "vendor": "Kaspersky Lab", "version": "24.0.0.427"},
        {"name": "TikTok", "vendor": "TikTok Pte. Ltd.", "version": "1.0.27.0"},
        {"name": "DeepSeek", "vendor": "Hangzhou DeepSeek Artificial Intelligence Co., Ltd.", "version": "1.0.9"},
        {"name": "Huawei PC Manager", "vendor": "Huawei Technologies Co., Ltd.", "version": "17.0.0.160"},
        {"name": "ZTE USB Modem Driver", "vendor": "ZTE Corporation", "version": "5.2066.1.8"},
        {"name": "Hikvision iVMS-4200", "vendor": "Hikvision", "version": "3.11.1.6"},
        {"name": "SmartPSS", "vendor": "Dahua Technology", "version": "2.003.0000009.0"},
    ],
    "linux": [
        {"name": "kesl", "purl": "pkg:deb/kaspersky/kesl@12.1.0.1297?arch=amd64", "version": "12.1.0.1297"},
        {"name": "klnagent64", "vendor": "Kaspersky Lab", "version": "15.1.0.20748"},
    ],
    "mac": [
        {"name": "Kaspersky Security Cloud.app", "teamId": "2Y8XE5CQ94", "bundleId": "com.kaspersky.kscloud",
         "version": "21.12"},
        {"name": "TikTok.app", "vendor": "ByteDance Ltd.", "bundleId": "com.zhiliaoapp.musically", "version": "37.5.1"},
        {"name": "DeepSeek.app", "vendor": "DeepSeek", "version": "1.1.2"},
    ],
}
ORG_UNITS = ["agency/hq", "agency/ops", "agency/finance", "agency/hr", "agency/legal", "agency/research",
             "agency/field/east", "agency/field/west", "agency/it/servers", "agency/it/desktops"]
KINDS = ["win", "win", "win", "linux", "mac"]  # Host kinds, drawn uniformly: 60% Windows.
SYNTHETIC = 20000  # Products of the long tail, "Product N Suite" by "Vendor M Inc.".


def artifact_json(fields):
    return json.dumps(fields, ensure_ascii=False)


@functools.lru_cache(maxsize=None)
def pools(hit_rate):
    """Per kind of host: (JSON artifacts, cumulative weights), hit_rate of the weight on banned ones."""
    rng = random.Random("interdict-fleet-products")
    synthetic = []
    for i in range(SYNTHETIC):
        fields = {"name": f"Product {i} Suite", "vendor": f"Vendor {i % 1499} Inc.",
                  "version": f"{rng.randint(1, 30)}.{rng.randint(0, 9)}.{rng.randint(0, 999)}"}
        synthetic.append(artifact_json(fields))
    common = {
        "win": [artifact_json({"name": n, "vendor": v, "version": ver}) for n, v, vers in WINDOWS for ver in vers],
        "linux": [artifact_json({"name": n, "version": ver, "purl": f"pkg:deb/debian/{n}@{ver}?arch=amd64"})
                  for n, ver in DEBIAN],
        "mac": [artifact_json({"name": n, "vendor": v, "version": ver, "bundleId": b, "teamId": t})
                for n, v, b, t, vers in MACOS for ver in vers],
    }
    packages = [artifact_json({"name": n, "version": ver, "purl": p}) for n, p, ver in PACKAGES]
    result = {}
    for kind in common:
        banned = [artifact_json(fields) for fields in BANNED[kind]]
        weighted = ([(a, 0.35 / len(common[kind])) for a in common[kind]] +
                    [(a, 0.10 / len(packages)) for a in packages] +
                    [(a, (0.55 - hit_rate) / len(synthetic)) for a in synthetic] +
                    [(a, hit_rate / len(banned)) for a in banned])
        total, cumulative = 0.0, []
        for _, weight in weighted:
            total += weight
            cumulative.append(total)
        result[kind] = ([a for a, _ in weighted], cumulative)
    return result


BAD_RECORDS = [
    '{"assetId": "%s", "orgUnit": "agency/ops", "artifact": {"vendor": "Nameless Vendor", "version": "1.0"}}',
    '{"assetId": "%s", "orgUnit": "agency/ops", "artifact": {"name": "Truncated line"',
]


def write_partition(task):
    """Writes partition `index` with `rows` lines, `bad` of them bad records (the first of
    them the bad_first-th in all); returns (file name, rows, hosts, bad records' lines)."""
    out, seed, index, rows, per_host, hit_rate, bad_first, bad = task
    rng = random.Random(f"{seed}-{index}")
    kinds = pools(hit_rate)
    lines, hosts, bad_records = [], 0, []
    low, high = max(1, per_host * 2 // 3), max(1, per_host * 4 // 3)
    while len(lines) < rows:
        kind = rng.choice(KINDS)
        host = f"{kind}-{index:05d}-{hosts:04d}"
        hosts += 1
        count = min(rng.randint(low, high), rows - len(lines))
        prefix = f'{{"assetId": "{host}", "orgUnit": "{rng.choice(ORG_UNITS)}", "artifact": '
        artifacts, cumulative = kinds[kind]
        lines.extend(prefix + a + "}\n" for a in rng.choices(artifacts, cum_weights=cumulative, k=count))
    for k, line in enumerate(rng.sample(range(rows), bad), bad_first):
        host = json.loads(lines[line])["assetId"]
        lines[line] = BAD_RECORDS[k % len(BAD_RECORDS)] % host + "\n"
        bad_records.append(line + 1)
    path = pathlib.Path(out) / f"part-{index:05d}.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    return path.name, rows, hosts, sorted(bad_records)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory for part-NNNNN.jsonl and manifest.json (created)")
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows in all")
    parser.add_argument("--partitions", type=int, default=200, help="partition files")
    parser.add_argument("--artifacts-per-host", type=int, default=300, help="mean artifacts per host")
    parser.add_argument("--hit-rate", type=float, default=0.03, help="share of rows that are catalog products")
    parser.add_argument("--bad-records", type=int, default=0, help="lines replaced by bad records, in all")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="partitions written at once")
    args = parser.parse_args()
    if args.partitions < 1 or args.rows < args.partitions:
        parser.error("--rows must be at least --partitions, which must be at least 1")
    if not 0 <= args.hit_rate <= 0.55:
        parser.error("--hit-rate must be within [0, 0.55]")

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.glob("part-*.jsonl")):
        sys.exit(f"{out}: holds partitions already; give an empty or new directory")
    started = time.perf_counter()
    tasks = []
    for i in range(args.partitions):
        rows = args.rows * (i + 1) // args.partitions - args.rows * i // args.partitions
        bad_first = args.bad_records * i // args.partitions
        bad = args.bad_records * (i + 1) // args.partitions - bad_first
        tasks.append((str(out), args.seed, i, rows, args.artifacts_per_host, args.hit_rate, bad_first, bad))
    with multiprocessing.Pool(max(1, args.jobs)) as pool:
        written = pool.map(write_partition, tasks, chunksize=1)
    manifest = {
        "rows": sum(w[1] for w in written),
        "partitions": len(written),
        "hosts": sum(w[2] for w in written),
        "hit_rate": args.hit_rate,
        "seed": args.seed,
        "bad_records": [{"file": name, "line": line} for name, _, _, lines in written for line in lines],
        "files": [{"file": name, "rows": rows, "hosts": hosts} for name, rows, hosts, _ in written],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    size = sum((out / w[0]).stat().st_size for w in written)
    print(f"{manifest['rows']:,} rows of {manifest['hosts']:,} hosts in {len(written)} partitions, "
          f"{size / 1e9:.2f} GB, {len(manifest['bad_records'])} bad records, "
          f"{time.perf_counter() - started:.1f} s: {out}")


if __name__ == "__main__":
    main()

# %% [markdown]
# # Checking inventories against the bundled catalog, from Python
#
# A notebook-style script (cells marked `# %%`, for Jupyter, VS Code or plain `python`):
# read the example inventories in `examples/inventories/` (osquery, CycloneDX, SPDX,
# JSONL) with `interdict.read_inventory`, evaluate every artifact against the bundled
# catalog of real bans for a US federal executive agency, as `interdict check` does, and
# show the result as a pandas DataFrame when pandas is installed.
#
#     bazel run //python:python3 -- examples/python/check_inventory.py
#     python examples/python/check_inventory.py   # with the module installed (pip)

# %%
import datetime
import pathlib

import interdict

try:
    import pandas
except ImportError:
    pandas = None

# examples/, from this file or, in a notebook started at the repository root, from there.
EXAMPLES = pathlib.Path(__file__).absolute().parent.parent if "__file__" in globals() else pathlib.Path("examples")
AT = datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc)
CONTEXT = dict(at=AT, jurisdictions=["US"], organization_kinds=["federal-executive-agency"])

policy = interdict.catalog()
print(policy)

# %% [markdown]
# ## Reading
# `components=True` also yields every component of an SBOM as a record of its own,
# `component_path` naming it from the top. A bad record would raise `InventoryError`
# with its file and line.

# %%
records = []
for path in sorted((EXAMPLES / "inventories").iterdir()):
    if path.suffix in (".json", ".jsonl", ".log"):
        reader = interdict.read_inventory(path, components=True)
        records.extend(reader)
        print(f"{path.name}: {reader.format}, {reader.ignored_rows} rows of other osquery tables ignored")
print(len(records), "artifacts")

# %% [markdown]
# ## One by one
# `evaluate` takes a record's artifact dict as it is (its components included), for the
# two actions `interdict check` looks at; each decision explains itself.

# %%
rows = []
for record in records:
    asset = record.asset_id or record.host or pathlib.Path(record.source).name
    decisions = {action: policy.evaluate(record.artifact, asset_id=asset, action=action, **CONTEXT)
                 for action in (interdict.Action.RUN, interdict.Action.UPDATE)}
    worst = max((d.verdict for d in decisions.values()), key=lambda v: v.severity)
    rows.append({
        "asset": asset,
        "artifact": " > ".join(record.component_path) or record.artifact.get("name", ""),
        "version": record.artifact.get("version", ""),
        "run": decisions[interdict.Action.RUN].verdict,
        "update": decisions[interdict.Action.UPDATE].verdict,
        "why": decisions[interdict.Action.RUN].explanation if worst != interdict.Verdict.ALLOW else "",
    })

if pandas is not None:
    frame = pandas.DataFrame(rows)
    print(frame[frame.run != "ALLOW"].to_string(index=False, max_colwidth=90))
else:
    for row in rows:
        if row["run"] != interdict.Verdict.ALLOW or row["update"] != interdict.Verdict.ALLOW:
            print(f"{row['asset']:<24} {row['artifact'][:44]:<44} {row['run']:<5} {row['update']:<5} {row['why'][:90]}")
print(sum(row["run"] == interdict.Verdict.DENY for row in rows), "of", len(rows), "denied to run")

# %% [markdown]
# ## As a batch
# For millions of rows, columns go through `evaluate_batch` with the GIL released and
# come back as columns (a dict of lists: `pandas.DataFrame(result)`). Flat columns carry
# no components, which is why the SBOM components are records of their own above.

# %%
fields = ["name", "vendor", "version", "purl", "team_id", "signer_subject", "bundle_id", "install_path", "cpe"]
columns = {field: [record.artifact.get(field) for record in records] for field in fields}
result = policy.evaluate_batch(**columns, asset_id=[r.asset_id or r.host for r in records],
                               action="run", **CONTEXT)
if pandas is not None:
    print(pandas.DataFrame({"name": columns["name"], **result}).query("verdict != 'ALLOW'")
          [["name", "verdict", "policy_id", "rule_id", "next_change"]].to_string(index=False))
else:
    for name, verdict, policy_id, rule_id in zip(columns["name"], result["verdict"], result["policy_id"],
                                                 result["rule_id"]):
        if verdict != interdict.Verdict.ALLOW:
            print(f"{name[:44]:<44} {verdict:<5} {policy_id}/{rule_id}")

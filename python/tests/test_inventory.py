"""read_inventory: the example inventories in every format, and bad input."""

import pytest

import interdict
from conftest import AFTER_BAN

EXAMPLES = [
    ("osquery-windows.json", "osquery"),
    ("osquery-linux.log", "osquery"),
    ("osquery-macos.log", "osquery"),
    ("appliance.cdx.json", "cyclonedx"),
    ("kiosk-image.spdx.json", "spdx"),
    ("fleet.jsonl", "jsonl"),
    ("federal.jsonl", "jsonl"),
]


@pytest.mark.parametrize("name,format", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_reads_the_example_inventories(examples, name, format):
    path = examples / "inventories" / name
    reader = interdict.read_inventory(path)
    records = list(reader)
    assert reader.format == format
    assert records and reader.skipped == 0 and reader.problems == []
    for index, record in enumerate(records):
        assert isinstance(record, interdict.InventoryRecord)
        assert record.source == str(path)
        assert record.component_path == ()
        assert "name" in record.artifact or "purl" in record.artifact
    forced = list(interdict.read_inventory(path, format=format))
    assert forced == records


def test_records_evaluate_as_the_cli_does(examples, catalog):
    context = dict(at=AFTER_BAN, action="run", jurisdictions=["US"], organization_kinds=["federal-executive-agency"])
    windows = {record.artifact["name"]: record
               for record in interdict.read_inventory(examples / "inventories" / "osquery-windows.json")}
    tiktok = windows["TikTok"]
    assert (tiktok.host, tiktok.line) == ("", 0)  # An osqueryi --json array names no host, has no lines.
    assert catalog.evaluate(tiktok.artifact, **context).verdict == interdict.Verdict.DENY
    mac = next(iter(interdict.read_inventory(examples / "inventories" / "osquery-macos.log")))
    assert (mac.host, mac.line) == ("mac-fin-07", 1)
    decision = catalog.evaluate(mac.artifact, asset_id=mac.host, **context)
    assert decision.verdict == interdict.Verdict.DENY
    assert decision.vendor_entity_evidence == "team_id 2Y8XE5CQ94"
    assert catalog.evaluate(windows["UltraAV"].artifact, **context).verdict == interdict.Verdict.ALLOW

    [appliance] = interdict.read_inventory(examples / "inventories" / "appliance.cdx.json")
    assert appliance.artifact["name"] == "Acme Secure Gateway"
    assert catalog.evaluate(appliance.artifact, **context).verdict == interdict.Verdict.DENY
    flattened = list(interdict.read_inventory(examples / "inventories" / "appliance.cdx.json", components=True))
    assert flattened[0] == appliance
    paths = [record.component_path for record in flattened[1:]]
    assert ("Acme Secure Gateway", "AcmeOS", "Anti-Virus SDK") in paths
    sdk = next(r for r in flattened if r.component_path[-1:] == ("Anti-Virus SDK",))
    assert catalog.evaluate(sdk.artifact, **context).verdict == interdict.Verdict.DENY


def test_fleet_jsonl_fields(examples):
    first = next(iter(interdict.read_inventory(examples / "inventories" / "fleet.jsonl")))
    assert (first.asset_id, first.org_unit, first.line, first.index) == ("hr-laptop-14", "corporate/hr", 1, 0)
    assert first.artifact["first_seen"].isoformat() == "2023-04-02T09:00:00+00:00"


def test_malformed_file_raises_with_file_and_line(testdata):
    path = testdata / "malformed.jsonl"
    reader = interdict.read_inventory(path)
    assert next(reader).artifact["name"] == "Kaspersky Free"
    with pytest.raises(interdict.InventoryError) as raised:
        next(reader)
    error = raised.value
    assert (error.source, error.line, error.index) == (str(path), 2, 1)
    assert str(error).startswith(f"{path}:2: record 1: ")
    # Iterating again goes on after the bad record.
    assert [record.artifact["name"] for record in reader] == ["Firefox"]


def test_malformed_file_skipped(testdata):
    reader = interdict.read_inventory(testdata / "malformed.jsonl", errors="skip")
    assert [record.artifact["name"] for record in reader] == ["Kaspersky Free", "Firefox"]
    assert reader.skipped == 1
    [problem] = reader.problems
    assert problem.line == 2 and f"malformed.jsonl:2:" in str(problem)


def test_truncated_document_raises(tmp_path, examples):
    text = (examples / "inventories" / "appliance.cdx.json").read_text()
    path = tmp_path / "cut.cdx.json"
    path.write_text(text[: len(text) // 2])
    with pytest.raises(interdict.InventoryError) as raised:
        list(interdict.read_inventory(path, format="cyclonedx", errors="skip"))
    assert raised.value.source == str(path)
    assert str(path) in str(raised.value)


def test_open_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        interdict.read_inventory(tmp_path / "missing.json")
    with pytest.raises(interdict.InventoryError, match="is a directory"):
        interdict.read_inventory(tmp_path)
    with pytest.raises(ValueError, match="format"):
        interdict.read_inventory(tmp_path / "x.json", format="csv")
    with pytest.raises(ValueError, match="errors"):
        interdict.read_inventory(tmp_path / "x.json", errors="ignore")

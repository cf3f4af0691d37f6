"""evaluate_batch: columns in, columns out, equal to evaluating row by row."""

import datetime

import pytest

import interdict
from conftest import AFTER_BAN, BEFORE_BAN, UTC

# A mixed set: bans in force, pending, component-free SBOM rows, purls, unknown software.
ROWS = [
    {"name": "Kaspersky Internet Security", "vendor": "AO Kaspersky Lab", "version": "21.3.10.391"},
    {"name": "Kaspersky Threat Intelligence Portal", "vendor": "Kaspersky", "version": "3.0"},
    {"name": "Kasperski Consulting Toolkit", "vendor": "Kasperski GmbH", "version": "3.1"},
    {"name": "TikTok", "vendor": "TikTok Pte. Ltd.", "version": "1.0.12.0"},
    {"name": "DeepSeek", "vendor": "Hangzhou DeepSeek Artificial Intelligence Co., Ltd.", "version": "1.0"},
    {"name": "Mozilla Firefox", "vendor": "Mozilla", "version": "133.0"},
    {"name": "kesl", "vendor": "", "version": "12.0.0", "purl": "pkg:deb/kaspersky/kesl@12.0.0"},
    {"name": "curl", "vendor": "", "version": "7.88.1-10", "purl": "pkg:deb/debian/curl@7.88.1-10"},
    {"name": "", "vendor": "", "version": ""},
    {"name": "WeChat", "vendor": "Tencent", "version": "3.9"},
    {"name": "Hikvision iVMS-4200", "vendor": "Hikvision", "version": "3.9"},
    {"name": "UltraAV", "vendor": "Pango", "version": "1.2.0"},
]
FIELDS = ("name", "vendor", "version", "purl")
CONTEXTS = [
    dict(at=AFTER_BAN, action="update", jurisdictions=["US"]),
    dict(at=BEFORE_BAN, action="update", jurisdictions=["US"]),
    dict(at=AFTER_BAN, action="run", jurisdictions=["US"], organization_kinds=["federal-executive-agency"]),
    dict(at=datetime.datetime(2025, 6, 1, tzinfo=UTC), action=interdict.Action.RUN, jurisdictions=["US", "US-TX"],
         organization_kinds=["state-agency"], asset_kinds=["government-device"]),
]


def columns(rows):
    return {field: [row.get(field) for row in rows] for field in FIELDS}


def deciding(decision):
    """The match the batch reports: the first with the decision's verdict, else the first."""
    if not decision.matches:
        return None
    if decision.verdict != interdict.Verdict.ALLOW:
        return next(m for m in decision.matches if m.verdict == decision.verdict)
    return decision.matches[0]


@pytest.mark.parametrize("context", CONTEXTS, ids=["update-after", "update-before", "run-federal", "run-texas"])
def test_batch_equals_one_by_one(catalog, context):
    result = catalog.evaluate_batch(**columns(ROWS), explain=True, **context)
    assert list(result) == ["verdict", "policy_id", "rule_id", "citation", "state", "next_change",
                            "vendor_entity", "match_count", "explanation"]
    assert all(len(column) == len(ROWS) for column in result.values())
    verdicts = set()
    for i, row in enumerate(ROWS):
        decision = catalog.evaluate({k: v for k, v in row.items() if v is not None}, **context)
        match = deciding(decision)
        assert result["verdict"][i] == decision.verdict, row
        assert result["policy_id"][i] == (match.policy_id if match else None), row
        assert result["rule_id"][i] == (match.rule_id if match else None), row
        assert result["citation"][i] == (match.citation if match else None), row
        assert result["state"][i] == (match.state if match else None), row
        assert result["next_change"][i] == decision.next_change, row
        assert result["vendor_entity"][i] == decision.vendor_entity, row
        assert result["match_count"][i] == len(decision.matches), row
        assert result["explanation"][i] == decision.explanation, row
        verdicts.add(decision.verdict)
    assert interdict.Verdict.ALLOW in verdicts


def test_mixed_set_covers_deny_and_pending(catalog):
    after = catalog.evaluate_batch(**columns(ROWS), **CONTEXTS[0])
    before = catalog.evaluate_batch(**columns(ROWS), **CONTEXTS[1])
    assert after["verdict"][0] == interdict.Verdict.DENY and after["rule_id"][0] == "updates-and-resale"
    assert before["state"][0] == interdict.RuleState.PENDING
    assert isinstance(before["next_change"][0], datetime.datetime)
    assert before["next_change"][0].utcoffset() == datetime.timedelta(0)
    assert "explanation" not in after


def test_per_row_assets_and_first_seen():
    policy = interdict.compile_string("""
policies {
  id: "org.remove-foo" citation: "Memo 3" binding: BINDING
  exemption_purposes: [BUSINESS_CONTINUITY]
  allow_blanket_exemptions: true
  rules {
    id: "remove"
    select { product { exact: "Foo" } }
    actions: [RUN]
    steps { after_first_seen { days: 30 } verdict: DENY }
  }
}
exemptions {
  id: "EX-LAB"
  exempts { policy: "org.remove-foo" }
  org_units: ["research"]
  purpose: BUSINESS_CONTINUITY
  valid { from { date: "2024-01-01" zone: "UTC" } }
}
""")
    seen = [datetime.datetime(2024, 1, 1, tzinfo=UTC), None, datetime.datetime(2024, 12, 20, tzinfo=UTC),
            datetime.datetime(2024, 1, 1, tzinfo=UTC)]
    org_units = ["it", "it", "it", "research/lab-2"]
    result = policy.evaluate_batch(name=["Foo"] * 4, first_seen=seen, org_unit=org_units, asset_id="a-1",
                                   at=AFTER_BAN, action="run")
    assert result["verdict"] == ["DENY", "ALLOW", "ALLOW", "ALLOW"]
    assert result["state"] == ["IN_FORCE", "PENDING", "PENDING", "EXEMPTED"]
    for i in range(4):
        one = policy.evaluate(name="Foo", first_seen=seen[i], org_unit=org_units[i], asset_id="a-1", at=AFTER_BAN,
                              action="run")
        assert (one.verdict, one.next_change) == (result["verdict"][i], result["next_change"][i])


def test_batch_over_many_chunks(catalog):
    rows = ROWS * 1000  # Several chunks of the conversion loop.
    result = catalog.evaluate_batch(**columns(rows), **CONTEXTS[0])
    small = catalog.evaluate_batch(**columns(ROWS), **CONTEXTS[0])
    for key, column in result.items():
        assert column == small[key] * 1000, key


def test_any_iterable_column(catalog):
    names = (row["name"] for row in ROWS)
    result = catalog.evaluate_batch(name=names, vendor=tuple(row["vendor"] for row in ROWS),
                                    purl=iter([row.get("purl") for row in ROWS]), **CONTEXTS[0])
    assert result["verdict"] == catalog.evaluate_batch(**columns(ROWS), **CONTEXTS[0])["verdict"]


def test_empty_batch(catalog):
    result = catalog.evaluate_batch(name=[], vendor=[], **CONTEXTS[0])
    assert all(column == [] for column in result.values())


def test_batch_errors(catalog):
    with pytest.raises(ValueError, match="column vendor has 1 rows, column name has 2"):
        catalog.evaluate_batch(name=["a", "b"], vendor=["c"], **CONTEXTS[0])
    with pytest.raises(TypeError, match=r"vendor\[1\]: expected str or None, got int"):
        catalog.evaluate_batch(name=["a", "b"], vendor=["c", 7], **CONTEXTS[0])
    with pytest.raises(TypeError, match="unknown keyword 'colour'"):
        catalog.evaluate_batch(name=["a"], colour=["red"], **CONTEXTS[0])
    with pytest.raises(TypeError, match="no artifact column"):
        catalog.evaluate_batch(**CONTEXTS[0])
    with pytest.raises(TypeError, match="name: expected a column"):
        catalog.evaluate_batch(name="Kaspersky", **CONTEXTS[0])
    with pytest.raises(ValueError, match="at: naive datetime"):
        catalog.evaluate_batch(name=["a"], at=datetime.datetime(2025, 1, 1), action="run")
    with pytest.raises(ValueError, match=r"first_seen\[0\]: naive datetime"):
        catalog.evaluate_batch(name=["a"], first_seen=[datetime.datetime(2025, 1, 1)], at=AFTER_BAN, action="run")

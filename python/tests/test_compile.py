"""Compiling policies from files, strings (textproto, JSON, binary) and the catalog."""

import datetime
import json

import pytest

import interdict
from conftest import AFTER_BAN, UTC

# An exemption layered on the catalog (policy/catalog/testdata/us.omb.m-23-13.exemptions.textproto).
OMB_EXEMPTION = """
exemptions {
  id: "EX-PY-OMB-1"
  exempts { policy: "us.omb.m-23-13" rules: ["agencies"] }
  assets: ["test-lab-1"]
  purpose: SECURITY_RESEARCH
  approved_by: "Agency head's designee (test)"
  approver_role: "agency-head-designee"
  reference: "TEST-OMB-M-23-13-EXC-1"
  valid {
    from { date: "2023-03-29" zone: "America/New_York" }
    until { date: "2024-03-29" zone: "America/New_York" }
  }
}
"""

BAD_REGEX = """policies {
  id: "org.bad"
  citation: "Internal memo 7"
  binding: BINDING
  rules {
    id: "r1"
    select { product { regex: "Kaspersky (Free" } }
    actions: [RUN]
    steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
  }
}
"""


def test_catalog_version_and_counts(catalog):
    assert catalog.catalog_version == interdict.catalog_version()
    assert len(interdict.catalog_facts_checked()) == len("YYYY-MM-DD")
    assert catalog.policy_count >= 20 and catalog.rule_count >= 35
    assert catalog.warnings == []
    assert "bundled catalog" in repr(catalog)


def test_compile_files(examples):
    policy = interdict.compile_files(examples / "policies" / "kaspersky.textproto")
    assert (policy.policy_count, policy.rule_count, policy.exemption_count) == (1, 3, 1)
    assert policy.catalog_version is None
    decision = policy.evaluate(name="Kaspersky Internet Security", vendor="AO Kaspersky Lab", at=AFTER_BAN,
                               action=interdict.Action.UPDATE, jurisdictions=["US"])
    assert decision.verdict == interdict.Verdict.DENY
    assert decision.matches[0].citation == "89 FR 52434"


def test_compile_string_json_and_binary(examples, testdata):
    bundle = {"policies": [{"id": "org.no-foo", "citation": "Memo 1", "binding": "BINDING",
                            "rules": [{"id": "foo", "select": {"product": {"exact": "Foo"}}, "actions": ["RUN"],
                                       "steps": [{"at": {"date": "2024-01-01", "zone": "UTC"},
                                                  "verdict": "WARN"}]}]}]}
    policy = interdict.compile_string(json.dumps(bundle), format="json")
    decision = policy.evaluate(name="Foo", at=AFTER_BAN, action="run")
    assert decision.verdict == "WARN"
    assert decision.matches[0].rule_id == "foo"

    binary = interdict.compile_string((testdata / "kaspersky.binpb").read_bytes(), format="binary")
    text = interdict.compile_files(examples / "policies" / "kaspersky.textproto")
    assert (binary.policy_count, binary.rule_count, binary.exemption_count) == (
        text.policy_count, text.rule_count, text.exemption_count)


def test_on_catalog_layers_an_exemption(catalog):
    policy = interdict.compile_string(OMB_EXEMPTION, name="ours.textproto", on_catalog=True)
    assert policy.policy_count == catalog.policy_count and policy.exemption_count == 1
    assert policy.catalog_version == catalog.catalog_version
    at = datetime.datetime(2023, 6, 1, tzinfo=UTC)
    context = dict(at=at, action="run", jurisdictions=["US"], organization_kinds=["federal-executive-agency"])
    exempted = policy.evaluate(name="TikTok", vendor="TikTok Pte. Ltd.", asset_id="test-lab-1", **context)
    assert exempted.verdict == interdict.Verdict.ALLOW
    match = next(m for m in exempted.matches if m.policy_id == "us.omb.m-23-13")
    assert (match.rule_id, match.state, match.exemption_id) == ("agencies", interdict.RuleState.EXEMPTED, "EX-PY-OMB-1")
    assert exempted.exemptions[0].applied
    assert exempted.next_change == datetime.datetime(2024, 3, 29, 4, 0, tzinfo=UTC)

    other = policy.evaluate(name="TikTok", vendor="TikTok Pte. Ltd.", asset_id="desk-9", **context)
    assert other.verdict == interdict.Verdict.DENY
    rejected = other.exemptions[0]
    assert not rejected.applied
    assert rejected.reason == interdict.RejectionReason.ASSET_NOT_COVERED


def test_compile_error_has_every_issue_with_position():
    with pytest.raises(interdict.CompileError) as raised:
        interdict.compile_string(BAD_REGEX, name="bad.textproto")
    error = raised.value
    assert not isinstance(error, interdict.LoadError)
    [issue] = error.errors
    assert (issue.file, issue.line, issue.column) == ("bad.textproto", 7, 24)
    assert (issue.severity, issue.code) == ("error", "invalid_pattern")
    assert issue.field_path == "policies[0].rules[0].select.product.regex"
    assert 'invalid RE2: missing ): "Kaspersky (Free"' in issue.message
    assert str(issue) in str(error)
    assert str(issue).startswith("bad.textproto:7:24: policies[0].rules[0].select.product.regex:")


def test_syntax_error_is_a_load_error_with_line_and_column():
    with pytest.raises(interdict.CompileError) as raised:
        interdict.compile_string('policies { id: "x"\n  rules { id: 5 }\n', name="syntax.textproto")
    assert isinstance(raised.value, interdict.LoadError)
    [issue] = raised.value.issues
    assert (issue.file, issue.line, issue.column, issue.code) == ("syntax.textproto", 2, 15, "load")
    assert "syntax.textproto:2:15:" in str(raised.value)


def test_every_source_that_fails_to_load_is_reported(tmp_path):
    first = tmp_path / "a.textproto"
    first.write_text("policies {")
    second = tmp_path / "b.textproto"
    second.write_text("nonsense: 1\n")
    with pytest.raises(interdict.LoadError) as raised:
        interdict.compile_files([first, second])
    assert [issue.file for issue in raised.value.issues] == [str(first), str(second)]
    assert str(raised.value).startswith("2 policy sources could not be loaded:")


def test_missing_file_raises_file_not_found(tmp_path):
    missing = tmp_path / "missing.textproto"
    with pytest.raises(FileNotFoundError) as raised:
        interdict.compile_files(missing)
    assert raised.value.filename == str(missing)


def test_bad_format_name():
    with pytest.raises(ValueError, match="format"):
        interdict.compile_string("", format="yaml")

"""Evaluating one artifact: verdict, matches, citations, next_change, the context's checks."""

import datetime
import json

import pytest

import interdict
from conftest import AFTER_BAN, BAN_STARTS, BEFORE_BAN, UTC

KASPERSKY = {"name": "Kaspersky Internet Security", "vendor": "AO Kaspersky Lab", "version": "21.3.10.391"}


def test_kaspersky_update_denied_after_the_us_ban(catalog):
    decision = catalog.evaluate(KASPERSKY, at=AFTER_BAN, action="update", jurisdictions=["US"])
    assert decision.verdict == interdict.Verdict.DENY
    assert decision.verdict == "DENY"  # The enums are strings too.
    [match] = [m for m in decision.matches if m.verdict == interdict.Verdict.DENY]
    assert (match.policy_id, match.rule_id) == ("us.bis.kaspersky.2024", "updates-and-resale")
    assert match.citation.startswith("89 FR 52434")
    assert match.state == interdict.RuleState.IN_FORCE
    assert match.step_index == 0
    assert match.in_force_since == BAN_STARTS
    assert decision.vendor_entity is not None and "kaspersky" in decision.vendor_entity
    assert decision.explanation.startswith("DENY by us.bis.kaspersky.2024/updates-and-resale (89 FR 52434")


def test_allowed_product_is_allowed(catalog):
    decision = catalog.evaluate(name="Mozilla Firefox", vendor="Mozilla", version="133.0", at=AFTER_BAN,
                                action="install", jurisdictions=["US"],
                                organization_kinds=["federal-executive-agency"])
    assert decision.verdict == interdict.Verdict.ALLOW
    assert not decision.matched and decision.matches == []
    assert decision.next_change is None
    assert decision.vendor_entity is None


def test_pending_rule_and_next_change_is_an_aware_utc_datetime(catalog):
    decision = catalog.evaluate(KASPERSKY, at=BEFORE_BAN, action=interdict.Action.UPDATE, jurisdictions=["US"])
    assert decision.verdict == interdict.Verdict.ALLOW
    match = next(m for m in decision.matches if m.rule_id == "updates-and-resale")
    assert match.state == interdict.RuleState.PENDING
    assert (match.step_index, match.in_force_since) == (-1, None)
    assert (match.next_step_at, match.next_step_verdict) == (BAN_STARTS, interdict.Verdict.DENY)
    assert isinstance(decision.next_change, datetime.datetime)
    assert decision.next_change.tzinfo is not None
    assert decision.next_change.utcoffset() == datetime.timedelta(0)
    assert decision.next_change <= BAN_STARTS


def test_at_in_any_zone_and_as_rfc3339(catalog):
    new_york = datetime.timezone(datetime.timedelta(hours=-4))
    just_before = catalog.evaluate(KASPERSKY, at=datetime.datetime(2024, 9, 28, 23, 59, tzinfo=new_york),
                                   action="update", jurisdictions="US")
    at_ban = catalog.evaluate(KASPERSKY, at="2024-09-29T00:00:00-04:00", action="update", jurisdictions="US")
    assert next(m for m in just_before.matches if m.rule_id == "updates-and-resale").state == "PENDING"
    assert next(m for m in at_ban.matches if m.rule_id == "updates-and-resale").state == "IN_FORCE"


def test_naive_datetime_raises(catalog):
    with pytest.raises(ValueError, match="at: naive datetime"):
        catalog.evaluate(KASPERSKY, at=datetime.datetime(2025, 1, 1), action="update")
    with pytest.raises(ValueError, match="RFC 3339"):
        catalog.evaluate(KASPERSKY, at="2025-01-01T00:00:00", action="update")


def test_context_and_artifact_arguments_are_checked(catalog):
    with pytest.raises(TypeError, match="'at'"):
        catalog.evaluate(KASPERSKY, action="update")
    with pytest.raises(TypeError, match="'action'"):
        catalog.evaluate(KASPERSKY, at=AFTER_BAN)
    with pytest.raises(ValueError, match='unknown action "uninstall"'):
        catalog.evaluate(KASPERSKY, at=AFTER_BAN, action="uninstall")
    with pytest.raises(TypeError, match="unknown artifact field 'colour'"):
        catalog.evaluate(KASPERSKY, colour="red", at=AFTER_BAN, action="run")
    with pytest.raises(TypeError, match="artifact.version: expected str, got int"):
        catalog.evaluate({"name": "x", "version": 3}, at=AFTER_BAN, action="run")
    with pytest.raises(TypeError, match=r"jurisdictions\[1\]: expected str"):
        catalog.evaluate(KASPERSKY, at=AFTER_BAN, action="run", jurisdictions=["US", 1])
    with pytest.raises(ValueError, match="purpose"):
        catalog.evaluate(KASPERSKY, at=AFTER_BAN, action="run", purpose="fun")


def test_components_in_a_dict(catalog):
    appliance = {"name": "Acme Secure Gateway", "vendor": "Acme", "version": "9.5",
                 "components": [{"name": "AcmeOS", "components": [
                     {"name": "Anti-Virus SDK", "vendor": "AO Kaspersky Lab", "version": "8.0.4"}]}]}
    decision = catalog.evaluate(appliance, at=AFTER_BAN, action="run", jurisdictions=["US"],
                                organization_kinds=["federal-executive-agency"])
    assert decision.verdict == interdict.Verdict.DENY
    deny = next(m for m in decision.matches if m.verdict == interdict.Verdict.DENY)
    assert deny.component_path == ["Acme Secure Gateway", "AcmeOS", "Anti-Virus SDK"]


FIRST_SEEN_POLICY = """
policies {
  id: "org.remove-foo" citation: "Memo 3" binding: BINDING
  rules {
    id: "remove-within-30-days"
    select { product { exact: "Foo" } }
    actions: [RUN]
    steps { after_first_seen { days: 30 } verdict: DENY label: "remove" }
  }
}
"""


def test_first_seen_is_read():
    policy = interdict.compile_string(FIRST_SEEN_POLICY)
    with pytest.raises(ValueError, match="artifact.first_seen: naive datetime"):
        policy.evaluate(name="Foo", first_seen=datetime.datetime(2024, 12, 1), at=AFTER_BAN, action="run")
    old = policy.evaluate(name="Foo", first_seen=datetime.datetime(2024, 12, 1, tzinfo=UTC), at=AFTER_BAN,
                          action="run")
    assert old.verdict == interdict.Verdict.DENY
    assert old.matches[0].step_label == "remove"
    recent = policy.evaluate(name="Foo", first_seen=datetime.datetime(2024, 12, 15, tzinfo=UTC), at=AFTER_BAN,
                             action="run")
    assert recent.verdict == interdict.Verdict.ALLOW
    assert recent.next_change == datetime.datetime(2025, 1, 14, tzinfo=UTC)


def test_to_json_and_to_dict(catalog):
    decision = catalog.evaluate(KASPERSKY, at=AFTER_BAN, action="update", jurisdictions=["US"])
    as_json = json.loads(decision.to_json())  # The protobuf JSON mapping, as the C ABI gives it.
    assert as_json["verdict"] == "DENY"
    assert as_json["explanation"] == decision.explanation
    assert {"policyId": "us.bis.kaspersky.2024", "ruleId": "updates-and-resale"}.items() <= \
        next(m for m in as_json["matches"] if m["ruleId"] == "updates-and-resale").items()
    as_dict = decision.to_dict()
    assert as_dict["verdict"] == interdict.Verdict.DENY
    assert as_dict["next_change"] is None
    match = next(m for m in as_dict["matches"] if m["rule_id"] == "updates-and-resale")
    assert match["in_force_since"] == BAN_STARTS
    assert set(as_dict) == {"verdict", "matches", "exemptions", "next_change", "explanation", "artifact_problems",
                            "vendor_entity", "vendor_entity_evidence"}
    assert "DENY" in repr(decision) and "updates-and-resale" in repr(decision)


def test_artifact_problems_are_reported(examples):
    policy = interdict.compile_string("""
policies {
  id: "org.semver" citation: "Memo 2" binding: BINDING
  rules {
    id: "old-foo"
    select { product { exact: "Foo" } version { scheme: SEMVER max: "2.0.0" } }
    actions: [RUN]
    steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
  }
}
""")
    decision = policy.evaluate(name="Foo", version="v-one", at=AFTER_BAN, action="run")
    assert decision.verdict == interdict.Verdict.ALLOW
    [problem] = decision.artifact_problems
    assert (problem.rule_id, problem.field, problem.value) == ("old-foo", "ARTIFACT_VERSION", "v-one")

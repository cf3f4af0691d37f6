"""The plain Python types of the interdict module: enums, result records, exceptions.

The compiled extension (interdict._interdict) imports this module when it is loaded and
builds these types for the values it returns, so that they are ordinary Python objects:
enums that are also strings (``Verdict.DENY == "DENY"``, and they print as ``DENY`` in a
pandas DataFrame), frozen dataclasses, and exceptions with structured fields.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from typing import Any, Dict, List, Optional, Tuple


class _NamedEnum(str, enum.Enum):
    """An enum whose members are their names as strings (``Action("install")`` works)."""

    def __str__(self) -> str:
        return self.value

    @classmethod
    def _missing_(cls, value: object) -> Optional["_NamedEnum"]:
        if isinstance(value, str):
            return cls.__members__.get(value.upper())
        return None


class Verdict(_NamedEnum):
    """The answer, least to most severe: ALLOW < WARN < DENY (interdict.v1.Verdict)."""

    ALLOW = "ALLOW"
    WARN = "WARN"
    DENY = "DENY"

    @property
    def severity(self) -> int:
        """0, 1, 2 for ALLOW, WARN, DENY: ``max(verdicts, key=lambda v: v.severity)``."""
        return _VERDICT_SEVERITY[self]


_VERDICT_SEVERITY = {Verdict.ALLOW: 0, Verdict.WARN: 1, Verdict.DENY: 2}


class Action(_NamedEnum):
    """The action about to be taken (interdict.v1.Action)."""

    RUN = "RUN"
    INSTALL = "INSTALL"
    UPDATE = "UPDATE"
    PROCURE = "PROCURE"
    INTEGRATE = "INTEGRATE"


class Purpose(_NamedEnum):
    """The purpose an asset serves, for exemptions (interdict.v1.Purpose)."""

    LAW_ENFORCEMENT = "LAW_ENFORCEMENT"
    NATIONAL_SECURITY = "NATIONAL_SECURITY"
    SECURITY_RESEARCH = "SECURITY_RESEARCH"
    REGULATORY = "REGULATORY"
    BUSINESS_CONTINUITY = "BUSINESS_CONTINUITY"


class RuleState(_NamedEnum):
    """Where a matched rule's timeline is at the instant (interdict.v1.RuleState)."""

    PENDING = "PENDING"  # Matched; allowed until next_step_at.
    IN_FORCE = "IN_FORCE"  # A step is in force.
    EXEMPTED = "EXEMPTED"  # In force, cancelled by exemption_id.
    CONDITIONAL = "CONDITIONAL"  # Applies if the asset serves one of the rule's uses.


class RejectionReason(_NamedEnum):
    """Why an exemption naming a matched rule did not apply (interdict.v1.RejectionReason)."""

    NOT_YET_VALID = "NOT_YET_VALID"
    EXPIRED = "EXPIRED"
    ASSET_NOT_COVERED = "ASSET_NOT_COVERED"
    PURPOSE_MISMATCH = "PURPOSE_MISMATCH"
    ARTIFACT_NOT_COVERED = "ARTIFACT_NOT_COVERED"


@dataclasses.dataclass(frozen=True)
class Match:
    """One rule that matched the artifact, applies to the context and governs the action.

    Fields as interdict.v1.RuleMatch (proto/interdict/v1/decision.proto). Verdicts and
    instants that the proto leaves unset are None: ``in_force_since`` when PENDING,
    ``next_step_at`` and ``next_step_verdict`` after the last step, ``verdict_if_used``
    unless CONDITIONAL. ``step_index`` is -1 when PENDING.
    """

    policy_id: str
    rule_id: str
    citation: str  # The policy's, then the rule's pinpoint citation: "89 FR 52434".
    source_url: str
    state: RuleState
    verdict: Verdict  # Effective: ALLOW when PENDING or EXEMPTED, <= WARN if advisory.
    step_index: int
    step_label: str
    in_force_since: Optional[datetime.datetime]
    next_step_at: Optional[datetime.datetime]
    next_step_verdict: Optional[Verdict]
    basis: Optional[str]  # "ENTITY", "PRODUCT_EXACT", ..., "IDENTIFIER".
    matched_value: str
    exemption_id: str  # The exemption cancelling it, when EXEMPTED.
    component_path: List[str]
    applies_if_used_for: List[str]
    verdict_if_used: Optional[Verdict]


@dataclasses.dataclass(frozen=True)
class ExemptionOutcome:
    """An exemption that named a matched rule: applied, or rejected with every reason."""

    exemption_id: str
    policy_id: str
    rule_id: str
    applied: bool
    reason: Optional[RejectionReason]  # The first reason (artifact, asset, purpose, window).
    reasons: List[RejectionReason]
    valid_from: Optional[datetime.datetime]
    valid_until: Optional[datetime.datetime]  # None when open-ended.


@dataclasses.dataclass(frozen=True)
class ArtifactProblem:
    """An artifact field a rule needed but could not read (the rule did not match)."""

    policy_id: str
    rule_id: str
    exemption_id: str
    field: Optional[str]  # "ARTIFACT_VERSION", "ARTIFACT_PURL", ...
    value: str
    problem: str


@dataclasses.dataclass(frozen=True)
class CompileIssue:
    """A problem found in policy sources. ``str()`` gives "file:line:col: path: message".

    ``code`` is stable, for programs: "required", "invalid_value", "unknown_reference",
    ... (policy/compile_issue.h), or "load" for a source that could not be read or
    parsed. ``line`` and ``column`` are 1-based, 0 when unknown (binary and JSON sources).
    """

    severity: str  # "error" or "warning".
    code: str
    file: str
    line: int
    column: int
    field_path: str
    message: str
    formatted: str

    def __str__(self) -> str:
        return self.formatted


@dataclasses.dataclass(frozen=True)
class InventoryRecord:
    """One artifact read from an inventory, with where it came from.

    ``artifact`` is a dict of the interdict.v1.Artifact fields that are set (``name``,
    ``vendor``, ``version``, ``purl``, ..., ``first_seen`` as an aware datetime,
    ``components`` as a list of such dicts): pass it to ``Policy.evaluate`` as it is.
    ``component_path`` is empty for a record itself; with
    ``read_inventory(..., components=True)`` an SBOM's components are records too, and
    theirs is the names from the record down to the component.
    """

    source: str  # The file name.
    line: int  # 1-based line the record starts on; 0 when unknown.
    index: int  # 0-based index among the source's records, bad ones included.
    host: str  # osquery's hostIdentifier, when the source names one.
    asset_id: str
    org_unit: str
    artifact: Dict[str, Any]
    component_path: Tuple[str, ...] = ()


class Error(Exception):
    """Base class of the errors this module raises."""


class CompileError(Error):
    """Policy sources that do not load or do not compile.

    ``issues`` lists every problem found (errors and warnings), each with file, line,
    column, field path, message and severity; ``str()`` shows one per line.
    """

    def __init__(self, message: str, issues: List[CompileIssue]) -> None:
        super().__init__(message)
        self.issues = issues

    @property
    def errors(self) -> List[CompileIssue]:
        """The issues of severity "error"."""
        return [issue for issue in self.issues if issue.severity == "error"]


class LoadError(CompileError):
    """A policy source that could not be read or parsed (a subclass of CompileError)."""


class InventoryError(Error):
    """An inventory that cannot be opened or read to its end, or a bad record in it.

    ``source`` is the file, ``line`` the 1-based line (0 when unknown) and ``index`` the
    record's index (None when the error is not about one record).
    """

    def __init__(self, message: str, source: str, line: int = 0, index: Optional[int] = None) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.index = index


# The public names are documented and imported as interdict.X.
for _public in (Verdict, Action, Purpose, RuleState, RejectionReason, Match, ExemptionOutcome, ArtifactProblem,
                CompileIssue, InventoryRecord, Error, CompileError, LoadError, InventoryError):
    _public.__module__ = "interdict"
del _public

"""Type stubs of interdict._interdict, the compiled half of the interdict module."""

import datetime
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from interdict._types import (
    Action,
    ArtifactProblem,
    CompileIssue,
    ExemptionOutcome,
    InventoryError,
    InventoryRecord,
    Match,
    Purpose,
    RuleState,
    Verdict,
)

Instant = Union[datetime.datetime, str]  # An aware datetime, or RFC 3339 with its offset.
Tags = Union[str, Sequence[str], None]  # One tag, or several.
Column = Sequence[Optional[str]]  # Any iterable of str or None (None: empty).

class Decision:
    """The answer for one artifact in one context (interdict.v1.Decision); immutable."""

    @property
    def verdict(self) -> Verdict: ...
    @property
    def matched(self) -> bool: ...
    @property
    def matches(self) -> List[Match]: ...
    @property
    def exemptions(self) -> List[ExemptionOutcome]: ...
    @property
    def artifact_problems(self) -> List[ArtifactProblem]: ...
    @property
    def next_change(self) -> Optional[datetime.datetime]: ...
    @property
    def explanation(self) -> str: ...
    @property
    def vendor_entity(self) -> Optional[str]: ...
    @property
    def vendor_entity_evidence(self) -> Optional[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...

class Policy:
    """A compiled policy: immutable, safe to share across threads."""

    def evaluate(
        self,
        artifact: Optional[Mapping[str, Any]] = None,
        /,
        *,
        at: Instant,
        action: Union[Action, str],
        jurisdictions: Tags = None,
        organization_kinds: Tags = None,
        asset_kinds: Tags = None,
        uses: Tags = None,
        asset_id: Optional[str] = None,
        org_unit: Optional[str] = None,
        purpose: Union[Purpose, str, None] = None,
        **artifact_fields: Any,
    ) -> Decision: ...
    def evaluate_batch(
        self,
        *,
        at: Instant,
        action: Union[Action, str],
        jurisdictions: Tags = None,
        organization_kinds: Tags = None,
        asset_kinds: Tags = None,
        uses: Tags = None,
        purpose: Union[Purpose, str, None] = None,
        asset_id: Union[str, Column, None] = None,
        org_unit: Union[str, Column, None] = None,
        first_seen: Optional[Sequence[Optional[datetime.datetime]]] = None,
        explain: bool = False,
        name: Optional[Column] = None,
        vendor: Optional[Column] = None,
        version: Optional[Column] = None,
        purl: Optional[Column] = None,
        sha256: Optional[Column] = None,
        sha1: Optional[Column] = None,
        signer_subject: Optional[Column] = None,
        certificate_thumbprint: Optional[Column] = None,
        team_id: Optional[Column] = None,
        signing_id: Optional[Column] = None,
        bundle_id: Optional[Column] = None,
        msi_product_code: Optional[Column] = None,
        msi_upgrade_code: Optional[Column] = None,
        install_path: Optional[Column] = None,
        cpe: Optional[Column] = None,
    ) -> Dict[str, List[Any]]: ...
    @property
    def warnings(self) -> List[CompileIssue]: ...
    @property
    def catalog_version(self) -> Optional[str]: ...
    @property
    def policy_count(self) -> int: ...
    @property
    def rule_count(self) -> int: ...
    @property
    def exemption_count(self) -> int: ...
    @property
    def entity_count(self) -> int: ...

class InventoryReader(Iterator[InventoryRecord]):
    """Records of one inventory, read as iterated; one thread at a time."""

    def __init__(self, path: str, format: Optional[str] = None, *, errors: str = "raise",
                 components: bool = False) -> None: ...
    def __iter__(self) -> "InventoryReader": ...
    def __next__(self) -> InventoryRecord: ...
    @property
    def format(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def problems(self) -> List[InventoryError]: ...
    @property
    def skipped(self) -> int: ...
    @property
    def ignored(self) -> List[str]: ...
    @property
    def ignored_rows(self) -> int: ...

def catalog() -> Policy: ...
def catalog_version() -> str: ...
def catalog_facts_checked() -> str: ...
def compile_sources(
    sources: Sequence[Tuple[str, str, Optional[bytes], str]],
    *,
    on_catalog: bool = False,
    now: Optional[Instant] = None,
) -> Policy: ...

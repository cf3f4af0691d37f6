"""Interdict for Python: is this software allowed under vendor bans?

Compile policies (or take the bundled catalog of real bans), then evaluate artifacts in a
context into decisions: the verdict, every matched rule with its citation and deadline,
exemptions applied or rejected, and ``next_change``, the instant the answer next changes.

Example::

    import datetime, interdict

    policy = interdict.catalog()
    decision = policy.evaluate(
        name="Kaspersky Internet Security", vendor="AO Kaspersky Lab",
        at=datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc),
        action="update", jurisdictions=["US"])
    decision.verdict            # Verdict.DENY
    decision.matches[0].rule_id, decision.matches[0].citation
    decision.next_change        # aware UTC datetime, or None
    print(decision.explanation)

    # Columns in, columns out, the GIL released while evaluating (python/README.md):
    columns = policy.evaluate_batch(name=names, vendor=vendors, version=versions,
                                    at=when, action="run", jurisdictions=["US"])
    pandas.DataFrame(columns)

    for record in interdict.read_inventory("examples/inventories/osquery-windows.json"):
        policy.evaluate(record.artifact, asset_id=record.host, at=when, action="run")

Thread safety: a Policy is immutable; share one across any number of threads.
``evaluate`` and ``evaluate_batch`` release the GIL while the library evaluates, so
threads evaluate in parallel. Decisions, records and issues are immutable values. An
inventory reader (an iterator) belongs to one thread at a time.

Errors: CompileError (LoadError for a source that does not parse) with every issue and its
file, line and column; FileNotFoundError for a policy or inventory file that does not
exist; InventoryError naming the file and line of a bad record; TypeError and ValueError
naming the argument (and row) for bad arguments, e.g. a naive datetime.
"""

from __future__ import annotations

import os
from typing import Iterable, Optional, Sequence, Union

from interdict._types import (
    Action,
    ArtifactProblem,
    CompileError,
    CompileIssue,
    Error,
    ExemptionOutcome,
    InventoryError,
    InventoryRecord,
    LoadError,
    Match,
    Purpose,
    RejectionReason,
    RuleState,
    Verdict,
)
from interdict._interdict import Decision, InventoryReader, Policy
from interdict import _interdict

__all__ = [
    "Action",
    "ArtifactProblem",
    "CompileError",
    "CompileIssue",
    "Decision",
    "Error",
    "ExemptionOutcome",
    "InventoryError",
    "InventoryReader",
    "InventoryRecord",
    "LoadError",
    "Match",
    "Policy",
    "Purpose",
    "RejectionReason",
    "RuleState",
    "Verdict",
    "catalog",
    "catalog_facts_checked",
    "catalog_version",
    "compile_files",
    "compile_string",
    "read_inventory",
]

PathLike = Union[str, "os.PathLike[str]"]


def catalog() -> Policy:
    """The bundled catalog of real bans, compiled into the library (never fails)."""
    return _interdict.catalog()


def catalog_version() -> str:
    """The bundled catalog's version, e.g. "2026.12.1"."""
    return _interdict.catalog_version()


def catalog_facts_checked() -> str:
    """When the catalog's facts were last checked against their sources, "YYYY-MM-DD"."""
    return _interdict.catalog_facts_checked()


def compile_files(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    on_catalog: bool = False,
    now: Optional[object] = None,
) -> Policy:
    """Compiles policy files (textproto, .json protobuf JSON, .binpb binary) as one bundle.

    Args:
      paths: one path or several; their policies, entities and exemptions are merged.
      on_catalog: layer them on the bundled catalog (its entities and policies first), as
        an organisation adds its own exemptions and policies to it.
      now: an aware datetime; warns about exemptions expired by then (compiling reads no
        clock).

    Raises:
      CompileError: the policies have errors; ``.issues`` lists every one.
      LoadError: a file does not parse (a CompileError, with file, line and column).
      FileNotFoundError: the one file that failed does not exist.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    sources = [("file", os.fspath(path), None, "auto") for path in paths]
    return _interdict.compile_sources(sources, on_catalog=on_catalog, now=now)


def compile_string(
    contents: Union[str, bytes],
    *,
    format: str = "textproto",
    name: str = "<string>",
    on_catalog: bool = False,
    now: Optional[object] = None,
) -> Policy:
    """Compiles a policy held in memory.

    Args:
      contents: the policy, as str or bytes (binary protobuf must be bytes).
      format: "textproto", "json" (protobuf JSON) or "binary" (protobuf wire format).
      name: what issues call the source ("name:line:col: ...").
      on_catalog, now: as for compile_files.

    Raises:
      CompileError: the policy has errors (``.issues``, each with line and column).
      LoadError: it does not parse (a CompileError; textproto errors have line and column).
    """
    if isinstance(contents, str):
        contents = contents.encode("utf-8")
    return _interdict.compile_sources([("bytes", name, contents, format)], on_catalog=on_catalog, now=now)


def read_inventory(
    path: PathLike,
    format: Optional[str] = None,
    *,
    errors: str = "raise",
    components: bool = False,
) -> InventoryReader:
    """Reads an inventory, record by record, with the library's readers.

    Formats (detected from the content unless ``format`` names one): "osquery"
    (``osqueryi --json`` arrays and osqueryd result logs), "cyclonedx" and "spdx" (JSON
    SBOMs), "jsonl" (one interdict.v1.InventoryItem per line). Line formats are streamed;
    SBOMs are parsed whole.

    Args:
      path: the file ("-" reads standard input).
      format: None (auto), "osquery", "cyclonedx", "spdx" or "jsonl".
      errors: "raise" raises InventoryError at a bad record (naming file, line and record;
        iterating again goes on after it); "skip" skips it and keeps it in the reader's
        ``problems``. An input that ends early always raises.
      components: also yield every component of an SBOM, at any depth, as a record of its
        own (``component_path`` names it), as ``interdict check`` evaluates them.

    Returns:
      An iterator of InventoryRecord; also ``.format``, ``.problems``, ``.skipped``,
      ``.ignored`` (osquery queries of other tables) and ``.ignored_rows``.

    Raises:
      FileNotFoundError: the file does not exist.
      InventoryError: it cannot be read, its format cannot be told, or (errors="raise") a
        record is bad.
    """
    return InventoryReader(os.fspath(path), format, errors=errors, components=components)

"""incidents, incident, relink, export: the reconciled incidents in the store."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from . import app
from .common import DbOption, QuietOption, ShowFormat, db_url, err, show_progress


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    ucdp = "ucdp"
    acled = "acled"
    geojson = "geojson"
    csv = "csv"
    json = "json"


def _fail(msg: str) -> None:
    err.print(f"error: {msg}", style="red", markup=False, highlight=False)
    raise typer.Exit(1)


def _check_date(value: str | None, name: str) -> None:
    if value is None:
        return
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        _fail(f"{name} must be a date as YYYY-MM-DD, got {value!r}")


def _fig(e: dict | None) -> str:
    e = e or {}
    if e.get("best") is None and e.get("low") is None:
        return ""
    s = str(e.get("best") if e.get("best") is not None else f"≥{e.get('low')}")
    if e.get("low") is not None and e.get("low") != e.get("best") or e.get("high") is not None and e.get("high") != e.get("best"):
        s += f" ({e.get('low') if e.get('low') is not None else '?'}–{e.get('high') if e.get('high') is not None else '?'})"
    return s


@app.command()
def incidents(
    db: str = DbOption,
    country: str = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 code, e.g. SY."),
    since: str = typer.Option(None, "--since", help="Only incidents ending on or after this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Only incidents starting on or before this date (YYYY-MM-DD)."),
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """List reconciled incidents with their best/low/high figures and sourcing grade."""
    from ..store import Store
    from ..store.incidents import list_incidents

    _check_date(since, "--since")
    _check_date(until, "--until")
    with Store(db_url(db)) as store:
        rows = list_incidents(store.engine, country=country, since=since, until=until)
    if format == ListFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if format == ListFormat.csv:
        from ..export import write_export

        write_export("csv", rows, sys.stdout)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} incidents", title_justify="left")
    for col in ("id", "parent", "dates", "place", "type", "killed", "injured", "grade", "reports"):
        table.add_column(col, overflow="fold")
    for d in rows:
        ev, loc = d.get("event") or {}, d.get("location") or {}
        dates = ev.get("date_start") or ""
        if ev.get("date_end") and ev.get("date_end") != ev.get("date_start"):
            dates += f"–{ev['date_end']}"
        table.add_row(d["id"], d.get("parent_id") or "", dates,
                      ", ".join(x for x in (loc.get("name"), loc.get("country")) if x),
                      ev.get("type") or "", _fig(d.get("killed")), _fig(d.get("injured")), d.get("grade") or "",
                      str(sum(1 for r in d.get("reports") or [] if not r.get("duplicate_of"))))
    Console(highlight=False, width=None if sys.stdout.isatty() else 220).print(table)


@app.command()
def incident(
    incident_id: str = typer.Argument(..., help="The incident's id (see `observatory incidents`)."),
    db: str = DbOption,
    explain: bool = typer.Option(False, "--explain", help="Show which claims, reports, sources and rules produced each figure."),
    format: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Show one incident: figures, sources, reports and claims (with --explain: why each figure)."""
    from ..reconcile import explain_text
    from ..store import Store
    from ..store.incidents import get_incident, incident_children

    with Store(db_url(db)) as store:
        d = get_incident(store.engine, incident_id)
        kids = incident_children(store.engine, incident_id) if d else []
    if d is None:
        _fail(f"no incident {incident_id!r} in the store (run `observatory incidents` to list them)")
    if format == ShowFormat.json:
        if not explain:
            d = {k: v for k, v in d.items() if k != "explanations"}
        d["children"] = [k["id"] for k in kids]
        typer.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    text = explain_text(d)
    if not explain:
        head, _, rest = text.partition("\nHow each figure was produced:")
        _, _, claims = rest.partition("\nClaims in this incident:")
        text = head + "\nSources:\n" + "\n".join(
            f"  {s['name']} ({s['kind']}): killed {_fig(s.get('killed')) or '-'}, injured {_fig(s.get('injured')) or '-'}"
            for s in d.get("sources") or []) + "\n\nClaims in this incident:" + claims
    if kids:
        text += "\n\nLocal incidents in this episode:\n" + "\n".join(f"  {k['id']}  {k.get('title')}" for k in kids)
    typer.echo(text)


@app.command()
def relink(
    db: str = DbOption,
    policy: Path = typer.Option(None, "--policy", help="A JSON file overlaid on the shipped reconciliation policy."),
    quiet: bool = QuietOption,
) -> None:
    """Recompute all incidents from the stored extractions (after rules or policy change)."""
    from ..reconcile import load_policy, relink_store
    from ..store import Store

    try:
        pol = load_policy(policy) if policy else None
    except ValueError as exc:
        _fail(str(exc))
    with Store(db_url(db)) as store:
        stats = relink_store(store, pol, progress=show_progress(quiet))
    typer.echo(f"{stats['incidents']} incidents from {stats['reports']} reports "
               f"(link {stats['link_seconds']:.1f}s, save {stats['persist_seconds']:.1f}s)")


@app.command()
def export(
    format: ExportFormat = typer.Option(..., "--format", "-f", help="ucdp, acled, geojson, csv or json."),
    output: Path = typer.Option(None, "-o", "--output", help="Output file (default: standard output)."),
    db: str = DbOption,
    country: str = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 code."),
    since: str = typer.Option(None, "--since", help="YYYY-MM-DD"),
    until: str = typer.Option(None, "--until", help="YYYY-MM-DD"),
) -> None:
    """Export incidents as UCDP GED-style or ACLED-style CSV, GeoJSON, flat CSV or JSON."""
    from ..export import write_export
    from ..store import Store
    from ..store.incidents import list_incidents

    _check_date(since, "--since")
    _check_date(until, "--until")
    with Store(db_url(db)) as store:
        rows = list_incidents(store.engine, country=country, since=since, until=until)
    if output is None:
        write_export(format.value, rows, sys.stdout)
    else:
        try:
            n = write_export(format.value, rows, output)
        except OSError as exc:
            _fail(f"{output}: cannot write: {exc}")
        err.print(f"{n} incidents written to {output}", markup=False, highlight=False)

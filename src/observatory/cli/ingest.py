"""ingest, reports, show: put reports into the store and look at them."""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from . import app
from .common import DbOption, QuietOption, ShowFormat, db_url, err, show_progress


class ListFormat(str, Enum):
    table = "table"
    json = "json"


def _say(line: str, style: str | None = None) -> None:
    err.print(line, markup=False, highlight=False, soft_wrap=True, style=style)


def open_store(db: str | None):
    """The store at --db / $OBSERVATORY_DB, or exit 2 with one clear line when it cannot be opened."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

    from ..store import Store

    url = db_url(db)
    try:
        return Store(url)
    except (OperationalError, DBAPIError, ArgumentError, ValueError) as e:
        reason = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
        _say(f"error: cannot open the store {url}: {reason}", style="red")
        raise typer.Exit(2) from None


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt .html .jsonl .json .rss .atom .xml), folders read recursively."),
    db: str = DbOption,
    no_extract: bool = typer.Option(False, "--no-extract", help="Only store the reports; do not run extraction."),
    no_link: bool = typer.Option(False, "--no-link", help="Do not recompute incidents afterwards."),
    max_bytes: int = typer.Option(10_000_000, "--max-bytes", min=1, help="Largest file (or JSONL line) accepted, in bytes."),
    chunk_size: int = typer.Option(500, "--chunk-size", min=1, help="Reports per transaction."),
    extract_pending: bool = typer.Option(
        False, "--extract-pending", help="Also extract reports stored earlier without extraction (e.g. after --no-extract or a crash)."),
    workers: int | None = typer.Option(None, "--workers", min=0, help="Extract on a local Dask cluster of N worker processes (same results; see docs/scaling.md)."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Extract on an existing Dask cluster (tcp://host:8786); this process still reads the files and writes the store."),
    quiet: bool = QuietOption,
) -> None:
    """Read reports into the store: dedupe, extract claims, relink incidents.

    Prints one summary line; errors go to stderr, one line each, and make the exit code 1.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from ..ingest import estimate_count, ingest_reports, read_paths

    def on_error(e) -> None:
        if e.skipped and quiet:
            return
        _say(e.describe(), style=None if e.skipped else "red")

    store = open_store(db)
    try:
        bar = show_progress(quiet)
        with Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TimeRemainingColumn(), console=err, disable=not bar, transient=False,
        ) as progress:
            total = estimate_count(paths) if bar else None
            task = progress.add_task("ingest", total=total, rate="")

            def advance(n: int) -> None:
                progress.advance(task, n)
                t = progress.tasks[0]
                if t.elapsed:
                    progress.update(task, rate=f"{t.completed / t.elapsed:,.0f}/s")

            if workers or scheduler:  # extraction on Dask workers (observatory.scale)
                from ..scale import dask_ingest

                stats = dask_ingest(
                    paths, store, workers=workers, scheduler=scheduler, extract=not no_extract, link=not no_link,
                    progress=advance, on_error=on_error, chunk_size=chunk_size, max_bytes=max_bytes,
                    extract_pending=extract_pending,
                )
            else:
                stats = ingest_reports(
                    store, read_paths(paths, max_bytes=max_bytes), extract=not no_extract, link=not no_link,
                    progress=advance, on_error=on_error, chunk_size=chunk_size, extract_pending=extract_pending,
                )
    finally:
        store.close()
    if not quiet:
        for w in stats.warnings:
            _say(f"warning: {w}", style="yellow")
    typer.echo(stats.summary())
    if stats.errors:
        raise typer.Exit(1)


@app.command()
def reports(
    db: str = DbOption,
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table or json."),
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="How many (newest first); 0 for all."),
) -> None:
    """List stored reports, newest first."""
    with open_store(db) as store:
        rows = store.list_reports(limit=limit or None)
        total = store.count_reports()
    for r in rows:
        r["has_extraction"] = bool(r["has_extraction"])
    if format == ListFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    import sys

    table = Table(title=f"{len(rows)} of {total} reports", title_justify="left")
    for col in ("id", "published", "publisher", "title", "chars", "claims", "duplicate of"):
        table.add_column(col, overflow="fold", no_wrap=col not in ("id", "title", "duplicate of"),
                         max_width=60 if col == "title" else None,
                         justify="right" if col in ("chars", "claims") else "left")
    for r in rows:
        claims = str(r["claims"]) if r["has_extraction"] else ("error" if r["extract_error"] else "-")
        table.add_row(r["id"], r["published"] or "", r["publisher"] or "", r["title"] or "",
                      str(r["chars"]), claims, r["duplicate_of"] or "")
    Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(table)


@app.command()
def show(
    report_id: str = typer.Argument(..., help="The report's id (see `observatory reports`)."),
    db: str = DbOption,
    format: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Print one report: metadata, text and the claims extracted from it."""
    from ..model import to_dict

    with open_store(db) as store:
        report = store.get_report(report_id)
        extraction = store.get_extraction(report_id) if report else None
    if report is None:
        _say(f"error: no report {report_id!r} in the store", style="red")
        raise typer.Exit(1)
    if format == ShowFormat.json:
        out = to_dict(report)
        out["extraction"] = extraction.to_dict() if extraction else None
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for label, value in (
        ("id", report.id), ("title", report.title), ("publisher", report.publisher),
        ("published", report.published), ("url", report.url), ("language", report.language),
        ("source", report.source_path), ("ingested", report.ingested_at),
        ("duplicate of", report.duplicate_of), ("content hash", report.content_hash),
    ):
        if value:
            typer.echo(f"{label + ':':<14}{value}")
    typer.echo("")
    typer.echo(report.text)
    if extraction is None:
        typer.echo("\n(not extracted)")
        return
    if extraction.error:
        typer.echo(f"\nextraction error: {extraction.error}")
    typer.echo(f"\nclaims ({len(extraction.claims)}):")
    for i, c in enumerate(extraction.claims):
        if c.value is not None:
            num = str(c.value)
        elif c.low is not None and c.high is not None:
            num = f"{c.low}-{c.high}"
        elif c.low is not None or c.high is not None:
            num = f">={c.low}" if c.low is not None else f"<={c.high}"
        else:
            num = "?"
        bits = [f"{c.status} {c.group}: {num} ({c.qualifier})"]
        if c.scope and c.scope != "incident":
            bits.append(f"scope {c.scope}")
        if c.source:
            bits.append(f"source {c.source}")
        if c.place:
            bits.append(f"at {c.place}")
        if c.date_start:
            bits.append(f"on {c.date_start}" + (f"..{c.date_end}" if c.date_end and c.date_end != c.date_start else ""))
        typer.echo(f"  [{i}] " + "; ".join(bits))
        if c.evidence is not None:
            typer.echo(f"      \"{c.evidence.text}\"")
    loc = extraction.location
    if loc is not None:
        typer.echo(f"\nlocation: {loc.name or loc.mention}" + (f" ({loc.lat}, {loc.lon})" if loc.lat is not None else ""))
    if extraction.event and extraction.event.type:
        typer.echo(f"event: {extraction.event.type}" + (f" / {extraction.event.sub_type}" if extraction.event.sub_type else ""))

"""`observatory extract`: reports in, contract JSON out (one object per document)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator, Optional

import typer

from . import app
from .common import QuietOption, err, show_progress


def _stdin_items(published: str | None) -> Iterator[tuple[str, str | None, str | None, str | None]]:
    """(id, text, published, error) from standard input: JSONL when it looks like it, else one text."""
    data = sys.stdin.buffer.read()
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        yield "-", None, published, "-: input is not UTF-8 text"
        return
    lines = [ln for ln in raw.splitlines() if ln.strip()]
    if lines and all(ln.lstrip().startswith("{") for ln in lines[:3]):
        for i, ln in enumerate(lines, 1):
            try:
                rec = json.loads(ln)
            except json.JSONDecodeError as e:
                yield f"-:{i}", None, published, f"-: line {i}: invalid JSON ({e.msg})"
                continue
            if not isinstance(rec, dict):
                yield f"-:{i}", None, published, f"-: line {i}: expected a JSON object"
                continue
            rid = str(rec.get("id", f"-:{i}"))
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                yield rid, None, rec.get("published") or published, f"-: line {i}: no text"
                continue
            yield rid, text, rec.get("published") or published, None
    elif not raw.strip():
        yield "-", None, published, "-: empty input"
    else:
        yield "-", raw, published, None


def _items(inputs: list[str], published: str | None) -> Iterator[tuple[str, str | None, str | None, str | None]]:
    from observatory.ingest import IngestError, read_paths

    for inp in inputs:
        if inp == "-":
            yield from _stdin_items(published)
            continue
        for item in read_paths([inp]):
            if isinstance(item, IngestError):
                if getattr(item, "skipped", False):
                    continue
                rid = f"{item.path}:{item.line}" if item.line else str(item.path)
                yield rid, None, published, str(item)
            else:
                pub = item.published or published
                yield item.id, item.text, (str(pub)[:10] if pub else None), None


def _table(docs: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="Extraction", show_lines=False)
    for col in ("id", "killed", "injured", "by group", "place", "event", "dates", "sources", "claims"):
        t.add_column(col)
    for d in docs:
        if d.get("error"):
            t.add_row(str(d.get("id")), "[red]error[/red]", "", "", "", d["error"], "", "", "")
            continue
        s = d.get("summary") or {}

        def fmt(e):
            if not e or (e.get("best") is None and e.get("low") is None):
                return "-"
            b, lo, hi = e.get("best"), e.get("low"), e.get("high")
            return f"{b if b is not None else '?'}" + (f" [{lo}-{hi if hi is not None else ''}]" if lo != b or hi != b else "")

        groups = ", ".join(f"{g} {fmt(e)}" for g, e in (s.get("killed_by_group") or {}).items())
        loc = (d.get("location") or {}).get("name") or "-"
        ev = d.get("event") or {}
        dates = f"{ev.get('date_start') or '?'}..{ev.get('date_end') or '?'}" if ev.get("date_start") else "-"
        src = ", ".join(f"{x['name']} ({x['kind']})" for x in d.get("sources") or [])
        t.add_row(str(d.get("id")), fmt(s.get("killed")), fmt(s.get("injured")), groups, loc, ev.get("type") or "-", dates, src, str(len(d.get("claims") or [])))
    Console().print(t)


@app.command("extract")
def extract_cmd(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Files (.txt, .html, .jsonl, .json), folders, or - for standard input."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for documents that do not carry one (anchors relative dates)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="jsonl | json | table (default: jsonl when stdout is not a terminal, else table)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write to this file instead of standard output."),
    quiet: bool = QuietOption,
    workers: Optional[int] = typer.Option(None, "--workers", help="Run extraction on a local Dask cluster of N worker processes (same output, same order)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run extraction on this Dask scheduler (tcp://host:8786)."),
) -> None:
    """Extract casualty claims, places, dates, sources, event type and summary from reports."""
    from observatory.extract.pipeline import extract
    from observatory.model import Extraction, json_line

    if published is not None:
        import re

        if not re.fullmatch(r"\d{4}-\d\d-\d\d", published):
            err.print(f"[red]--published must be YYYY-MM-DD, got {published!r}[/red]")
            raise typer.Exit(2)
    if fmt is None:
        fmt = "jsonl" if (out is not None or not sys.stdout.isatty()) else "table"
    if fmt not in ("jsonl", "json", "table"):
        err.print(f"[red]--format must be jsonl, json or table, got {fmt!r}[/red]")
        raise typer.Exit(2)
    fh = out.open("w", encoding="utf-8") if out else sys.stdout
    collected: list[dict] = []
    n_err = 0
    progress = None
    if show_progress(quiet):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True)
        total = None
        try:
            from observatory.ingest import estimate_count

            total = estimate_count([i for i in inputs if i != "-"]) or None
        except Exception:
            pass
        progress.start()
        task = progress.add_task("extract", total=total)

    def serial():
        for rid, text, pub, error in _items(inputs, published):
            if error:
                yield rid, text, pub, error, {"id": rid, "published": pub, "error": error}
                continue
            try:
                doc = extract(text, id=rid, published=pub)  # a record: serialised by its to_json
            except Exception as e:  # never stop a batch
                doc = {"id": rid, "published": pub, "error": f"{rid}: extraction failed: {type(e).__name__}: {e}"}
            yield rid, text, pub, None, doc

    if workers or scheduler:
        from observatory.scale.runner import dask_extract_items

        stream = dask_extract_items(_items(inputs, published), workers=workers, scheduler=scheduler)
    else:
        stream = serial()
    try:
        for rid, text, pub, error, doc in stream:
            if isinstance(doc, Extraction) and fmt != "jsonl":
                doc = doc.to_dict()
            msg = doc.error if isinstance(doc, Extraction) else doc.get("error")
            if msg:
                n_err += 1
                if quiet:
                    err.print(msg, markup=False)
                else:
                    from rich.markup import escape

                    err.print(f"[red]error:[/red] {escape(msg)}", markup=True, highlight=False)
            if fmt == "jsonl":
                fh.write((doc.to_json() if isinstance(doc, Extraction) else json_line(doc)) + "\n")
            else:
                collected.append(doc)
            if progress:
                progress.advance(task)
    finally:
        if progress:
            progress.stop()
    if fmt == "json":
        json.dump(collected, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    elif fmt == "table":
        _table(collected)
    if out:
        fh.close()

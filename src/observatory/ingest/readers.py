"""Readers: files and folders in, a stream of :class:`Report` or :class:`IngestError` out.

Nothing is raised for bad input: every problem becomes an ``IngestError`` naming the file
(and the line for JSONL) so that the caller can report it and go on with the batch.
Everything is streamed: a JSONL file is read line by line, folders are walked lazily in a
sorted, deterministic order.
"""
from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Report
from .errors import IngestError
from .html import formats, html_to_text
from .normalize import clean_field, make_id, normalise_date, normalise_text

DEFAULT_MAX_BYTES = 10_000_000
_SNIFF = 8192
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

Item = Report | IngestError


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    for kind, exts in formats()["extensions"].items():
        if suffix in exts:
            return kind
    return None


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _name(path: Path) -> str:
    return path.as_posix()


class _Bad(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def _decode(data: bytes, *, html: bool = False) -> str:
    """Bytes to str: BOM, else UTF-8, else (HTML only) the charset the page declares."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise _Bad(f"undecodable bytes ({enc}: {e.reason} at byte {e.start})") from None
    if b"\x00" in data[:_SNIFF] or b"\x00" in data[-_SNIFF:]:
        raise _Bad("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        first = e
    if html:
        m = _CHARSET.search(data[:4096])
        if m:
            enc = m.group(1).decode("ascii", "replace")
            try:
                return data.decode(enc)
            except LookupError:
                raise _Bad(f"unknown charset {enc!r} declared in the page") from None
            except UnicodeDecodeError as e:
                raise _Bad(f"undecodable bytes (not valid {enc} at byte {e.start})") from None
    raise _Bad(f"undecodable bytes (not valid UTF-8 at byte {first.start}: 0x{data[first.start]:02x})")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise _Bad(f"file too large ({_mb(size)}; the limit is {_mb(max_bytes)}, see --max-bytes)")
    data = path.read_bytes()
    if not data.strip():
        raise _Bad("empty file")
    return data


def _field(rec: dict, name: str):
    for key in formats()["fields"][name]:
        v = rec.get(key)
        if v is not None and v != "":
            return v
    return None


def _report_from_record(rec, *, default_id: str, source_path: str) -> Report:
    """One JSON object -> Report (raises _Bad when it has no usable text)."""
    if not isinstance(rec, dict):
        raise _Bad(f"expected a JSON object, got {type(rec).__name__}")
    text = _field(rec, "text")
    html = _field(rec, "html")
    doc = None
    if isinstance(text, str) and text.strip():
        body = normalise_text(text)
    elif isinstance(html, str) and html.strip():
        doc = html_to_text(html)
        body = doc.text
    elif text is not None and not isinstance(text, str):
        raise _Bad(f'"text" must be a string, got {type(text).__name__}')
    else:
        raise _Bad('no text (expected a non-empty "text" or "html" value)')
    if not body:
        raise _Bad("no text after removing markup" if doc else "no text (only whitespace)")
    rid = _field(rec, "id")
    published_raw = _field(rec, "published")
    published = normalise_date(published_raw)
    lang = clean_field(_field(rec, "language"))
    return Report(
        id=make_id(rid if rid is not None else default_id),
        text=body,
        title=clean_field(_field(rec, "title")) or (doc.title if doc else None),
        url=clean_field(_field(rec, "url")) or (doc.url if doc else None),
        publisher=clean_field(_field(rec, "publisher")) or (doc.publisher if doc else None),
        published=published or (doc.published if doc else None),
        language=(lang or (doc.language if doc else None) or "en")[:8],
        source_path=source_path,
    )


SIDECAR = ".meta.json"


def sidecar_path(path: Path) -> Path:
    """Where the metadata of a plain-text or HTML report lives: ``NAME.meta.json`` beside it."""
    return path.with_name(path.stem + SIDECAR)


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR)


def _sidecar(path: Path, max_bytes: int) -> dict:
    """Metadata for a .txt/.html report from its ``NAME.meta.json`` (title, url, publisher,
    published, language; the id stays the path).  Absent file: no metadata.  A malformed one
    is an error naming the sidecar, so that a wrong date never slips in silently."""
    side = sidecar_path(path)
    if not side.is_file():
        return {}
    try:
        rec = json.loads(_decode(_read_bytes(side, max_bytes)))
    except json.JSONDecodeError as e:
        raise _Bad(f"malformed metadata in {_name(side)} ({e.msg} at line {e.lineno})") from None
    except _Bad as e:
        raise _Bad(f"{_name(side)}: {e.message}") from None
    if not isinstance(rec, dict):
        raise _Bad(f"metadata in {_name(side)} must be a JSON object")
    out = {k: clean_field(_field(rec, k)) for k in ("title", "url", "publisher", "language")}
    raw = _field(rec, "published")
    if raw is not None:
        out["published"] = normalise_date(raw)
        if out["published"] is None:
            raise _Bad(f"unreadable date {raw!r} in {_name(side)}")
    return {k: v for k, v in out.items() if v}


# ---------------------------------------------------------------------------- per format


def read_text(path: Path, max_bytes: int) -> Iterator[Item]:
    name = _name(path)
    text = normalise_text(_decode(_read_bytes(path, max_bytes)))
    if not text:
        raise _Bad("empty file (only whitespace)")
    lines = text.split("\n", 1)
    first = lines[0].strip()
    title = first if len(lines) > 1 and len(first) <= 150 and not first.endswith((".", ",", ";")) else None
    meta = _sidecar(path, max_bytes)
    yield Report(
        id=make_id(name), text=text, title=meta.get("title") or title, url=meta.get("url"),
        publisher=meta.get("publisher"), published=meta.get("published"),
        language=meta.get("language") or "en", source_path=name,
    )


def read_html(path: Path, max_bytes: int) -> Iterator[Item]:
    name = _name(path)
    doc = html_to_text(_decode(_read_bytes(path, max_bytes), html=True))
    if not doc.text:
        raise _Bad("HTML page has no text (after dropping scripts, navigation and other boilerplate)")
    meta = _sidecar(path, max_bytes)
    yield Report(
        id=make_id(name), text=doc.text, title=meta.get("title") or doc.title, url=meta.get("url") or doc.url,
        publisher=meta.get("publisher") or doc.publisher, published=meta.get("published") or doc.published,
        language=meta.get("language") or doc.language or "en", source_path=name,
    )


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    """One JSON object per line; the size limit applies to each line (the file is streamed)."""
    name = _name(path)
    seen_any = False
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
        if b"\x00" in head:
            raise _Bad("binary file (contains NUL bytes), not JSON lines")
        fh.seek(0)
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if len(raw) > max_bytes:
                yield IngestError(name, lineno, f"line too large ({_mb(len(raw))}; the limit is {_mb(max_bytes)}, see --max-bytes)")
                continue
            if not raw.strip():
                continue
            seen_any = True
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield IngestError(name, lineno, f"undecodable bytes (not valid UTF-8 at column {e.start + 1})")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield IngestError(name, lineno, f"malformed JSON ({e.msg} at column {e.colno})")
                continue
            try:
                yield _report_from_record(rec, default_id=f"{name}:{lineno}", source_path=f"{name}:{lineno}")
            except _Bad as e:
                yield IngestError(name, lineno, e.message)
    if not seen_any:
        raise _Bad("empty file")


def read_json(path: Path, max_bytes: int) -> Iterator[Item]:
    """A single JSON object, or a list of them."""
    name = _name(path)
    try:
        data = json.loads(_decode(_read_bytes(path, max_bytes)))
    except json.JSONDecodeError as e:
        raise _Bad(f"malformed JSON ({e.msg} at column {e.colno})", line=e.lineno) from None
    if isinstance(data, dict):
        yield _report_from_record(data, default_id=name, source_path=name)
        return
    if not isinstance(data, list):
        raise _Bad(f"expected a JSON object or a list of objects, got {type(data).__name__}")
    if not data:
        raise _Bad("empty list")
    for i, rec in enumerate(data, start=1):
        try:
            yield _report_from_record(rec, default_id=f"{name}#{i}", source_path=f"{name}#{i}")
        except _Bad as e:
            yield IngestError(name, None, f"item {i}: {e.message}")


def read_feed(path: Path, max_bytes: int) -> Iterator[Item]:
    """RSS or Atom: one report per entry, its text from the content (else the summary)."""
    import feedparser

    name = _name(path)
    data = _read_bytes(path, max_bytes)
    if b"\x00" in data[:_SNIFF] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Bad("binary file (contains NUL bytes), not a feed")
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise _Bad(f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
        if not parsed.get("version"):
            raise _Bad("not an RSS/Atom feed")
        raise _Bad("feed has no entries")
    feed = parsed.get("feed") or {}
    feed_publisher = clean_field(feed.get("title"))
    feed_lang = clean_field(feed.get("language"))
    for i, entry in enumerate(entries, start=1):
        parts = [c.get("value", "") for c in entry.get("content") or [] if c.get("value")]
        raw = "\n\n".join(parts) or entry.get("summary") or entry.get("description") or ""
        text = html_to_text(raw).text if raw.strip() else ""
        rid = entry.get("id") or entry.get("link") or f"{name}#{i}"
        if not text:
            yield IngestError(name, None, f"entry {i} ({rid}): no text in content or summary")
            continue
        src = entry.get("source") or {}
        published = normalise_date(entry.get("published") or entry.get("updated") or entry.get("created"))
        lang = feed_lang or "en"
        yield Report(
            id=make_id(rid), text=text, title=clean_field(entry.get("title")),
            url=clean_field(entry.get("link")),
            publisher=clean_field(src.get("title")) or feed_publisher,
            published=published,
            language=lang.replace("_", "-").split("-")[0].lower()[:8],
            source_path=f"{name}#{i}",
        )


_READERS = {"text": read_text, "html": read_html, "jsonl": read_jsonl, "json": read_json, "feed": read_feed}


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, in_folder: bool = False) -> Iterator[Item]:
    """Reports from one file, or IngestErrors naming it."""
    path = Path(path)
    name = _name(path)
    kind = _kind(path)
    if kind is None:
        exts = ", ".join(e for v in formats()["extensions"].values() for e in v)
        what = f"unknown file type ({path.suffix or 'no extension'}; expected one of {exts})"
        yield IngestError(name, None, what, skipped=in_folder)
        return
    try:
        yield from _READERS[kind](path, max_bytes)
    except _Bad as e:
        yield IngestError(name, e.line, e.message)
    except FileNotFoundError:
        yield IngestError(name, None, "no such file")
    except PermissionError:
        yield IngestError(name, None, "cannot read (permission denied)")
    except IsADirectoryError:
        yield IngestError(name, None, "is a directory")
    except OSError as e:
        yield IngestError(name, None, f"cannot read ({e.strerror or e})")


def walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, sorted, hidden files and folders left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith("."):
                yield Path(root) / f


def read_paths(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Reports (or errors) from files and folders, in the order given, folders walked sorted."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in walk(path):
                if not is_sidecar(f):  # metadata of the report beside it, not a report
                    yield from read_file(f, max_bytes=max_bytes, in_folder=True)
        elif not path.exists():
            yield IngestError(_name(path), None, "no such file or directory")
        else:
            yield from read_file(path, max_bytes=max_bytes)


def estimate_count(paths: Iterable[str | Path]) -> int:
    """A cheap estimate of how many items :func:`read_paths` will yield (for progress bars)."""
    n = 0
    for p in paths:
        path = Path(p)
        files = walk(path) if path.is_dir() else [path]
        for f in files:
            if path.is_dir() and is_sidecar(f):
                continue
            kind = _kind(f)
            try:
                if kind == "jsonl":
                    with f.open("rb") as fh:
                        n += sum(1 for line in fh if line.strip())
                elif kind in ("feed", "json") and f.stat().st_size < 50_000_000:
                    data = f.read_bytes()
                    k = data.count(b"<item") + data.count(b"<entry") if kind == "feed" else data.count(b'"text"') + data.count(b'"html"')
                    n += max(1, k)
                else:
                    n += 1
            except OSError:
                n += 1
    return n

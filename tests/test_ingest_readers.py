"""Readers: every input format, normalisation, and every class of bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from observatory.ingest import IngestError, html_to_text, normalise_date, normalise_text, read_file, read_paths
from observatory.model import Report, content_hash

DATA = Path(__file__).parent / "data" / "ingest"
GOOD = DATA / "good"
BAD = DATA / "bad"


def _one(path, **kw) -> Report | IngestError:
    items = list(read_file(path, **kw))
    assert len(items) == 1, items
    return items[0]


def _reports(items):
    return [x for x in items if isinstance(x, Report)]


def _errors(items):
    return [x for x in items if isinstance(x, IngestError)]


# ----------------------------------------------------------------------------- formats


def test_text_file_title_and_whitespace():
    r = _one(GOOD / "plain.txt")
    assert isinstance(r, Report)
    assert r.id == (GOOD / "plain.txt").as_posix() and r.source_path == r.id
    assert r.title == "Shelling kills three in northern town"
    # runs of spaces collapsed, paragraphs kept, three blank lines become one
    assert "killed and five others" in r.text
    assert "\n\nThe shelling continued" in r.text and "\n\n\n" not in r.text
    assert r.content_hash == content_hash(r.text)


def test_text_file_without_short_first_line_has_no_title(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("A long first paragraph that ends with a period and is the whole story of the day.\nMore.\n")
    assert _one(p).title is None


def test_html_main_text_and_metadata():
    r = _one(GOOD / "article.html")
    assert r.title == "Airstrike on market kills 12, health officials say"
    assert r.publisher == "Example News"
    assert r.published == "2025-03-09"
    assert r.url == "https://news.example.org/2025/03/09/airstrike-market"
    assert r.language == "en"
    assert "killed 12 people, including four children" in r.text  # inline tags and source newlines joined
    assert r.text.startswith("Airstrike on market kills 12\n\n")
    assert "At least 30 others were wounded.\nRescue teams" in r.text  # <br> is a line break
    for boiler in ("tracking", "color: red", "Subscribe", "Most read", "Copyright", "newsletter", "Home"):
        assert boiler not in r.text


def test_html_time_element_and_meta_publisher():
    r = _one(GOOD / "nested" / "time.htm")
    assert r.published == "2024-11-02" and r.publisher == "Daily Example"
    assert r.text.startswith("Gunmen abducted six aid workers")


def test_html_declared_charset(tmp_path):
    p = tmp_path / "latin.html"
    p.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 bombed in S\xe3o Tom\xe9.</p></body></html>'.encode("latin-1"))
    assert _one(p).text == "Café bombed in São Tomé."


def test_html_prefers_largest_article():
    doc = html_to_text(
        "<body><article><p>Teaser.</p></article><article><p>The real story, which is much longer than the teaser.</p>"
        "</article><div>Sidebar text</div></body>"
    )
    assert doc.text == "The real story, which is much longer than the teaser."


def test_jsonl_records():
    items = list(read_file(GOOD / "reports.jsonl"))
    assert not _errors(items)
    j1, j2, j3 = items
    assert (j1.id, j1.title, j1.publisher, j1.published, j1.url) == (
        "j1", "Ambush near Gao", "Sahel Wire", "2024-06-14", "https://example.org/j1")
    assert j1.source_path.endswith("reports.jsonl:1")
    assert j2.text == "A roadside bomb killed a police officer in Kandahar." and j2.published == "2024-06-14"
    assert j2.source_path.endswith(":3")  # the blank line 2 is skipped but counted
    # no id: file:line; aliases "date" and "source"
    assert j3.id.endswith("reports.jsonl:4")
    assert j3.publisher == "Capital Times" and j3.published == "2024-06-15"


def test_json_object_and_list():
    r = _one(GOOD / "single.json")
    assert (r.id, r.publisher, r.published) == ("one-object", "Example Daily", "2023-01-05")
    items = list(read_file(GOOD / "list.json"))
    assert [x.id for x in items] == ["l1", "l2"] and items[1].title == "Clashes in old city"


def test_rss_entries():
    a, b = list(read_file(GOOD / "feed.rss"))
    assert a.id == "wire-a1" and a.title == "Car bomb kills 5 in Mogadishu"
    assert a.publisher == "Conflict Wire" and a.published == "2025-03-10" and a.url == "https://wire.example.org/a1"
    # the full content wins over the teaser description
    assert a.text == "A car bomb killed five people outside a hotel in Mogadishu on Monday, police said.\n\nAl-Shabaab claimed the attack."
    assert b.id == "https://wire.example.org/a2"  # no guid: the link
    assert b.text == "Heavy floods displaced about 3,000 families in the south."


def test_atom_entry():
    (r,) = list(read_file(GOOD / "feed.atom"))
    assert r.id == "urn:example:monitor:1" and r.publisher == "Monitor Updates"
    assert r.published == "2025-02-01" and r.url == "https://monitor.example.org/1"
    assert r.text.startswith("Eleven civilians were killed")


def test_folder_is_walked_sorted_recursively():
    items = list(read_paths([GOOD]))
    names = [Path((x.source_path if isinstance(x, Report) else x.path).split(":")[0].split("#")[0]).name for x in items]
    assert "time.htm" in names  # nested folder
    assert ".hidden.txt" not in names
    # deterministic order: sorted files, then nested folder contents
    assert items == list(read_paths([GOOD]))
    skipped = _errors(items)
    assert len(skipped) == 1 and skipped[0].skipped and skipped[0].path.endswith("notes.pdfx")
    assert len(_reports(items)) == 12


def test_normalise_text():
    raw = "  Caf\u0065\u0301\u00a0 bombed\t\ttoday.\r\n\r\n\r\n\u200bSecond   para\u2028line two \n\n"
    assert normalise_text(raw) == "Café bombed today.\n\nSecond para\nline two"


@pytest.mark.parametrize("value,expected", [
    ("2025-03-08", "2025-03-08"),
    ("2025-03-08T23:30:00-05:00", "2025-03-08"),  # the date as written, not UTC
    ("Sat, 08 Mar 2025 10:00:00 GMT", "2025-03-08"),
    ("8 March 2025", "2025-03-08"),
    ("March 8, 2025", "2025-03-08"),
    ("2025-02-30", None),
    ("yesterday", None),
    ("", None),
    (None, None),
    (1741392000, "2025-03-08"),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("name,message", [
    ("binary.txt", "binary file"),
    ("latin1.txt", "undecodable bytes"),
    ("empty.txt", "empty file"),
    ("blank.txt", "empty file"),
    ("notext.html", "HTML page has no text"),
    ("notfeed.xml", "not an RSS/Atom feed"),
    ("unknown.docx", "unknown file type"),
])
def test_bad_file_gives_one_clear_error(name, message):
    e = _one(BAD / name)
    assert isinstance(e, IngestError) and not e.skipped
    assert e.path == (BAD / name).as_posix()
    assert message in e.message
    assert e.describe().startswith(f"error: {e.path}: ")


def test_malformed_json_file_names_line(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('[\n {"id": "a", "text": "fine"},\n {"id": "b" "text": "no comma"}\n]\n')
    e = _one(p)
    assert isinstance(e, IngestError) and e.line == 3 and "malformed JSON (Expecting ',' delimiter" in e.message


def test_jsonl_bad_lines_named_and_batch_goes_on():
    items = list(read_file(BAD / "lines.jsonl"))
    assert [r.id for r in _reports(items)] == ["ok-1", "ok-5"]
    errs = {e.line: e.message for e in _errors(items)}
    assert set(errs) == {2, 3, 4}
    assert errs[2].startswith("malformed JSON (Expecting ',' delimiter")
    assert "expected a JSON object" in errs[3]
    assert "no text" in errs[4]
    assert str(_errors(items)[0]).startswith(f"{(BAD / 'lines.jsonl').as_posix()}:2: malformed JSON")


def test_jsonl_undecodable_line(tmp_path):
    p = tmp_path / "u.jsonl"
    p.write_bytes(b'{"id": "a", "text": "good one"}\n{"id": "b", "text": "caf\xe9"}\n')
    items = list(read_file(p))
    assert _reports(items)[0].id == "a"
    (e,) = _errors(items)
    assert e.line == 2 and "undecodable" in e.message


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 400)
    e = _one(p, max_bytes=1000)
    assert isinstance(e, IngestError) and "file too large" in e.message and "--max-bytes" in e.message
    assert isinstance(_one(p, max_bytes=10_000), Report)
    # JSONL: the limit applies per line, the other lines still load
    j = tmp_path / "big.jsonl"
    j.write_text(json.dumps({"id": "small", "text": "short"}) + "\n" + json.dumps({"id": "huge", "text": "x " * 2000}) + "\n")
    items = list(read_file(j, max_bytes=1000))
    assert [r.id for r in _reports(items)] == ["small"]
    assert _errors(items)[0].line == 2 and "line too large" in _errors(items)[0].message


def test_missing_path_and_empty_jsonl(tmp_path):
    (e,) = list(read_paths([tmp_path / "nope.txt"]))
    assert "no such file" in e.message
    p = tmp_path / "e.jsonl"
    p.write_text("\n\n")
    assert "empty file" in _one(p).message


def test_feed_entry_without_text(tmp_path):
    p = tmp_path / "f.rss"
    p.write_text('<rss version="2.0"><channel><title>T</title><item><title>Only a title</title><guid>g1</guid></item>'
                 "<item><guid>g2</guid><description>Body here.</description></item></channel></rss>")
    items = list(read_file(p))
    assert [r.id for r in _reports(items)] == ["g2"]
    assert "entry 1 (g1): no text" in _errors(items)[0].message

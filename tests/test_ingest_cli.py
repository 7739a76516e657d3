"""observatory ingest / reports / show from the command line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from observatory.cli import app

DATA = Path(__file__).parent / "data" / "ingest"
runner = CliRunner()
CLI = [sys.executable, "-c", "from observatory.cli import main; main()"]


def test_ingest_reports_show(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    res = runner.invoke(app, ["ingest", str(DATA / "good"), "--db", db, "--no-extract", "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == "added 12, exact duplicates 0, near duplicates 0, errors 0, skipped 1"
    # again: nothing added
    res = runner.invoke(app, ["ingest", str(DATA / "good"), "--db", db, "--no-extract", "--quiet"])
    assert res.exit_code == 0 and res.stdout.startswith("added 0, exact duplicates 12")

    res = runner.invoke(app, ["reports", "--db", db, "--format", "json", "--limit", "0"])
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    assert len(rows) == 12 and {"id", "title", "publisher", "published", "duplicate_of", "chars"} <= set(rows[0])
    res = runner.invoke(app, ["reports", "--db", db, "--limit", "3"])
    assert res.exit_code == 0 and "3 of 12 reports" in res.stdout

    res = runner.invoke(app, ["show", "wire-a1", "--db", db])
    assert res.exit_code == 0
    assert "publisher:    Conflict Wire" in res.stdout and "A car bomb killed five people" in res.stdout
    res = runner.invoke(app, ["show", "wire-a1", "--db", db, "--format", "json"])
    assert json.loads(res.stdout)["published"] == "2025-03-10"
    res = runner.invoke(app, ["show", "nope", "--db", db])
    assert res.exit_code == 1 and "no report 'nope'" in res.stderr


def test_bad_input_exit_code_and_messages(tmp_path):
    """Real process: errors on stderr one line each naming file:line, good reports stored, exit 1."""
    db = tmp_path / "bad.db"
    env = {**os.environ, "OBSERVATORY_DB": str(db)}
    proc = subprocess.run(
        [*CLI, "ingest", str(DATA / "bad"), str(DATA / "good" / "single.json"),
         "--no-extract", "--no-link"],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.strip().startswith("added 3, exact duplicates 0, near duplicates 0, errors 10")
    lines = proc.stderr.strip().splitlines()
    bad = (DATA / "bad").as_posix()
    assert f"error: {bad}/lines.jsonl:2: malformed JSON (Expecting ',' delimiter at column 40)" in lines
    assert f"error: {bad}/binary.txt: binary file (contains NUL bytes), not text" in lines
    assert any(line.startswith(f"error: {bad}/empty.txt: empty file") for line in lines)
    assert any(line.startswith(f"skipped: {bad}/unknown.docx: unknown file type") for line in lines)
    # then an explicitly named unknown file is an error, and what was stored stays
    proc = subprocess.run(
        [*CLI, "ingest", str(DATA / "bad" / "unknown.docx"), "--no-extract", "-q"],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )
    assert proc.returncode == 1 and "error:" in proc.stderr and "unknown file type" in proc.stderr
    proc = subprocess.run([*CLI, "reports", "-f", "json"],
                          capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert sorted(r["id"] for r in json.loads(proc.stdout)) == ["ok-1", "ok-5", "one-object"]


def test_unreachable_store_is_one_clear_error():
    res = runner.invoke(app, ["reports", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    assert res.exit_code == 2
    assert res.stderr.startswith("error: cannot open the store postgresql+psycopg://nobody@127.0.0.1:1/none:")


def test_error_lines_print_line_numbers_literally(tmp_path):
    """':100:' in 'file.jsonl:100:' is a line number, not an emoji shortcode."""
    import json as _json
    import subprocess
    import sys

    src = tmp_path / "c400.jsonl"
    lines = [_json.dumps({"id": f"r{i}", "text": f"{i} people were injured in Homs."}) for i in range(1, 100)]
    lines.append("{not json")
    src.write_text("\n".join(lines) + "\n")
    r = subprocess.run([sys.executable, "-m", "observatory", "ingest", str(src), "--db", str(tmp_path / "x.db"),
                        "--no-extract", "--no-link", "-q"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "c400.jsonl:100:" in r.stderr

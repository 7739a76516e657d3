"""End to end: the README's Quick start, and the main job on the bundled example."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import EXAMPLES, ROOT

from observatory.ingest import read_paths
from observatory.ingest.errors import IngestError


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "observatory", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def quick_start_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_quick_start_is_two_commands_setup_then_tests():
    lines = quick_start_lines()
    assert len(lines) == 2
    assert "observatory ingest examples/" in lines[0] and "venv" in lines[0]
    assert "pytest" in lines[1] and "venv" in lines[1]
    # .ci/run runs exactly the README's test command
    assert "sed -n 2p" in (ROOT / ".ci" / "run").read_text()


def test_example_report_carries_its_date_from_the_sidecar(tmp_path):
    items = list(read_paths([EXAMPLES]))
    assert [type(i) for i in items] == [type(items[0])] and not isinstance(items[0], IngestError)
    assert items[0].published == "2025-03-08"
    assert items[0].id.endswith("syria-coast-2025-03-08.txt")


def test_bad_sidecar_is_an_error_naming_it(tmp_path):
    (tmp_path / "a.txt").write_text("Three people were killed in Aleppo on Monday.")
    (tmp_path / "a.meta.json").write_text('{"published": "not a date"}')
    (tmp_path / "b.txt").write_text("Two people were injured in Homs.")
    items = list(read_paths([tmp_path]))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(errors) == 1 and "a.meta.json" in errors[0].describe() and "date" in errors[0].describe()
    assert [i.text for i in items if not isinstance(i, IngestError)] == ["Two people were injured in Homs."]


def test_main_job_on_the_example_gives_the_seed_episode(tmp_path):
    """The Quick start's job (ingest the example folder, list incidents) in a fresh folder."""
    r = run("ingest", str(EXAMPLES), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "added 1" in r.stdout
    assert (tmp_path / "observatory.db").exists()
    r = run("incidents", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    incidents = json.loads(r.stdout)
    episodes = [i for i in incidents if i["parent_id"] is None]
    assert len(episodes) == 1
    ep = episodes[0]
    assert ep["killed"]["best"] == 1018 and ep["killed"]["low"] >= 1000
    assert {g: ep["killed_by_group"][g]["best"] for g in ("civilians", "security_forces", "militants")} == {
        "civilians": 745, "security_forces": 125, "militants": 148}
    assert ep["event"]["date_start"] == "2025-03-06" and ep["event"]["date_end"] == "2025-03-08"
    assert ep["location"]["country"] == "SY"
    children = [i for i in incidents if i["parent_id"] == ep["id"]]
    by_place = {c["location"]["name"] if c["location"] else None: c for c in children}
    names = " ".join(str(n) for n in by_place)
    assert "Baniyas" in names or "Bāniyās" in names
    baniyas = next(c for n, c in by_place.items() if n and "niy" in n)
    assert baniyas["killed"]["best"] == 20
    # the episode is placed at admin level (where_prec 4) on the area's own point, not pinned on a town
    assert ep["location"]["precision"] == 4
    assert all((ep["location"]["lat"], ep["location"]["lon"]) != (c["location"]["lat"], c["location"]["lon"])
               for c in children if c["location"])
    # every current claim of the episode points at evidence in the report text
    text = (EXAMPLES / "syria-coast-2025-03-08.txt").read_text(encoding="utf-8")
    for c in ep["claims"]:
        ev = c["evidence"]
        assert ev["text"] in text
    # the explanation names the source and the evidence of the total
    r = run("incident", ep["id"], "--explain", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Syrian Observatory for Human Rights" in r.stdout and "1018" in r.stdout
    # re-running the job adds nothing
    r = run("ingest", str(EXAMPLES), cwd=tmp_path)
    assert r.returncode == 0 and "added 0" in r.stdout and "exact duplicates 1" in r.stdout

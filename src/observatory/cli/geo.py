"""gazetteer import / find: the user gazetteer layered over the shipped GeoNames one."""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from . import app
from .common import QuietOption, err, show_progress

gaz_app = typer.Typer(help="The offline gazetteer: import local places, look names up.", no_args_is_help=True)
app.add_typer(gaz_app, name="gazetteer")


class Fmt(str, Enum):
    auto = "auto"
    geonames = "geonames"
    alternates = "alternates"
    csv = "csv"


class Out(str, Enum):
    table = "table"
    json = "json"


@gaz_app.command("import")
def import_(
    file: Path = typer.Argument(..., help="GeoNames dump (allCountries.txt, SY.txt), alternateNamesV2.txt, or CSV name,lat,lon,country,admin1,alternate_names"),
    fmt: Fmt = typer.Option(Fmt.auto, "--format", help="File format (default: detected)."),
    classes: str = typer.Option("P,A", "--classes", help="GeoNames feature classes to keep (P populated places, A admin areas, L areas, S spots, T terrain)."),
    country: str = typer.Option(None, "--country", help="Only these ISO2 countries (comma-separated), for GeoNames dumps."),
    min_population: int = typer.Option(0, "--min-population", min=0, help="Skip populated places below this population."),
    languages: str = typer.Option(",en,ar,translit", "--languages", help="alternateNamesV2 languages to keep (empty = unspecified)."),
    quiet: bool = QuietOption,
) -> None:
    """Import places into the user gazetteer ($OBSERVATORY_HOME/gazetteer/user.json.gz, else
    ~/.local/share/observatory/gazetteer/user.json.gz), layered over the shipped one."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from ..geo import reset_geocoder
    from ..geo.importer import ImportError_, import_file

    try:
        with Progress(SpinnerColumn(), TextColumn("[bold]import[/] {task.completed:,} lines"), TimeElapsedColumn(),
                      console=err, disable=not show_progress(quiet), transient=True) as progress:
            task = progress.add_task("import", total=None)
            res = import_file(file, fmt=fmt.value, classes=classes, countries=country, min_population=min_population,
                              languages=languages, tick=lambda n: progress.advance(task, n))
    except (ImportError_, OSError, UnicodeDecodeError) as e:
        err.print(f"error: {e}", style="red", markup=False, highlight=False)
        raise typer.Exit(1)
    reset_geocoder()
    typer.echo(f"imported {res['imported']} {res['format']} records; user gazetteer now holds {res['user_places']} ({res['user_file']})")


@gaz_app.command("find")
def find(
    name: str = typer.Argument(..., help="A place name, in any common transliteration."),
    country: str = typer.Option(None, "--country", help="Only this ISO2 country."),
    limit: int = typer.Option(10, "--limit", min=1),
    fmt: Out = typer.Option(Out.table, "--format", help="table or json"),
) -> None:
    """Show the gazetteer candidates for a name (exact matches first, then transliteration variants)."""
    from ..geo import get_geocoder

    gaz = get_geocoder().gaz
    rows = gaz.find(name, country=country, limit=limit)
    if fmt == Out.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        err.print(f"no gazetteer entry for {name!r}", markup=False, highlight=False)
        raise typer.Exit(1)
    from rich.console import Console
    from rich.table import Table

    t = Table("name", "country", "admin1", "feature", "population", "lat", "lon", "geonames_id", "source")
    for r in rows:
        t.add_row(r["name"], r["country"], r["admin1"] or "", r["feature"], f"{r['population']:,}",
                  f"{r['lat']:.4f}", f"{r['lon']:.4f}", str(r["geonames_id"] or ""), r["source"])
    Console().print(t)

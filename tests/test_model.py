from observatory.model import (
    Actor, Claim, Estimate, Event, Evidence, Extraction, Place, Report, Summary, content_hash,
    extraction_from_dict,
)


def test_content_hash_ignores_whitespace_and_case_but_not_words():
    assert content_hash("Ten  people\nwere killed.") == content_hash("ten people were killed.")
    assert content_hash("Ten people were killed.") != content_hash("Nine people were killed.")
    assert Report(id="a", text="x y").content_hash == content_hash("x  y")


def test_extraction_round_trips_through_its_dict():
    ex = Extraction(
        id="d1", published="2025-03-08",
        summary=Summary(killed=Estimate(10, 10, 12), killed_by_group={"civilians": Estimate(7, 7, None)}),
        location=Place(mention="Baniyas", start=0, end=7, lat=35.18, lon=35.95, country="SY", precision=1),
        event=Event(type="Battles", sub_type="Armed clash", actors=[Actor("Assad loyalists", "perpetrator")]),
        claims=[Claim("killed", "civilians", 7, 7, None, "at_least", evidence=Evidence(3, 9, "killed"))],
    )
    d = ex.to_dict()
    assert "error" not in d
    back = extraction_from_dict(d)
    assert back == ex
    assert back.claims[0].evidence.text == "killed"
    assert back.event.actors[0].role == "perpetrator"


def test_json_line_is_the_contract_dict():
    import json

    from observatory.extract.pipeline import extract
    from observatory.model import Extraction, json_line

    for text in ("Gunmen killed 12 villagers in Zamfara state on Sunday, police said.",
                 "Ni un muerto: ça va, 北京 — no casualties were reported."):
        ex = extract(text, id="x", published="2024-05-20")
        line = ex.to_json()
        assert "\n" not in line and json.loads(line) == ex.to_dict()
    assert "error" not in json.loads(Extraction(id="a").to_json())
    assert json.loads(Extraction(id="a", error="a: empty text").to_json())["error"] == "a: empty text"
    # integers beyond 64 bits (orjson refuses them) still come out
    assert json.loads(json_line({"n": 10 ** 30})) == {"n": 10 ** 30}

"""Human-readable explanation of an incident's figures (``observatory incident ID --explain``)."""
from __future__ import annotations

from typing import Any


def _fig(e: dict[str, Any] | None) -> str:
    e = e or {}
    return f"best {e.get('best')}, low {e.get('low')}, high {e.get('high')}"


def _claim_line(c: dict[str, Any]) -> str:
    ev = c.get("evidence")
    if isinstance(ev, dict):
        ev = ev.get("text")
    src = c.get("source") or c.get("resolved_source") or "unattributed"
    kind = c.get("source_kind") or c.get("resolved_source_kind") or "?"
    v = c.get("value")
    if v is None:
        v = f"[{c.get('low')}..{c.get('high')}]"
    return (f"report {c.get('report_id')} ({c.get('published') or 'undated'}) claim #{c.get('claim_index')}: "
            f"{c.get('status')} {c.get('group')} {c.get('qualifier') or ''} {v} — {src} ({kind})"
            + (f' — "{ev}"' if ev else ""))


def explain_text(d: dict[str, Any]) -> str:
    out: list[str] = []
    ev = d.get("event") or {}
    loc = d.get("location") or {}
    out.append(f"Incident {d['id']}: {d.get('title')}")
    if d.get("parent_id"):
        out.append(f"  part of episode {d['parent_id']}")
    out.append(f"  event: {ev.get('type')} / {ev.get('sub_type')}, {ev.get('date_start')} to {ev.get('date_end')} "
               f"(date_prec {ev.get('date_precision')})")
    out.append(f"  location: {loc.get('name')} ({loc.get('admin1')}, {loc.get('country')}) "
               f"lat {loc.get('lat')} lon {loc.get('lon')} where_prec {loc.get('precision')}")
    out.append(f"  grade: {d.get('grade')}" + (f"   flags: {', '.join(d['flags'])}" if d.get("flags") else ""))
    for st in ("killed", "injured"):
        out.append(f"  {st}: {_fig(d.get(st))}")
        for g, e in (d.get(f"{st}_by_group") or {}).items():
            out.append(f"    {g}: {_fig(e)}")
    out.append("")
    out.append("How each figure was produced:")
    for e in d.get("explanations") or []:
        label = f"{e.get('status')}.{e.get('group')}.{e['field']}" if e.get("status") else e["field"]
        out.append(f"  {label} = {e.get('value')}")
        out.append(f"    rule: {e.get('rule')}")
        for c in e.get("claims") or []:
            out.append("    from " + _claim_line(c))
        if e.get("incidents"):
            out.append("    from local incidents: " + ", ".join(e["incidents"]))
        if e.get("reports"):
            out.append("    from the summary of report(s): " + ", ".join(e["reports"]))
    out.append("")
    out.append("Claims in this incident:")
    for c in d.get("claims") or []:
        line = f"  [{c.get('state')}] " + _claim_line(c)
        if c.get("reason"):
            line += f"\n      why: {c['reason']}"
        out.append(line)
    out.append("")
    out.append("Reports:")
    for r in d.get("reports") or []:
        dup = f" (near-duplicate of {r['duplicate_of']})" if r.get("duplicate_of") else ""
        out.append(f"  {r.get('id')} — {r.get('publisher') or 'unknown publisher'}, {r.get('published') or 'undated'}{dup}")
    return "\n".join(out)

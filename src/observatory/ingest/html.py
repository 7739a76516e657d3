"""Main text and metadata of an HTML page (selectolax), boilerplate dropped.

The rules (which tags are boilerplate, which containers hold the article, which meta tags
give title/date/publisher) are in ``formats.json`` under ``html``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from selectolax.lexbor import LexborHTMLParser

from .normalize import clean_field, normalise_date, normalise_text

_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def formats() -> dict:
    return json.loads(resources.files(__package__).joinpath("formats.json").read_text(encoding="utf-8"))


@dataclass
class HtmlDoc:
    text: str
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None


def _meta(tree) -> dict[str, str]:
    """``<meta property|name|itemprop=... content=...>`` as a dict of lower-case keys (first wins)."""
    out: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        content = attrs.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(attr)
            if key:
                out.setdefault(key.strip().lower(), content.strip())
    return out


def _first(meta: dict[str, str], keys: list[str]) -> str | None:
    for k in keys:
        v = meta.get(k)
        if v:
            return v
    return None


def _inside(node, tags: set[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _render(root, rules: dict) -> str:
    """The text under ``root`` with paragraph breaks at block elements and line breaks at <br>/<li>."""
    block = set(rules["block_tags"])
    line = set(rules["line_tags"])
    cell = set(rules["cell_tags"])
    out: list[str] = []
    pending = 0  # strongest break (1 line, 2 paragraph) waiting for the next text
    stack: list = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, int):
            pending = max(pending, node)
            continue
        if isinstance(node, str):
            out.append(node)
            continue
        tag = node.tag
        if tag == "-text":
            t = _WS.sub(" ", node.text(deep=False) or "")  # HTML: any whitespace run is one space
            if pending:
                if not t.strip():
                    continue  # whitespace between blocks
                out.append("\n" * pending)
                pending = 0
            out.append(t)
            continue
        if tag.startswith("-"):  # comments, doctype
            continue
        if tag in block:
            pending = 2
            stack.append(2)
        elif tag in line:
            pending = max(pending, 1)
            stack.append(1)
        elif tag in cell:
            stack.append(" ")
        stack.extend(reversed(list(node.iter(include_text=True))))
    return normalise_text("".join(out))


def html_to_text(html: str) -> HtmlDoc:
    """Main text of a page or fragment plus the metadata its head carries."""
    rules = formats()["html"]
    tree = LexborHTMLParser(html)
    meta = _meta(tree)

    title = _first(meta, rules["title_meta"])
    publisher = _first(meta, rules["publisher_meta"])
    url = None
    canonical = tree.css_first("link[rel=canonical]")
    if canonical is not None:
        url = canonical.attributes.get("href")
    url = url or _first(meta, rules["url_meta"])
    published = normalise_date(_first(meta, rules["published_meta"]))
    if published is None:
        for t in tree.css("time[datetime]"):
            published = normalise_date(t.attributes.get("datetime"))
            if published:
                break
    language = None
    html_node = tree.css_first("html")
    if html_node is not None:
        language = html_node.attributes.get("lang")
    language = language or _first(meta, rules["language_meta"])
    if language:
        language = language.replace("_", "-").split("-")[0].strip().lower()[:8] or None
    if title is None:
        t = tree.css_first("title")
        if t is not None:
            title = t.text()
        h1 = tree.css_first("h1")
        if not title and h1 is not None:
            title = h1.text()

    # boilerplate
    for tag in rules["drop_tags"]:
        for node in tree.css(tag):
            node.decompose()
    main_tags = {"article", "main"}
    for tag in rules["drop_outside_main"]:
        for node in tree.css(tag):
            if not _inside(node, main_tags):
                node.decompose()

    region = None
    for selector in rules["main_selectors"]:
        candidates = tree.css(selector)
        if candidates:
            # the container with the most text (pages may hold several teaser <article>s)
            region = max(candidates, key=lambda n: len(n.text(deep=True, strip=True)))
            if region.text(deep=True, strip=True):
                break
            region = None
    if region is None:
        region = tree.body if tree.body is not None else tree.root
    text = _render(region, rules) if region is not None else ""
    return HtmlDoc(
        text=text,
        title=clean_field(title),
        published=published,
        publisher=clean_field(publisher),
        url=clean_field(url),
        language=language,
    )

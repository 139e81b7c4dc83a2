"""What a strict mkdocs build does not catch, checked on the built site: `python -m tools.docs_checks site`.

- an asset fetched from another host (a script, stylesheet, font, image or frame): an internal
  network does not reach a CDN, so the page would break there;
- a `<placeholder>` in a docstring that the Markdown renderer swallowed as an HTML tag (write it
  in backticks);
- a public name (a package's `__all__`) with no entry in the reference, or with entries on two
  pages; a generated client (generator/packages.toml) with no reference page;
- a link in README.md (read outside the site) to a file that does not exist.

Exit 1 with one line per problem, naming the page or the object.
"""

from __future__ import annotations

import ast
import html
import re
import sys
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PACKAGES = ("scan_status", "scan_status.testing")

# The attributes through which a page loads something (href on <a> only links to it).
LOADS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "link": "href",
}
FOREIGN = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)
PLACEHOLDER = re.compile(r"<([A-Za-z][^<>\n]{0,60})>")
ANCHOR = re.compile(r'\bid="([\w.]+)"')


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LOADS.get(tag)
        for name, value in attrs:
            if value and name == wanted:
                # <link rel="canonical"> or an alternate only names a page; it loads nothing.
                rel = dict(attrs).get("rel") or ""
                if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload"} & set(
                    rel.split()
                ):
                    continue
                self.found.append(value)
            if name == "style" and value:
                self.found += CSS_URL.findall(value)


def foreign_assets(site: Path) -> Iterator[str]:
    for page in sorted(site.rglob("*.html")):
        parser = _Loads()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        for style in re.findall(r"<style[^>]*>(.*?)</style>", text, re.DOTALL):
            parser.found += CSS_URL.findall(style)
        for url in parser.found:
            if FOREIGN.match(url):
                yield f"{page.relative_to(site)}: loads {url} from another host"
    for sheet in sorted(site.rglob("*.css")):
        for url in CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace")):
            if FOREIGN.match(url):
                yield f"{sheet.relative_to(site)}: loads {url} from another host"


def public_names(package: str) -> list[str]:
    """A package's __all__, read without importing it."""
    init = ROOT.joinpath(*package.split("."), "__init__.py")
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            names: list[str] = ast.literal_eval(node.value)
            return names
    raise SystemExit(f"{init}: no __all__")


def reference_pages(site: Path) -> dict[Path, str]:
    return {
        page: page.read_text(encoding="utf-8")
        for page in sorted((site / "reference").rglob("index.html"))
    }


def missing_or_repeated(site: Path) -> Iterator[str]:
    pages = reference_pages(site)
    anchors = {page: set(ANCHOR.findall(text)) for page, text in pages.items()}
    for package in PUBLIC_PACKAGES:
        for name in public_names(package):
            holders = [
                page.parent.relative_to(site).as_posix()
                for page, ids in anchors.items()
                if f"{package}.{name}" in ids
            ]
            if not holders:
                yield f"{package}.{name}: no entry in the API reference (docs/reference/)"
            elif len(holders) > 1:
                yield f"{package}.{name}: an entry on {len(holders)} pages ({', '.join(holders)})"
    tables = tomllib.loads((ROOT / "generator" / "packages.toml").read_text(encoding="utf-8"))
    for table in tables.values():
        page = site / "reference" / "clients" / table["distribution"] / "index.html"
        if not page.is_file():
            yield f"{table['distribution']}: no reference page (tools/docs_pages.py)"


def docstring_placeholders() -> Iterator[tuple[str, str]]:
    """(object, placeholder) for each <placeholder> written in a public docstring."""
    import griffe  # mkdocstrings' own loader, in the docs environment

    for package in PUBLIC_PACKAGES:
        loaded = griffe.load(package, search_paths=[str(ROOT)], resolve_aliases=False)
        yield from _placeholders_in(loaded)


def _placeholders_in(obj: object) -> Iterator[tuple[str, str]]:
    import griffe

    if isinstance(obj, griffe.Alias) or getattr(obj, "name", "_").startswith("_"):
        return
    docstring = getattr(obj, "docstring", None)
    # A submodule's own docstring is not rendered (its path may be a re-exported name's anchor).
    rendered_module = not isinstance(obj, griffe.Module) or obj.path in PUBLIC_PACKAGES
    if docstring is not None and rendered_module:
        for placeholder in PLACEHOLDER.findall(docstring.value):
            yield getattr(obj, "path", "?"), placeholder
    for member in getattr(obj, "members", {}).values():
        if not isinstance(member, griffe.Alias) and not (
            isinstance(member, griffe.Module) and member.name.startswith("_")
        ):
            yield from _placeholders_in(member)


def lost_placeholders(site: Path) -> Iterator[str]:
    rendered = "".join(reference_pages(site).values())
    shown = set(ANCHOR.findall(rendered))  # the objects the reference renders
    for path, placeholder in docstring_placeholders():
        if path not in shown:
            continue
        if html.escape(f"<{placeholder}>", quote=False) not in rendered:
            yield f"{path}: <{placeholder}> is lost in rendering (write it in backticks)"


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def readme_links() -> Iterator[str]:
    """The README is read on the repository's page, outside the site: its links to files."""
    readme = ROOT / "README.md"
    for target in MARKDOWN_LINK.findall(readme.read_text(encoding="utf-8")):
        if FOREIGN.match(target) or target.startswith(("#", "mailto:")):
            continue
        if not (ROOT / target.split("#", 1)[0]).exists():
            yield f"README.md: the link to {target} leads to no file"


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    problems = [
        *foreign_assets(site),
        *missing_or_repeated(site),
        *lost_placeholders(site),
        *readme_links(),
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{site}: no foreign asset, every placeholder shown, every public name on one page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

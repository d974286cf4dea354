"""Absolute links in an entry's HTML: a feed reader resolves a relative link against
the feed (or nothing at all), not against the post's page."""

from __future__ import annotations

from urllib.parse import urljoin


def absolute_links(fragment: str, url: str) -> str:
    """Every link and image in an HTML fragment made absolute against ``url``, except
    links within the entry itself (``#fn-1``), which a reader resolves in the entry."""
    import lxml.html  # a dependency of feedgen

    if not fragment.strip():
        return ""

    def absolute(link: str) -> str:
        return link if link.startswith("#") else urljoin(url, link)

    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    root.rewrite_links(absolute, resolve_base_href=False)
    # lxml leaves srcset alone: each candidate is "URL [descriptor]", comma-separated.
    for element in root.iter("img", "source"):
        srcset = element.get("srcset")
        if srcset:
            candidates = (part.strip().split(None, 1) for part in srcset.split(",") if part.strip())
            element.set("srcset", ", ".join(" ".join([absolute(c[0]), *c[1:]]) for c in candidates))
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)

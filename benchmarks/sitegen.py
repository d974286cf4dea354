"""The synthetic MyST site every benchmark variant builds.

One set of pages, written once per variant: only ``conf.py`` and the home page's
listing differ, so a difference in build time is the theme's or the extension's, not
the content's. Text comes from a seeded generator, so two runs build the same bytes.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# Plain English words (our own list), enough variety that the search index and the
# hyphenation-free layout see realistic paragraphs rather than one repeated word.
WORDS = """
the of and a to in is was that for it with as on be at by this had not are but from
or have an they which one you were all we her she there would their will when who
him been has more if no out so said what up its about into than them can only other
new some could time these two may then do first any my now such like our over man me
even most made after also did many before must through back years where much your way
well down should because each just those people how too little state good very make
world still own see men work long get here between both life being under never day
same another know while last might us great old year off come since against go came
right used take three states himself few house use during without again place around
however home small found thought went say part once general high upon school every
don does got united left number course war until always away something fact though
water less public put think almost hand enough far took head yet government system
better set told nothing night end why called didn eyes find going look asked later
knew point next program city business give group toward young days let room president
side social given present several order national possible rather second face per among
form important often things looking early white case john become large big need four
within felt along children saw best church ever least power development light seemed
family interest want members mind country area others done turned although open god
service certain kind problem began different door thus help sense means whole matter
perhaps itself york times human law line above name example action company hands local
show whether five history gave today either act feet across taken past quite anything
having seen death experience body word half really field am car words already themselves
information tell college shall money period held keep sure probably free seems real
behind cannot miss political air question making office brought whose special heard
major problems ago became federal moment study available known result street economic
boy position reason change south board individual job areas society west close turn
love community true court force full seem am wife future age wanted voice department
center woman common control necessary following front sometimes six girl clear further
""".split()

TAGS = ["statistics", "design", "python", "maps", "teaching", "history", "typography", "notes"]

CODE_SAMPLES = [
    """\
    def moving_average(values, width):
        window, total = [], 0.0
        for value in values:
            window.append(value)
            total += value
            if len(window) > width:
                total -= window.pop(0)
            yield total / len(window)
    """,
    """\
    import statistics

    def summary(rows):
        column = [row["value"] for row in rows if row.get("value") is not None]
        return {
            "n": len(column),
            "mean": statistics.fmean(column),
            "median": statistics.median(column),
        }
    """,
    """\
    class Sparkline:
        def __init__(self, points, height=12):
            self.points = list(points)
            self.height = height

        def scale(self):
            low, high = min(self.points), max(self.points)
            span = (high - low) or 1
            return [self.height * (p - low) / span for p in self.points]
    """,
]

MATH_SAMPLES = [
    r"\bar{x} = \frac{1}{n} \sum_{i=1}^{n} x_i",
    r"\sigma^2 = \frac{1}{n-1} \sum_{i=1}^{n} \left( x_i - \bar{x} \right)^2",
    r"f(x) = \int_{-\infty}^{\infty} \hat{f}(\xi)\, e^{2 \pi i \xi x} \, d\xi",
    r"P(A \mid B) = \frac{P(B \mid A)\, P(A)}{P(B)}",
]


INLINE_MATH = ["a^2 + b^2 = c^2", "x_i", r"\alpha \beta"]


@dataclass(frozen=True)
class SiteSpec:
    pages: int = 300
    posts: int = 12
    words_per_page: int = 1500
    seed: int = 1

    def post_names(self) -> list[str]:
        return [f"posts/post-{i:03d}" for i in range(self.posts)]

    def page_names(self) -> list[str]:
        return [f"pages/page-{i:04d}" for i in range(self.pages)]


# What differs between variants: the Sphinx configuration and how the home page lists
# posts. ``listing`` is "tufte" (the extension's postlist), "ablog" (ABlog's postlist)
# or "static" (a hand-written list, what a theme without a blog would need).
@dataclass(frozen=True)
class Variant:
    name: str
    theme: str
    extensions: tuple[str, ...] = ()
    listing: str = "static"
    extra_conf: str = ""
    needs: tuple[str, ...] = ()  # pip distributions beyond Sphinx and myst-parser


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in [
        Variant("basic", "basic"),
        Variant("tufte", "tufte", extensions=("sphinx_tufte",), listing="tufte"),
        Variant("alabaster", "alabaster"),
        Variant("furo", "furo", needs=("furo",)),
        Variant("book", "sphinx_book_theme", needs=("sphinx-book-theme",)),
        # ABlog on the bare theme, so its ratio to ``basic`` is the blog's own cost.
        Variant(
            "ablog",
            "basic",
            extensions=("ablog",),
            listing="ablog",
            extra_conf='blog_path = "blog"\nblog_baseurl = "https://example.org/"\nblog_feed_fulltext = True\n',
            needs=("ablog",),
        ),
    ]
}


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _paragraph(rng: random.Random, words: int) -> tuple[str, int]:
    sentences, count = [], 0
    while count < words:
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += sentence.count(" ") + 1
    return " ".join(sentences), count


def _body(rng: random.Random, spec: SiteSpec, title: str, note_prefix: str) -> str:
    """About ``spec.words_per_page`` words in five sections, with numbered footnotes,
    one margin note (``{-}``), a code block, display and inline math."""
    sections = 5
    # Paragraphs overshoot the section's budget by half a paragraph on average.
    per_section = max(1, spec.words_per_page // sections - 80)
    out = [f"# {title}", ""]
    notes = []
    for s in range(sections):
        out += [f"## {' '.join(rng.sample(WORDS, rng.randint(3, 6))).title()}", ""]
        written = 0
        paragraph_index = 0
        while written < per_section:
            text, count = _paragraph(rng, rng.randint(70, 130))
            if paragraph_index == 0:
                label = f"{note_prefix}{s}"
                text += f"[^{label}]"
                note_text, _ = _paragraph(rng, 18)
                if s == 2:
                    note_text = "{-} " + note_text
                notes.append(f"[^{label}]: {note_text}")
            if paragraph_index == 1:
                text += " Inline math such as $" + rng.choice(INLINE_MATH) + "$ sits in the text."
            out += [text, ""]
            written += count
            paragraph_index += 1
        if s == 1:
            out += ["```python", textwrap.dedent(rng.choice(CODE_SAMPLES)).rstrip(), "```", ""]
        if s == 3:
            out += ["$$", rng.choice(MATH_SAMPLES), "$$", ""]
    out += notes
    return "\n".join(out) + "\n"


def post_date(index: int) -> date:
    return date(2023, 1, 9) + timedelta(days=17 * index)


def post_source(spec: SiteSpec, index: int, variant: Variant, *, edit: int = 0) -> str:
    rng = random.Random(f"{spec.seed}-post-{index}")
    tags = rng.sample(TAGS, 2)
    blurb, _ = _paragraph(rng, 10)
    front = [
        "---",
        f"date: {post_date(index).isoformat()}",
        f"tags: [{', '.join(tags)}]",
        f"blurb: {blurb.split('.')[0]}.",
    ]
    if variant.listing == "ablog":
        front.append("blogpost: true")
    front.append("---")
    body = _body(rng, spec, f"Post {index}: {' '.join(rng.sample(WORDS, 4)).title()}", f"p{index}n")
    return "\n".join(front) + "\n\n" + body + _edit_suffix(edit)


def page_source(spec: SiteSpec, index: int, *, edit: int = 0) -> str:
    rng = random.Random(f"{spec.seed}-page-{index}")
    return _body(rng, spec, f"Page {index}: {' '.join(rng.sample(WORDS, 3)).title()}", f"g{index}n") + _edit_suffix(edit)


def _edit_suffix(edit: int) -> str:
    # An edit the way an author makes one: a new sentence at the end of the body.
    return f"\nRevision {edit} adds this sentence.\n" if edit else ""


def index_source(spec: SiteSpec, variant: Variant) -> str:
    lines = ["# A Synthetic Site", "", "A home page listing posts, as a personal site would.", "", "## Posts", ""]
    if variant.listing == "tufte":
        lines += ["```{postlist}", "```", ""]
    elif variant.listing == "ablog":
        lines += ["```{postlist}", ":excerpts:", "```", ""]
    else:
        for index in reversed(range(spec.posts)):
            lines.append(f"- {post_date(index).isoformat()}: [Post {index}](posts/post-{index:03d}.md)")
        lines.append("")
    lines += ["```{toctree}", ":hidden:", ":glob:", "", "posts/*", "pages/*", "```", ""]
    return "\n".join(lines)


def conf_source(variant: Variant) -> str:
    extensions = ["myst_parser", *variant.extensions]
    return (
        'project = "Synthetic Site"\n'
        'author = "Benchmark"\n'
        f"extensions = {extensions!r}\n"
        'myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]\n'
        f"html_theme = {variant.theme!r}\n"
        'html_baseurl = "https://example.org/"\n'
        # A placeholder on purpose: the synthetic site is never published.
        'suppress_warnings = ["tufte.baseurl_placeholder"]\n'
        'exclude_patterns = ["_build"]\n'
        + variant.extra_conf
    )


def write_site(root: Path, spec: SiteSpec, variant: Variant) -> Path:
    """Write the site for ``variant`` under ``root`` and return the source folder."""
    src = root / variant.name / "src"
    (src / "posts").mkdir(parents=True, exist_ok=True)
    (src / "pages").mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(conf_source(variant), encoding="utf-8")
    (src / "index.md").write_text(index_source(spec, variant), encoding="utf-8")
    for index in range(spec.posts):
        (src / f"posts/post-{index:03d}.md").write_text(post_source(spec, index, variant), encoding="utf-8")
    for index in range(spec.pages):
        (src / f"pages/page-{index:04d}.md").write_text(page_source(spec, index), encoding="utf-8")
    return src


def edit_post(src: Path, spec: SiteSpec, variant: Variant, edit: int) -> str:
    index = spec.posts // 2
    (src / f"posts/post-{index:03d}.md").write_text(post_source(spec, index, variant, edit=edit), encoding="utf-8")
    return f"posts/post-{index:03d}"


def edit_page(src: Path, spec: SiteSpec, edit: int) -> str:
    index = spec.pages // 2
    (src / f"pages/page-{index:04d}.md").write_text(page_source(spec, index, edit=edit), encoding="utf-8")
    return f"pages/page-{index:04d}"

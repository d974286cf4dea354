"""The package loads both ways and declares itself safe for parallel builds."""

from pathlib import Path

import pytest

import sphinx_tufte


def test_setup_metadata(build):
    built = build({"index.rst": "Title\n=====\n\nText.\n"}, confoverrides={"extensions": ["sphinx_tufte"]})
    extension = built.app.extensions["sphinx_tufte"]
    assert extension.version == sphinx_tufte.__version__
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True
    assert extension.metadata["env_version"] == sphinx_tufte.ENV_VERSION


# ---- the harness itself ------------------------------------------------------------

HARNESS = Path(__file__).resolve().parent

USES_VNU_WITHOUT_ITS_MARKER = """
def test_checks_html(vnu):
    assert vnu([]) == []
"""


def run_inner_suite(pytester: pytest.Pytester, *args: str, ci: bool) -> pytest.RunResult:
    """Run a one-test suite on this conftest, on a machine without the Nu checker."""
    for name in ("conftest.py", "harness.py", "nu_checker.py"):
        pytester.makepyfile(**{name[:-3]: (HARNESS / name).read_text(encoding="utf-8")})
    pytester.makepyfile(test_inner=USES_VNU_WITHOUT_ITS_MARKER)
    pytester.makeini("[pytest]\nmarkers =\n    browser: x\n    vnu: y\n")
    pytester.syspathinsert()
    env = {"CI": "true" if ci else "", "VNU_JAR": str(pytester.path / "absent.jar")}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        return pytester.runpytest_inprocess("-p", "no:cacheprovider", *args)


def test_a_vnu_test_without_its_marker_is_marked_by_its_fixture(pytester: pytest.Pytester) -> None:
    result = run_inner_suite(pytester, "-m", "not vnu", ci=False)
    result.assert_outcomes(deselected=1)


def test_a_vnu_test_without_its_marker_fails_under_ci_when_the_checker_is_missing(pytester: pytest.Pytester) -> None:
    run_inner_suite(pytester, ci=True).assert_outcomes(errors=1)
    result = run_inner_suite(pytester, "-rs", ci=False)
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*vnu.jar is missing*"])


def test_the_nu_checker_service_reports_what_the_command_line_does(vnu, tmp_path: Path) -> None:
    page = tmp_path / "twice.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head>\n'
        '<body><span id="a"></span><span id="a"></span></body></html>\n',
        encoding="utf-8",
    )
    good = tmp_path / "good.html"
    good.write_text('<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head><body><p>Fine.</p></body></html>\n')
    assert vnu([good, page]) == ["twice.html:3: Duplicate ID “a”."]


@pytest.mark.browser
@pytest.mark.every_sphinx
def test_open_page_blocks_and_records_every_request_to_another_host(open_page, tmp_path: Path) -> None:
    # What "no request to another host" in every browser test rests on.
    (tmp_path / "local.css").write_text("p { color: rgb(1, 2, 3); }\n", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="local.css">'
        '<link rel="stylesheet" href="https://cdn.example.com/theme.css"></head>'
        '<body><p>Text</p><img alt="" src="http://example.invalid/x.png"></body></html>',
        encoding="utf-8",
    )
    opened = open_page(tmp_path)
    assert sorted(opened.foreign_requests) == ["http://example.invalid/x.png", "https://cdn.example.com/theme.css"]
    # The page's own files are served, not blocked.
    assert opened.page.evaluate("getComputedStyle(document.querySelector('p')).color") == "rgb(1, 2, 3)"


def test_the_harness_compiles_a_template_again_when_it_changes(build, tmp_path: Path) -> None:
    """The harness keeps the templates' bytecode between builds (harness.py,
    CompiledTemplates): an edited template, in the same file, is what the next build
    renders, and a build with the i18n extension (another kind of environment) gets
    its own bytecode."""
    layout = '{%% extends "!layout.html" %%}\n{%% block extrahead %%}<meta name="mark" content="%s">{{ super() }}{%% endblock %%}\n'
    files = {"_templates/layout.html": layout % "first", "index.md": "# Home\n\nText.\n"}
    conf = 'html_theme = "tufte"\nextensions = ["myst_parser", "sphinx_tufte"]\ntemplates_path = ["_templates"]\n'
    first = build({**files, "conf.py": conf})
    assert first.soup().find("meta", attrs={"name": "mark"})["content"] == "first"
    (first.srcdir / "_templates" / "layout.html").write_text(layout % "second", encoding="utf-8")
    again = build(srcdir=first.srcdir)
    assert again.soup().find("meta", attrs={"name": "mark"})["content"] == "second"
    french = build(srcdir=first.srcdir, confoverrides={"language": "fr"})
    assert french.soup().find("meta", attrs={"name": "mark"})["content"] == "second"
    assert french.soup().find("html")["lang"] == "fr"
    # A static file rendered from its text (*_t): the edited text is what is written.
    static = first.srcdir / "_static"
    static.mkdir()
    (static / "mark.css_t").write_text("/* {{ project }} first */\n", encoding="utf-8")
    conf = conf + 'html_static_path = ["_static"]\nproject = "Marked"\n'
    (first.srcdir / "conf.py").write_text(conf, encoding="utf-8")
    once = build(srcdir=first.srcdir)
    assert (once.outdir / "_static" / "mark.css").read_text(encoding="utf-8").strip() == "/* Marked first */"
    (static / "mark.css_t").write_text("/* {{ project }} second */\n", encoding="utf-8")
    twice = build(srcdir=first.srcdir)
    assert (twice.outdir / "_static" / "mark.css").read_text(encoding="utf-8").strip() == "/* Marked second */"


def test_the_harness_shows_each_verbosity_s_messages(build, tmp_path: Path) -> None:
    """The harness sets Sphinx's logger to the lowest level the verbosity shows
    (harness.py, LighterStart): a quiet build still reports its progress, -v adds the
    verbose messages and -vv the debug ones, as with an unpatched Sphinx."""
    files = {"conf.py": 'html_theme = "tufte"\nextensions = ["myst_parser", "sphinx_tufte"]\n', "index.md": "# Home\n\nText.\n"}
    shown = {}
    for verbosity in (0, 1, 2):
        built = build(files, verbosity=verbosity)
        shown[verbosity] = built.app._status.getvalue()
        assert built.soup().find("h1").get_text(strip=True).startswith("Home")
    debug = "[app] setting up extension: 'sphinx_tufte'"
    verbose = "locales/en/LC_MESSAGES does not exist"  # Sphinx's, at VERBOSE
    assert "build succeeded" in shown[0] and verbose not in shown[0] and debug not in shown[0]
    assert verbose in shown[1] and debug not in shown[1]
    assert verbose in shown[2] and debug in shown[2]


def test_a_lent_browser_context_comes_back_without_the_last_test_s_state(browser_contexts, tmp_path: Path) -> None:
    """conftest.BrowserContexts lends one context to test after test: what a test
    stored for its origin (localStorage, sessionStorage, a cookie), the permissions it
    granted and its pages are gone when the next test borrows it, even at the same
    origin (a port used again)."""
    import re

    from conftest import serve

    (tmp_path / "index.html").write_text("<!doctype html><title>t</title><p>Text.</p>\n", encoding="utf-8")
    with serve(tmp_path) as base:
        key, context = browser_contexts.borrow(width=800, height=600, scheme="dark", javascript=True)
        route = (re.compile("^(?!" + re.escape(base) + ")"), lambda route: route.abort())
        context.route(*route)
        page = context.new_page()
        page.goto(base + "index.html")
        page.evaluate("localStorage.setItem('theme', 'dark'); sessionStorage.setItem('s', '1'); document.cookie = 'c=1'")
        context.grant_permissions(["clipboard-read"])
        browser_contexts.give_back(key, context, [base.rstrip("/")], route)

        again_key, again = browser_contexts.borrow(width=800, height=600, scheme="dark", javascript=True)
        assert again is context and again_key == key
        assert again.pages == []
        page = again.new_page()
        page.goto(base + "index.html")
        stored = page.evaluate("[localStorage.getItem('theme'), sessionStorage.getItem('s'), document.cookie]")
        assert stored == [None, None, ""]
        assert page.evaluate("navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)") != "granted"
        browser_contexts.give_back(again_key, again, [base.rstrip("/")], route)

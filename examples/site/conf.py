# The example site: the personal research site sphinx-tufte is made to reproduce.
# Build it with `make example` from the repository, or:
#   sphinx-build -W -b html examples/site _build/example
# Preview it live with:
#   sphinx-autobuild examples/site _build/example
project = "Tyler Romero"
author = "Tyler Romero"
copyright = "2025, Tyler Romero"
language = "en"

extensions = ["myst_parser", "sphinx_tufte"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "tufte"
html_title = "Tyler Romero"
# Absolute links in the feed and the social cards start here.
html_baseurl = "https://www.tylerromero.com/"
html_theme_options = {
    "nav_links": [
        ["Home", "index"],
        ["About", "about"],
        ["Recipes", "recipes"],
        ["Feed", "feed.xml"],
    ],
    "footer_text": "Written in MyST Markdown, built with Sphinx and sphinx-tufte.",
}
html_show_sourcelink = False
# The author named in the feed and in each post's structured data.
tufte_author = "Tyler Romero"
exclude_patterns = ["_build"]

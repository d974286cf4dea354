# The example site: the personal research site sphinx-tufte is made to reproduce.
project = "Tyler Romero"
author = "Tyler Romero"
copyright = "2025, Tyler Romero"
language = "en"

extensions = ["myst_parser", "sphinx_tufte"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "tufte"
html_title = "Tyler Romero"
html_baseurl = "https://www.tylerromero.com/"
html_theme_options = {
    "nav_links": [["Home", "index"], ["About", "about"]],
    "footer_text": "Written in MyST Markdown, built with Sphinx and sphinx-tufte.",
}
html_show_sourcelink = False
exclude_patterns = ["_build"]

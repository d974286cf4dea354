# The documentation of sphinx-tufte, built with sphinx-tufte.
project = "sphinx-tufte"
author = "the sphinx-tufte developers"
copyright = "2026, the sphinx-tufte developers"
language = "en"

extensions = ["myst_parser", "sphinx_tufte"]
myst_enable_extensions = ["amsmath", "dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "tufte"
html_title = "sphinx-tufte"
html_theme_options = {
    "nav_links": [["Home", "index"], ["Theme options", "theme-options"]],
}
exclude_patterns = ["_build"]

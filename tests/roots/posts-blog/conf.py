# The test blog of tests/test_posts*.py, test_feed*.py, test_postlist*.py,
# test_tags*.py and test_meta*.py: a dozen posts with mixed date forms, a draft, and
# posts with bad front matter.
project = "Test Blog"
html_theme = "tufte"
extensions = ["myst_parser", "sphinx_tufte"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
html_baseurl = "https://blog.example.org/"
suppress_warnings = ["tufte.baseurl_placeholder"]  # a test site, never published
tufte_author = "Ada Example"

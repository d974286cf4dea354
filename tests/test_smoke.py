"""The package loads both ways and declares itself safe for parallel builds."""

import sphinx_tufte


def test_setup_metadata(build):
    built = build({"index.rst": "Title\n=====\n\nText.\n"}, confoverrides={"extensions": ["sphinx_tufte"]})
    extension = built.app.extensions["sphinx_tufte"]
    assert extension.version == sphinx_tufte.__version__
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True
    assert extension.metadata["env_version"] == sphinx_tufte.ENV_VERSION

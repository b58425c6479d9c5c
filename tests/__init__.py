"""The test suite. Its folders mirror the packages (`tests/ingest/nlp/` tests `ingest/nlp/`, `tests/db/`
tests `db/`, ...); tests of the project as a whole (install, command line, layout) sit at this level, as
do the shared helpers (`conftest.py`, `conftest_web.py`, `webserver.py`, `fixtures/`) and the browser
tests (`e2e/`). The mirrored folders are packages, so their modules are imported by their full name
(`tests.ingest.run.test_lock`) and two folders may hold modules of the same name."""

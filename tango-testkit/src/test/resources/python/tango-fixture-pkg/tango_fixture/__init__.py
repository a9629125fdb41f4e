"""A tiny local package installed by the harness tests."""

VALUE = "tango-fixture-ok"

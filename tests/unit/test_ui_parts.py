"""The web UI's parts on their own: which addresses become links, and the form's date field. The
pages themselves are tested in real Chromium in tests/e2e/test_ui.py."""

from __future__ import annotations

import datetime as dt

import pytest

from crosswire.server.posts import ApiError
from crosswire.server.ui import _day, web_link

pytestmark = [pytest.mark.unit]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/news/1",
        "http://example.org",
        " HTTPS://Example.org/a?b=c ",
    ],
)
def test_http_addresses_are_linked(url):
    assert web_link(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "/relative/path",
        "//example.org/protocol-relative",
        "http:///no-host",
        "file:///etc/passwd",
    ],
)
def test_other_addresses_are_shown_as_text(url):
    assert web_link(url) is None


def test_the_date_filter_takes_an_iso_day_or_nothing():
    assert _day("2026-05-18") == dt.date(2026, 5, 18)
    assert _day("") is None and _day(None) is None
    with pytest.raises(ApiError) as raised:
        _day("18/05/2026")
    assert raised.value.field == "since" and raised.value.status == 422

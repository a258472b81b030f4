"""Article pages from the web: a URL fetched through the guard → ``RawDocument`` (or the reason
it was not read), the same record a saved page gives, with the page's final URL as its ``url``
field. Fields a feed gave for the entry (``feed_title``, ``feed_published``, ``feed_author``)
ride along; extraction uses them only where the page itself names no title, date or author.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence

from crosswire.fetch.client import Fetcher
from crosswire.fetch.guard import FetchError
from crosswire.ingest.formats import Item, read_bytes
from crosswire.records import InputProblem, RawDocument

#: Fields a feed entry may lend its page.
FEED_FIELDS = ("feed_title", "feed_published", "feed_author")

_SUFFIX_BY_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "": ".html",  # no Content-Type: sniffed as HTML, the common case for a page
}

PageReader = Callable[[str], Iterator[Item]]


def read_page(
    fetcher: Fetcher, url: str, fields: Sequence[tuple[str, str]] = (), *, max_bytes: int
) -> Iterator[Item]:
    """The article page at ``url``; FetchError (with its reason) when it cannot be fetched."""
    answer = fetcher.fetch(url)
    media = answer.content_type.split(";", 1)[0].strip().lower()
    suffix = _SUFFIX_BY_TYPE.get(media)
    if suffix is None:
        yield InputProblem(
            url, f"the page is {media}, not an article crosswire reads (HTML or plain text)"
        )
        return
    given = tuple((key, value) for key, value in fields if key in FEED_FIELDS and value)
    for item in read_bytes(url, answer.body, suffix, max_bytes):
        if isinstance(item, RawDocument):
            merged = {**dict(given), **dict(item.fields)}
            merged.setdefault("url", answer.url)
            item = dataclasses.replace(item, fields=tuple(sorted(merged.items())))
        yield item


def page_reader(fetcher: Fetcher, max_bytes: int) -> PageReader:
    """A reader of page URLs for ``read_inputs``: a failed fetch becomes the URL's reason."""

    def read(url: str) -> Iterator[Item]:
        try:
            yield from read_page(fetcher, url, max_bytes=max_bytes)
        except FetchError as error:
            yield InputProblem(url, f"not fetched: {error}", "failed")

    return read

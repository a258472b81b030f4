"""``POST /api/articles`` bodies → ``RawDocument``s for the normal pipeline, or an ``ApiError``
naming the field at fault.

A JSON body is one record ``{text | html | url, title?, outlet?, published?, author?}`` read as
``crosswire brief`` reads a JSON record (a ``url`` alone is fetched through the guard, as
``crosswire brief URL`` fetches it); a multipart upload is a ``file`` read by its suffix as
``brief`` reads that file (text with headers, HTML, JSON, JSON Lines, WARC), with optional
``title``/``outlet``/``published``/``author`` form fields that override what the file says.
Each document's source is ``api:`` plus a hash of what was posted, so posting the same thing
again is recognised before extraction, and the same text under other metadata is still one
article (an article's id is a hash of its text)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, replace
from pathlib import PurePath

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from crosswire.fetch.client import FetchConfig, Fetcher, check_url
from crosswire.fetch.guard import FetchError, FetchRefused
from crosswire.fetch.pages import read_page
from crosswire.ingest.formats import load_json, read_bytes, record_to_document
from crosswire.ingest.limits import HTML_SUFFIXES, SUPPORTED, TEXT_SUFFIXES
from crosswire.records import InputProblem, RawDocument

METADATA = ("title", "outlet", "published", "author")
META = set(METADATA)
_FILE_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".json", ".jsonl", ".warc")


class ApiError(Exception):
    """A request the API refuses: HTTP ``status``, the ``field`` at fault, and why."""

    def __init__(self, status: int, message: str, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


class ArticleIn(BaseModel):
    """One article as JSON: its text or its page's HTML, and what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The article's text (plain or Markdown).")
    html: str | None = Field(None, description="The article page's HTML (extracted as brief does).")
    url: str | None = Field(
        None,
        description="Where the article lives: with text or html, recorded; alone, the page is "
        "fetched through the SSRF guard (public addresses, or those the server allows).",
        max_length=2000,
    )
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="Publication date, e.g. 2026-05-18.")
    author: str | None = None


def _source(kind: str, data: bytes) -> str:
    return f"api:{kind}:{hashlib.sha256(data).hexdigest()[:16]}"


@dataclass(frozen=True)
class PageToFetch:
    """A JSON body naming only a page's ``url``: the page is fetched (``fetch_documents``),
    and the body's other ``fields`` stand over what the page says."""

    url: str
    fields: dict[str, str]


def json_document(body: bytes, max_bytes: int) -> RawDocument | PageToFetch:
    """The document a JSON body describes, or the page it names to fetch."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, "the body is not UTF-8 JSON", "body") from None
    data, reason = load_json(text)
    if reason is not None:
        raise ApiError(422, reason, "body")
    if not isinstance(data, dict):
        raise ApiError(422, "expected one JSON object with a 'text' or 'html' field", "body")
    try:
        record = ArticleIn.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise ApiError(422, f"{field}: {first['msg']}", field) from None
    if record.text is not None and record.html is not None:
        raise ApiError(422, "give either text or html, not both", "html")
    if record.text is None and record.html is None:
        if record.url is not None:
            return PageToFetch(record.url, record.model_dump(exclude_none=True, include=META))
        raise ApiError(422, "give the article as text or html, or its page's url", "text")
    fields = record.model_dump(exclude_none=True)
    found = record_to_document(_source("json", body), fields, max_bytes)
    if isinstance(found, InputProblem):
        raise ApiError(422, found.reason, "text" if record.text is not None else "html")
    return found


def file_documents(
    filename: str, data: bytes, metadata: dict[str, str], max_bytes: int
) -> tuple[list[RawDocument], list[InputProblem]]:
    """The documents in an uploaded file, with the form's metadata fields laid over theirs."""
    name = PurePath(filename.replace("\\", "/")).name[:200] or "upload"
    suffix = PurePath(name.lower().removesuffix(".gz")).suffix
    if suffix not in _FILE_SUFFIXES:
        raise ApiError(
            422, f"cannot tell the format of {name!r} from its name; upload {SUPPORTED}", "file"
        )
    if name.lower().endswith(".gz"):
        raise ApiError(422, "upload the file uncompressed (HTTP can compress it)", "file")
    source = f"{_source('file', data)}/{name}"
    documents: list[RawDocument] = []
    problems: list[InputProblem] = []
    for item in read_bytes(source, data, suffix, max_bytes):
        if isinstance(item, InputProblem):
            problems.append(item)
            continue
        given = dict(item.fields)
        given.update({k: v.strip() for k, v in metadata.items() if v.strip()})
        documents.append(
            RawDocument(item.source, item.format, item.content, tuple(sorted(given.items())))
        )
    if not documents:
        reasons = "; ".join(p.reason for p in problems) or "no article in it"
        raise ApiError(422, f"nothing to read in {name!r}: {reasons}", "file")
    return documents, problems


def fetch_documents(
    page: PageToFetch, config: FetchConfig, max_bytes: int
) -> tuple[list[RawDocument], list[InputProblem]]:
    """The article at ``page.url``, fetched through the guard as ``crosswire brief URL`` does,
    with the posted fields over the page's own; ApiError naming ``url`` when it cannot be
    (422 for a URL the guard refuses, cannot take or the site says is wrong; 502 when the site
    failed)."""
    try:
        check_url(page.url)
        with Fetcher(replace(config, max_bytes=max_bytes)) as fetcher:
            items = list(read_page(fetcher, page.url, max_bytes=max_bytes))
    except FetchRefused as error:
        raise ApiError(422, f"url: {error}", "url") from None
    except FetchError as error:
        # The URL's fault (not a page, a 4xx) is the client's to fix: 422; the site's
        # (a 5xx, a timeout, a failed lookup): 502.
        upstream = error.retryable or (error.status is not None and error.status >= 500)
        status = 502 if upstream else 422
        raise ApiError(status, f"url: not fetched: {error}", "url") from None
    documents = [i for i in items if isinstance(i, RawDocument)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    if not documents:
        reasons = "; ".join(p.reason for p in problems) or "no article on the page"
        raise ApiError(422, f"url: nothing to read: {reasons}", "url")
    given = {k: v.strip() for k, v in page.fields.items() if v.strip()}
    laid = [
        dataclasses.replace(d, fields=tuple(sorted({**dict(d.fields), **given}.items())))
        for d in documents
    ]
    return laid, problems

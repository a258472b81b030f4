"""Fetching from the web behind the SSRF guard: ``guard`` (which addresses may be reached),
``transport`` (connect only to the checked address), ``client`` (redirects, bounds, retries,
politeness, robots.txt, conditional GET) and ``pages`` (article pages → ``RawDocument``)."""

from crosswire.fetch.client import FetchConfig, Fetched, Fetcher
from crosswire.fetch.guard import AddressPolicy, FetchError, FetchRefused, address_refusal

__all__ = [
    "AddressPolicy",
    "FetchConfig",
    "FetchError",
    "FetchRefused",
    "Fetched",
    "Fetcher",
    "address_refusal",
]

"""The SSRF guard's address checker and policy, feed parsing and OPML (no network)."""

import socket

import pytest

from crosswire.feeds.opml import OpmlUnreadable, Outline, read_opml, write_opml
from crosswire.feeds.parse import FeedUnreadable, parse_feed
from crosswire.fetch.guard import (
    AddressPolicy,
    FetchError,
    FetchRefused,
    address_refusal,
    trusted_entry,
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("100.64.0.1", "shared address space"),
        ("100.127.255.254", "shared address space"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.7", "private"),  # documentation range, in the IANA special-purpose list
        ("fec0::1", "site-local"),  # deprecated, yet Python counts it as global
        ("2002:7f00:1::1", "loopback"),  # 6to4 carrying 127.0.0.1
        ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 carrying 169.254.169.254
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo, client 127.0.0.1
        ("2001:0:a00:1:8000:63bf:3fff:fdd2", "private"),  # Teredo via server 10.0.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 carrying 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 carrying 10.0.0.1
    ],
)
def test_each_non_public_address_class_is_refused_with_its_name(address, kind):
    reason = address_refusal(address)
    assert reason is not None and reason.startswith(kind)


@pytest.mark.unit
@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "93.184.216.34",
        "100.128.0.1",
        "172.32.0.1",
        "2606:4700::1111",
        "2002:808:808::1",  # 6to4 carrying 8.8.8.8
        "64:ff9b::808:808",  # NAT64 carrying 8.8.8.8: judged by it, not refused wholesale
    ],
)
def test_public_addresses_pass(address):
    assert address_refusal(address) is None


def _resolver(table):
    def resolve(host, port):
        return table[host]

    return resolve


@pytest.mark.unit
def test_a_host_with_any_private_address_is_refused_whole():
    resolve = _resolver({"news.example": ["93.184.216.34", "10.0.0.5"]})
    with pytest.raises(FetchRefused, match=r"10\.0\.0\.5.*private.*--allow-private"):
        AddressPolicy().checked_addresses("news.example", 80, resolve)


@pytest.mark.unit
def test_allow_private_and_allow_hosts_open_only_what_they_name():
    resolve = _resolver({"intranet": ["10.1.1.1"], "wiki.lan": ["192.168.5.5"], "pub": ["8.8.4.4"]})
    assert AddressPolicy(allow_private=True).checked_addresses("intranet", 80, resolve) == [
        "10.1.1.1"
    ]
    by_range = AddressPolicy(allow_hosts=("10.0.0.0/8",))
    assert by_range.checked_addresses("intranet", 80, resolve) == ["10.1.1.1"]
    with pytest.raises(FetchRefused):
        by_range.checked_addresses("wiki.lan", 80, resolve)
    by_name = AddressPolicy(allow_hosts=("Wiki.LAN",))
    assert by_name.checked_addresses("wiki.lan", 80, resolve) == ["192.168.5.5"]
    assert AddressPolicy().checked_addresses("pub", 443, resolve) == ["8.8.4.4"]


@pytest.mark.unit
def test_a_failed_lookup_is_a_fetch_error_retryable_unless_the_name_does_not_exist():
    def temporary(host, port):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    def missing(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError, match=r"cannot resolve 'news\.example'") as caught:
        AddressPolicy().checked_addresses("news.example", 80, temporary)
    assert caught.value.retryable and not isinstance(caught.value, FetchRefused)
    with pytest.raises(FetchError, match=r"cannot resolve 'nowhere\.invalid'") as caught:
        AddressPolicy().checked_addresses("nowhere.invalid", 80, missing)
    assert not caught.value.retryable and not isinstance(caught.value, FetchRefused)


@pytest.mark.unit
def test_trusted_entries_are_canonical_ranges_or_host_names():
    assert trusted_entry("10.1.2.3") == "10.1.2.3/32"
    assert trusted_entry("10.1.2.3/8") == "10.0.0.0/8"
    assert trusted_entry("[::1]") == "::1/128"
    assert trusted_entry("Wiki.LAN.") == "wiki.lan"
    for bad in ("bad host", "a..b", "-x", "http://x.example/"):
        with pytest.raises(ValueError, match="neither a host name"):
            trusted_entry(bad)


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>
<item><title>Ferry  halted</title><link>/news/1</link>
<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate><author>desk@example.org (Desk)</author></item>
<item><title>Not a page</title><link>mailto:desk@example.org</link></item>
<item><title>Ferry halted (updated)</title><link>/news/1</link></item>
</channel></rss>"""


@pytest.mark.unit
def test_rss_entries_are_resolved_deduplicated_and_dated():
    feed = parse_feed(RSS, "http://news.example/rss")
    assert feed.title == "Harbour News"
    assert [e.url for e in feed.entries] == ["http://news.example/news/1"]
    assert feed.entries[0].title == "Ferry halted"
    assert feed.entries[0].published == "2026-03-02T09:00:00+00:00"


@pytest.mark.unit
def test_json_feed_and_atom_entries():
    json_feed = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "Coast Wire",
      "items": [{"id": "1", "url": "https://c.example/a", "title": "A",
                 "date_published": "2026-03-04T08:00:00Z", "authors": [{"name": "Desk"}]}]}"""
    feed = parse_feed(json_feed, "https://c.example/feed.json")
    assert feed.entries[0].url == "https://c.example/a"
    assert feed.entries[0].author == "Desk"
    assert feed.entries[0].published == "2026-03-04T08:00:00+00:00"
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title>
      <entry><title>B</title><link href="https://g.example/b"/><id>b</id>
      <updated>2026-03-03T10:00:00Z</updated></entry></feed>"""
    assert [e.url for e in parse_feed(atom, "https://g.example/").entries] == [
        "https://g.example/b"
    ]


@pytest.mark.unit
def test_a_page_that_is_no_feed_is_refused_with_the_reason():
    with pytest.raises(FeedUnreadable, match="not an RSS, Atom or JSON feed"):
        parse_feed(b"<html><body>hello</body></html>", "http://x.example/")
    with pytest.raises(FeedUnreadable, match="not a JSON Feed"):
        parse_feed(b'{"hello": 1}', "http://x.example/")


@pytest.mark.unit
def test_opml_round_trip_keeps_urls_titles_and_escapes():
    outlines = [
        Outline("https://a.example/rss?x=1&y=2", "A & B <news>"),
        Outline("https://b.example/atom", None),
    ]
    again = read_opml(write_opml(outlines), "feeds.opml")
    assert again == [outlines[0], Outline("https://b.example/atom", "https://b.example/atom")]


@pytest.mark.unit
def test_opml_folders_are_flattened():
    data = b"""<opml version="1.0"><body><outline text="World">
      <outline text="One" xmlUrl="https://one.example/rss"/></outline>
      <outline text="Two" xmlUrl="https://two.example/rss"/></body></opml>"""
    assert [o.url for o in read_opml(data, "f.opml")] == [
        "https://one.example/rss",
        "https://two.example/rss",
    ]


@pytest.mark.unit
def test_opml_with_entities_is_refused_not_expanded():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">
      <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <opml version="1.0"><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>"""
    with pytest.raises(OpmlUnreadable, match="declares XML entities"):
        read_opml(bomb, "bomb.opml")
    external = b"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY e SYSTEM "file:///etc/passwd">]>
      <opml version="1.0"><body><outline text="&e;" xmlUrl="https://x.example/"/></body></opml>"""
    with pytest.raises(OpmlUnreadable, match="declares XML entities"):
        read_opml(external, "external.opml")
    with pytest.raises(OpmlUnreadable, match="not OPML"):
        read_opml(b"<rss/>", "x.opml")

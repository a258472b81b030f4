"""Feeds in: the followed feeds and fetch queue (``state``), feed documents (``parse``), OPML
(``opml``) and the watcher (``watch``)."""

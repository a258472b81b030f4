"""What only the PostgreSQL store does: writers take turns on an advisory lock (and say who holds
it), two first opens at once migrate once, vectors are kept as 4 bytes a dimension, and a
location's password never reaches a message. (The backend-neutral contract is tested on both
backends in test_model_and_store, test_store_protocol and test_store_search.)"""

import os
import threading
import time

import numpy as np
import pytest

from crosswire.errors import StoreBusy, StoreError, UserError
from crosswire.records import Article, article_id_for
from crosswire.store import open_store

pytestmark = pytest.mark.unit


def article(body: str) -> Article:
    return Article(
        id=article_id_for(body), source="x.txt", title="T", text=body, original_text=body
    )


def test_a_writer_waits_for_another_then_gives_up_naming_it(postgres_url):
    holder = open_store(postgres_url)
    told: list[str] = []
    waiter = open_store(postgres_url, busy_timeout=1.5, on_busy=told.append)
    try:
        with holder.transaction():
            holder.add_article(article("The first writer holds the lock."))
            started = time.monotonic()
            with pytest.raises(StoreBusy) as raised, waiter.transaction():
                pass
            waited = time.monotonic() - started
        assert 1.4 <= waited < 5
        assert isinstance(raised.value, UserError)
        assert f"pid {os.getpid()}" in str(raised.value)
        assert "--busy-timeout" in str(raised.value)
        assert told and "is busy" in told[0] and f"pid {os.getpid()}" in told[0]
        assert waiter.counts()["articles"] == 1  # the holder committed; the waiter wrote nothing
    finally:
        holder.close()
        waiter.close()


def test_a_writer_goes_ahead_once_the_other_commits(postgres_url):
    holder = open_store(postgres_url)
    waiter = open_store(postgres_url, busy_timeout=30)
    holding = threading.Event()

    def hold() -> None:
        with holder.transaction():
            holder.add_article(article("Written while the other waits."))
            holding.set()
            time.sleep(0.5)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        holding.wait(10)
        started = time.monotonic()
        with waiter.transaction():
            # The lock is taken first: the holder's commit is seen, so seq follows it.
            assert waiter.counts()["articles"] == 1
            waiter.add_article(article("Written after the other committed."))
        assert 0.2 < time.monotonic() - started < 10
        assert [a.text for a in waiter.articles()] == [
            "Written while the other waits.",
            "Written after the other committed.",
        ]
    finally:
        thread.join()
        holder.close()
        waiter.close()


def test_two_first_opens_at_once_migrate_once(postgres_url):
    opened: list[object] = []
    failures: list[BaseException] = []

    def open_it() -> None:
        try:
            opened.append(open_store(postgres_url))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    store = opened[0]
    versions = [row[0] for row in store.db.execute("SELECT version FROM migrations")]
    assert sorted(versions) == list(range(1, 13))
    for each in opened:
        each.close()


def test_transactions_do_not_nest(postgres_url):
    store = open_store(postgres_url)
    try:
        with (
            pytest.raises(StoreError, match="inside another"),
            store.transaction(),
            store.transaction(),
        ):
            pass
    finally:
        store.close()


def test_vectors_are_stored_as_four_bytes_a_dimension_little_endian(postgres_url):
    store = open_store(postgres_url)
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    try:
        with store.transaction():
            store.save_embeddings("enc", {"h": vector})
        (size, head), *_ = store.db.execute(
            "SELECT octet_length(vector), substring(vector from 1 for 4) FROM embeddings"
        )
        assert size == 384 * 4
        assert bytes(head) == np.float32(-1).astype("<f4").tobytes()
        assert np.array_equal(store.embeddings("enc", ["h"])["h"], vector)
    finally:
        store.close()


def test_a_location_that_cannot_be_opened_is_named_without_its_password(postgres_server):
    location = f"postgresql://crosswire:s3cret@/no_such_db?host={postgres_server.folder}"
    with pytest.raises(StoreError, match="no_such_db") as raised:
        open_store(location)
    assert "s3cret" not in str(raised.value)
    assert "createdb" in str(raised.value)
    query_password = f"postgresql:///no_such_db?host={postgres_server.folder}&password=s3cret"
    with pytest.raises(StoreError) as raised:
        open_store(query_password)
    assert "s3cret" not in str(raised.value)


def test_both_url_schemes_open_the_store(postgres_url):
    short = postgres_url.replace("postgresql://", "postgres://", 1)
    for location in (postgres_url, short):
        store = open_store(location)
        assert type(store).__name__ == "PostgresStore"
        store.close()


def test_a_reader_opens_an_up_to_date_workspace_while_a_writer_holds_it(postgres_url):
    open_store(postgres_url).close()  # made and migrated
    holder = open_store(postgres_url)
    try:
        with holder.transaction():
            holder.add_article(article("Written by a long run."))
            started = time.monotonic()
            reader = open_store(postgres_url, busy_timeout=0.2)
            assert reader.counts()["articles"] == 0  # the run has not committed yet
            reader.close()
            assert time.monotonic() - started < 0.2
    finally:
        holder.close()


def test_workspaces_in_two_schemas_of_one_database_do_not_wait_for_each_other(postgres_url):
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("CREATE SCHEMA desk_a")
        admin.execute("CREATE SCHEMA desk_b")
    first = open_store(f"{postgres_url}&options=-csearch_path%3Ddesk_a")
    second = open_store(f"{postgres_url}&options=-csearch_path%3Ddesk_b", busy_timeout=0.2)
    try:
        with first.transaction():
            first.add_article(article("Desk A's article."))
            with second.transaction():  # no StoreBusy: another workspace, another lock
                second.add_article(article("Desk B's article."))
        assert [a.text for a in first.articles()] == ["Desk A's article."]
        assert [a.text for a in second.articles()] == ["Desk B's article."]
    finally:
        first.close()
        second.close()
    with pytest.raises(StoreError, match="search_path"):
        open_store(f"{postgres_url}&options=-csearch_path%3Dno_such_schema")


def test_a_store_whose_connection_was_cut_connects_again(postgres_url):
    import psycopg

    store = open_store(postgres_url)
    try:
        with store.transaction():
            store.add_article(article("Kept across the cut."))
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (store.db.info.backend_pid,))
        with pytest.raises(psycopg.OperationalError):
            store.counts()  # the call that finds the connection gone fails ...
        assert store.counts()["articles"] == 1  # ... and the next one connects afresh
        with store.transaction():
            store.add_article(article("Written after the cut."))
        assert store.counts()["articles"] == 2
    finally:
        store.close()

"""Search queries in SQLite FTS5's language, translated for PostgreSQL's full-text search, so a
query means the same on either backend: words (all must occur), "quoted phrases", a trailing *
for a prefix, AND, OR and NOT (in capitals; NOT binds tightest, then AND, then OR) and
parentheses. What FTS5 refuses (stray punctuation, an unclosed quote) is refused here too, with
ValueError saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from psycopg import sql

#: One token: a quoted phrase ("" inside is a quote), a bareword (what FTS5 allows: letters,
#: digits, _ and any non-ASCII character), a prefix star, a parenthesis, or anything else.
_TOKEN = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([\w\u0080-\U0010ffff]+)|([*()])|(\S))')
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass(frozen=True)
class _Token:
    kind: str  # "phrase", "word", "prefix", "and", "or", "not", "(", ")", "*"
    text: str


def to_tsquery_sql(query: str) -> tuple[sql.Composable, list[str]]:
    """An SQL expression of type tsquery for ``query`` and its parameters (in order)."""
    parser = _Parser(_tokens(query), query)
    if not parser.tokens:
        raise ValueError(f"cannot search for {query!r}: there is no word to search for")
    expression = parser.any_of()
    if parser.position < len(parser.tokens):
        raise parser.error(f"unexpected {parser.tokens[parser.position].text!r}")
    return expression, parser.parameters


def _tokens(query: str) -> list[_Token]:
    found: list[_Token] = []
    position = 0
    text = query.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only whitespace is left
            break
        phrase, word, mark, other = match.groups()
        if other is not None:
            hint = 'an unclosed "' if other == '"' else f"{other!r}, which is not part of a word"
            raise ValueError(
                f'cannot search for {query!r}: {hint}. Quote phrases with "…" '
                "and avoid stray punctuation"
            )
        if phrase is not None:
            found.append(_Token("phrase", phrase.replace('""', '"')))
        elif word is not None:
            found.append(_Token(word.lower() if word in _OPERATORS else "word", word))
        else:
            found.append(_Token(mark, mark))
        position = match.end()
    # A star right after a word makes it a prefix.
    merged: list[_Token] = []
    for token in found:
        if token.kind == "*" and merged and merged[-1].kind == "word":
            merged[-1] = _Token("prefix", merged[-1].text)
        else:
            merged.append(token)
    return merged


class _Parser:
    """Recursive descent over the tokens: any_of (OR) > all_of (AND, or nothing between) >
    but_not (NOT) > term."""

    def __init__(self, tokens: list[_Token], query: str):
        self.tokens = tokens
        self.query = query
        self.position = 0
        self.parameters: list[str] = []

    def error(self, what: str) -> ValueError:
        return ValueError(
            f'cannot search for {self.query!r}: {what}. Quote phrases with "…" and write '
            "AND, OR, NOT between words"
        )

    def peek(self) -> str | None:
        return self.tokens[self.position].kind if self.position < len(self.tokens) else None

    def any_of(self) -> sql.Composable:
        left = self.all_of()
        while self.peek() == "or":
            self.position += 1
            left = sql.SQL("({} || {})").format(left, self.all_of())
        return left

    def all_of(self) -> sql.Composable:
        left = self.but_not()
        while self.peek() in {"and", "phrase", "word", "prefix", "("}:
            if self.peek() == "and":
                self.position += 1
            left = sql.SQL("({} && {})").format(left, self.but_not())
        return left

    def but_not(self) -> sql.Composable:
        left = self.term()
        while self.peek() == "not":
            self.position += 1
            left = sql.SQL("({} && !!{})").format(left, self.term())
        return left

    def term(self) -> sql.Composable:
        kind = self.peek()
        if kind is None:
            raise self.error("it ends where a word was expected")
        token = self.tokens[self.position]
        self.position += 1
        if kind == "(":
            inner = self.any_of()
            if self.peek() != ")":
                raise self.error("a parenthesis is not closed")
            self.position += 1
            return inner
        if kind == "phrase":
            self.parameters.append(token.text)
            return sql.SQL("phraseto_tsquery('simple', %s)")
        if kind == "word":
            self.parameters.append(token.text)
            return sql.SQL("plainto_tsquery('simple', %s)")
        if kind == "prefix":
            self.parameters.append(f"'{token.text}':*")
            return sql.SQL("to_tsquery('simple', %s)")
        raise self.error(f"unexpected {token.text!r}")

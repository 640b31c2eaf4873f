"""The directory's query cleaning holds for any input (Hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st

from connections.profiles.selectors import SEARCH_MAX_LENGTH, PeopleQuery


@given(st.one_of(st.none(), st.text(max_size=400)))
def test_any_query_is_cleaned_and_capped(raw):
    query = PeopleQuery.parse(raw)
    assert len(query.text) <= SEARCH_MAX_LENGTH
    assert query.text == query.text.strip()
    assert all(ch.isprintable() for ch in query.text)
    assert "  " not in query.text
    if raw is not None and len(raw) <= SEARCH_MAX_LENGTH:
        assert not query.truncated


def test_long_query_is_cut_and_marked():
    query = PeopleQuery.parse("ab " * 5000)
    assert query.truncated and len(query.text) <= SEARCH_MAX_LENGTH
    assert PeopleQuery.parse("  Ada   Lovelace ") == PeopleQuery("Ada Lovelace", False)

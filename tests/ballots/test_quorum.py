"""The quorum rule: exact shares, strict and non-strict, and clear errors for bad settings."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballots.errors import RulesError
from ballots.quorum import (
    DEFAULT_QUORUM,
    Quorum,
    is_quorate,
    parse_quorum,
    required_present,
)


@pytest.mark.parametrize(("rule", "entitled", "needed"), [
    ("more than 1/2", 29, 15), ("more than 1/2", 30, 16), ("at least 1/2", 30, 15),
    ("at least 1/2", 29, 15), ("at least 1/3", 30, 10), ("more than 2/3", 30, 21),
    ("none", 30, 0), ("at least 1", 30, 30),
])
def test_required_present(rule, entitled, needed):
    assert required_present(parse_quorum(rule), entitled=entitled) == needed


def test_default_is_more_than_half():
    assert parse_quorum(DEFAULT_QUORUM) == Quorum(Fraction(1, 2), strict=True)
    assert str(parse_quorum(" More  than 1/2 ")) == "more than 1/2"


def test_nobody_entitled_is_not_quorate():
    assert not is_quorate(parse_quorum("none"), present=0, entitled=0)


@pytest.mark.parametrize("bad", ["", "half", "more than", "more than 3/2", "at least -1/2",
                                 "more than 1", "more than 1/0", "über 1/2"])
def test_bad_rules_name_the_key(bad):
    with pytest.raises(RulesError) as caught:
        parse_quorum(bad)
    assert caught.value.code == "quorum.malformed" and caught.value.params["key"] == "quorum"


@given(st.integers(0, 2000), st.integers(1, 2000),
       st.fractions(min_value=0, max_value=1, max_denominator=12), st.booleans())
def test_is_quorate_agrees_with_the_definition(present, entitled, share, strict):
    if strict and share == 1:
        return
    quorum = Quorum(share, strict)
    exact = present > share * entitled if strict else present >= share * entitled
    assert is_quorate(quorum, present=present, entitled=entitled) == exact

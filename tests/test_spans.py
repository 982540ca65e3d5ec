from __future__ import annotations

import random

import pytest

from extract.spans import Barriers


@pytest.mark.parametrize("seed", range(20))
def test_barriers_answer_what_a_scan_of_every_span_answers(seed: int) -> None:
    rng = random.Random(seed)
    spans = [(s, s + rng.randint(0, 15)) for s in (rng.randint(0, 200) for _ in range(rng.randint(0, 30)))]
    found = Barriers(spans)
    for pos in range(-2, 220):
        assert found.covers(pos) == any(s <= pos < e for s, e in spans)
        hi = pos + rng.randint(1, 20)
        assert found.overlaps(pos, hi) == any(s < hi and pos < e for s, e in spans if e > s)
        inside = [s for s, e in spans if e > s and pos < s < hi]
        assert found.first_start_between(pos, hi) == (min(inside) if inside else None)

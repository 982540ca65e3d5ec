"""The fast jieba cut yields jieba's own words, on hand-picked and repository texts."""

from __future__ import annotations

import random
from pathlib import Path

import jieba
import pytest
from casetables import load_cases
from jieba import finalseg

from extract.jiebacut import JiebaCut, hmm_cut
from extract.segment import _jieba

_REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cutter() -> JiebaCut:
    return _jieba()  # with the domain dictionary loaded, as the pipeline uses it


@pytest.mark.parametrize(
    "text",
    [
        "巨鹿县总投资5亿元的项目3月开工。",
        "年产12万吨精品钢及深加工项目，总投资36.57亿元，2023年10月竣工投产！",
        "中国联通（北京）数据中心 二期工程\r\n于2024年第二季度开工",
        "长春朝阳区、邢台巨鹿县；5G+工业互联网·智慧园区 A-1地块（一期）",
        "张三丰李四光王小二来到了项城市农产品加工产业园",  # unknown names: the HMM joins them
        "Hello world 3.5% ＡＢＣ１２３ 「引号」 and emoji 🚀 mixed 中文",
        "",
        "项",
        "   ",
    ],
)
def test_cut_equals_jieba_on_tricky_texts(cutter: JiebaCut, text: str) -> None:
    assert cutter.cut(text) == list(jieba.cut(text))


def _repository_texts() -> list[str]:
    cases = [c["text"] for kind in ("amounts", "dates", "milestones") for c in load_cases("zh", kind)]
    articles = sorted((_REPO / "corpus" / "articles").glob("zh_*.txt"))
    return cases + [p.read_text(encoding="utf-8") for p in articles]


def test_cut_equals_jieba_on_every_repository_text(cutter: JiebaCut) -> None:
    texts = _repository_texts()
    assert sum(map(len, texts)) > 10_000
    assert [cutter.cut(t) for t in texts] == [list(jieba.cut(t)) for t in texts]


def test_hmm_cut_equals_finalseg_on_pieces_of_repository_texts() -> None:
    text = "".join(_repository_texts())
    rnd = random.Random(7)
    pieces = [text[i : i + rnd.randrange(1, 12)] for i in (rnd.randrange(len(text)) for _ in range(5000))]
    pieces += ["张三丰李四光", "ab12.5%的x", "项城", "", "  \r\n", "𠀀你好"]
    assert [hmm_cut(p) for p in pieces] == [list(finalseg.cut(p)) for p in pieces]

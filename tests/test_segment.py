"""Sentence splitting and tokens with offsets, English and Chinese."""

from __future__ import annotations

import random

import pytest
import regex
import spacy

from extract.segment import (
    _LAST_WORD,
    apply_joins,
    opens_item,
    phrase_line_joins,
    sentence_at,
    split_sentences,
    tokenize,
)


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Total investment of 800 million yuan.We will improve it.",
         ["Total investment of 800 million yuan.", "We will improve it."]),
        ("It cost 6.3 billion yuan. It started.", ["It cost 6.3 billion yuan.", "It started."]),
        ("Hebei Liangshan Co., Ltd. is the owner. Next one.",
         ["Hebei Liangshan Co., Ltd. is the owner.", "Next one."]),
        ("No. 3 plant was built.", ["No. 3 plant was built."]),
        ("It is invested by Xinci Co., Ltd. (registered capital 200 million yuan), with 1.26 billion yuan.",
         ["It is invested by Xinci Co., Ltd. (registered capital 200 million yuan), with 1.26 billion yuan."]),
        ("Built by Xinci Co., Ltd.（赣州） in 2023. Next.", ["Built by Xinci Co., Ltd.（赣州） in 2023.", "Next."]),
        ("end of August);The main plant", ["end of August);", "The main plant"]),
        ("Headline here\n\n2022-07-06 0 By\n\nBody text.", ["Headline here", "2022-07-06 0 By", "Body text."]),
        ("项目总投资8亿元。3月开工，8月竣工投产！明年投产？", ["项目总投资8亿元。", "3月开工，8月竣工投产！", "明年投产？"]),
        ("一是加快建设；二是确保投产。", ["一是加快建设；", "二是确保投产。"]),
        ("He said “the project started.” Then left.", ["He said “the project started.”", "Then left."]),
        ("  \n  ", []),
        ("Among them:\n\n1. Gejiu tin park. Undertaken by Xiyuan.\n\n12. Luxi cold chain center.",
         ["Among them:", "1. Gejiu tin park.", "Undertaken by Xiyuan.", "12. Luxi cold chain center."]),
        ("2.年产5万吨铜箔项目。总投资8亿元。", ["2.年产5万吨铜箔项目。", "总投资8亿元。"]),
        ("It grew 12. Then 3. More.", ["It grew 12.", "Then 3.", "More."]),
        ("Capacity rose to 2023.\n5. Next item.", ["Capacity rose to 2023.", "5. Next item."]),
        # a line ending with a comma goes on below (WeChat posts)
        ("广东英科锂能材料有限公司新型储能材料产业基地，\n\n总投资105亿元，\n\n选址东华镇。\n\n下一段",
         ["广东英科锂能材料有限公司新型储能材料产业基地，\n\n总投资105亿元，\n\n选址东华镇。", "下一段"]),
        ("Headline\nThe park, with 1 billion yuan,\nstarted in May.", ["Headline", "The park, with 1 billion yuan,\nstarted in May."]),
        # … and so does a bare line inside such a sentence, or a line ending with 的
        ("**01｜开工**\n\n昨天上午，\n金瑞年产30吨黄金首饰智能制造项目\n正式开工。\n\n项目由金瑞公司投资",
         ["**01｜开工**", "昨天上午，\n金瑞年产30吨黄金首饰智能制造项目\n正式开工。", "项目由金瑞公司投资"]),
        ("总投资9.5亿元的\n200兆瓦农光互补项目\n正在办理用地手续，\n力争三季度开工。",
         ["总投资9.5亿元的\n200兆瓦农光互补项目\n正在办理用地手续，\n力争三季度开工。"]),
        ("项目开工\n发布时间：2026-05-21\n正文。", ["项目开工", "发布时间：2026-05-21", "正文。"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_sentence_offsets_index_the_text() -> None:
    text = "第一句。Second one.Third one!\n第四句"
    for sent in split_sentences(text):
        assert text[sent.start : sent.end].strip() == text[sent.start : sent.end]
    assert [s.index for s in split_sentences(text)] == [0, 1, 2, 3]


def test_sentence_at_finds_the_sentence_of_an_offset() -> None:
    text = "One. Two. Three."
    sentences = split_sentences(text)
    assert sentence_at(sentences, text.index("Two")) == 1
    assert sentence_at(sentences, text.index("Three") + 2) == 2
    assert sentence_at(sentences, 3 + 1) == -1  # the space between sentences


def test_tokenize_english_offsets() -> None:
    text = "Intro. The solid-state battery project started."
    tokens = tokenize(text, 7, len(text), "en")
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert "project" in [t.text for t in tokens]


def test_tokenize_chinese_uses_domain_dictionary() -> None:
    text = "巨鹿县总投资5亿元的项目3月开工。"
    tokens = tokenize(text, 0, len(text), "zh")
    words = [t.text for t in tokens]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert "总投资" in words and "开工" in words


@pytest.mark.parametrize(
    "text",
    ["Intro. The solid-state battery project started.", "", "   ", "a  b\n\nc\t d ",
     "Hebei Liangshan Co., Ltd. (the \"owner\") can't stop: 6.3 billion yuan!", "“Quoted” — dash… 中文 mixed",
     "U.S.-based e-mail: a@b.com, http://x.org/y?z=1 :) 10km 3-4"],
)
@pytest.mark.parametrize("start", [0, 3])
def test_english_tokens_are_the_docs_non_space_tokens(text: str, start: int) -> None:
    start = min(start, len(text))
    doc = spacy.blank("en").make_doc(text[start:])
    expected = [(t.text, start + t.idx, start + t.idx + len(t.text)) for t in doc if not t.is_space]
    assert [tuple(t[:3]) for t in tokenize(text, start, len(text), "en")] == expected


def test_function_word_tags_are_jieba_posseg_s_own() -> None:
    """The tags kept for Chinese tokens are those jieba.posseg reads, for function words only."""
    import jieba.posseg

    from extract.segment import FUNCTION_TAGS, _function_tags

    expected = {w: t for w, t in jieba.posseg.dt.word_tag_tab.items() if t.startswith(FUNCTION_TAGS)}
    assert _function_tags() == expected
    assert 40_000 < len(expected) < len(jieba.posseg.dt.word_tag_tab) // 3


@pytest.mark.parametrize(
    ("text", "word"),
    [("沾益区年产2万吨电解液项目开工。", "沾益区"), ("屯留区煤层气综合利用项目", "屯留区"),
     ("汉寿县分会场", "汉寿县")],
)
def test_chinese_place_names_stay_whole_words(text: str, word: str) -> None:
    assert word in [t.text for t in tokenize(text, 0, len(text), "zh")]


def test_the_last_word_searched_backwards_is_the_trailing_run() -> None:
    """_LAST_WORD searches backwards; a forward search of the same pattern finds the same run."""
    forward = regex.compile(_LAST_WORD.pattern.removeprefix("(?r)"))
    rnd = random.Random(3)
    alphabet = "ab.1_ é,\n-"
    for window in ["", "Co.", "approx", "No. 3.", " e.g.", *("".join(rnd.choices(alphabet, k=rnd.randint(0, 12))) for _ in range(20000))]:
        back, ahead = _LAST_WORD.search(window), forward.search(window)
        assert (back and back.group()) == (ahead and ahead.group()), repr(window)


POST = (
    "刚刚！顺德这批大项目，传来新进展\n\n2026年06月03日 18:30 来源：顺德发布\n\n"
    "5月的顺德\n项目建设热火朝天\n\n签约、动工、投产\n好消息一个接一个\n\n"
    "01\n北滘：35亿元创新中心动工\n\n"
    "5月28日上午\n美辰智能家电全球创新中心项目\n在北滘镇正式动工\n\n"
    "项目由广东美辰电器科技有限公司投资建设\n总投资35亿元\n占地约120亩\n\n"
    "将建设研发大楼、检测实验室\n中试基地和人才公寓\n计划2028年建成\n\n"
    "02\n容桂：智能工厂已实现满产\n\n"
    "年产300万台高端热水器智能工厂项目\n总投资12.6亿元\n\n今年3.18正式投产\n目前已实现满产\n"
)


def test_a_post_of_one_phrase_per_line_reads_as_prose() -> None:
    """Lines of a block are joined by commas, the blocks of a section by full stops; a
    numbered heading keeps its lines; the text keeps its length."""
    joined = apply_joins(POST, phrase_line_joins(POST))
    assert len(joined) == len(POST)
    sentences = [joined[s.start : s.end] for s in split_sentences(joined)]
    assert "5月28日上午，美辰智能家电全球创新中心项目，在北滘镇正式动工。" in sentences
    assert "项目由广东美辰电器科技有限公司投资建设，总投资35亿元，占地约120亩。" in sentences
    assert "容桂：智能工厂已实现满产" in sentences and "02" in sentences
    assert "年产300万台高端热水器智能工厂项目，总投资12.6亿元。" in sentences
    # the section's blocks are one paragraph, the heading a line of its own
    section = joined[joined.index("5月28日") : joined.index("02")]
    assert section.strip().count("\n") == 0


@pytest.mark.parametrize(
    "text",
    [
        # prose: lines end with full stops
        "项目开工\n\n" + "某某项目总投资3亿元，今年开工。\n" * 30,
        # a table: its rows are no phrases
        "项目表\n\n" + "1 | 某某项目 | 3亿元\n" * 30,
        # too few lines to tell
        "项目开工\n\n5月28日上午\n某某项目\n正式动工\n",
    ],
)
def test_other_text_is_not_joined(text: str) -> None:
    assert phrase_line_joins(text) == {}


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("【汉滨】9月14日，项目开工。", True),  # a brief's item: a story of its own
        ("【主会场】\n在经开区主会场，项目开工。", False),  # a tag alone on its line heads a section
        ("[Hanbin] On September 14, the project started.", True),
        ("今天，【汉滨】项目开工。", False),
    ],
)
def test_a_tag_opens_an_item_only_with_its_story_on_its_line(text: str, item: bool) -> None:
    assert opens_item(text, split_sentences(text)[0]) is item

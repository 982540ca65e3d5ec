"""Companies (suffixes and known names) and batch statements (project counts)."""

from __future__ import annotations

import random

import pytest
import regex

from extract.companies import _EN_WORD, find_companies
from extract.counts import find_counts, zh_int
from extract.pipeline import Options, extract_article
from extract.records import Article, Mention
from extract.segment import split_sentences


def _companies(text: str, lang: str = "en") -> list[str]:
    return [m.value for m in find_companies(text, split_sentences(text), lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The project of Hebei Liangshan Energy and Environmental Protection Co., Ltd. started.",
         ["Hebei Liangshan Energy and Environmental Protection Co., Ltd."]),
        ("the soda ash base of Xiangheng Salt Chemical Co., LTD., and more", ["Xiangheng Salt Chemical Co., LTD."]),
        ("Binhao Transmission Technology Co.,Ltd. in Julu County", ["Binhao Transmission Technology Co.,Ltd."]),
        ("China Unicom Hengyang big data center project", ["China Unicom"]),
        ("Jiangsu Zhongtian Group will invest.", ["Jiangsu Zhongtian Group"]),
        ("a working group of the county", []),
        ("the company said", []),
        # a name does not reach back over a line break or a sentence's last word
        ("Intro.\nHebei Xinda Co., Ltd. invested.", ["Hebei Xinda Co., Ltd."]),
        ("It started in March. Hebei Xinda Co., Ltd. invested.", ["Hebei Xinda Co., Ltd."]),
        ("Shanxi Lu'an Chemical Industry Group Co., Ltd.", ["Shanxi Lu'an Chemical Industry Group Co., Ltd."]),
    ],
)
def test_english_companies(text: str, expected: list[str]) -> None:
    assert _companies(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("河北新时代纺织科技有限公司与巨鹿县签约。", ["河北新时代纺织科技有限公司"]),
        ("由中国联通投资建设的大数据中心项目", ["中国联通"]),
        ("特变电工集团在衡阳投资。", ["特变电工集团"]),
        ("湖南湘衡盐化有限责任公司年产100万吨纯碱项目", ["湖南湘衡盐化有限责任公司"]),
        ("该公司表示将加快建设。", []),
        # a stop letter inside a word of the name does not cut it (COMPANY_STOP_EXCEPT)
        ("华为技术有限公司", ["华为技术有限公司"]),
        ("项目由华为数字能源技术有限公司投资建设", ["华为数字能源技术有限公司"]),
        ("由中国有色金属建设股份有限公司投资", ["中国有色金属建设股份有限公司"]),
        ("与个旧市锡业有限公司签约", ["个旧市锡业有限公司"]),
        ("与江苏和顺新材料科技有限公司签约", ["江苏和顺新材料科技有限公司"]),
        ("在国有资本投资运营有限公司的支持下", ["国有资本投资运营有限公司"]),
        ("由邢台市城市建设投资发展有限公司投资建设", ["邢台市城市建设投资发展有限公司"]),
        # … while a real stop still cuts
        ("河北和平区城建公司和巨鹿县鑫达纺织有限公司签约", ["河北和平区城建公司", "巨鹿县鑫达纺织有限公司"]),
        ("为浙江吉利控股集团有限公司配套", ["浙江吉利控股集团有限公司"]),
    ],
)
def test_chinese_companies(text: str, expected: list[str]) -> None:
    assert _companies(text, "zh") == expected


def test_company_offsets_point_at_the_text() -> None:
    text = "Intro.\nThe base of Xiangheng Salt Chemical Co., LTD. opened."
    (m,) = find_companies(text, split_sentences(text), "en")
    assert text[m.start : m.end] == m.text and m.sentence_index == 1


def _counts(text: str, lang: str = "en") -> list[int]:
    return [int(m.value) for m in find_counts(text, split_sentences(text), lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a total of 321 projects in the province", [321]),
        ("302 start -up projects, and 189 investment projects", [302, 189]),
        ("competed for 53 provincial and municipal key projects, with a total investment", [53]),
        ("There are 10 provincial key projects and 43 municipal key projects.", [10, 43]),
        ("the three contracted projects in Liyun Industrial Park", [3]),
        ("the construction of 93 more than 50 million yuan major projects", [93]),
        ("It has helped 40 projects.", [40]),
        ("In 2021 projects were slow.", []),  # a year
        ("cultivate more than 10 small and medium-sized enterprises", []),
        ("the project covers 1 project area", []),
        ("The Phase 2 project started.", []),  # a label (NOT_A_COUNT_BEFORE), not a count
        ("the No. 3 project and Line 2 project", []),
        ("Batch 3 projects were signed, 12 projects in all.", [12]),
    ],
)
def test_english_counts(text: str, expected: list[int]) -> None:
    assert _counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全县共签约项目32个，总投资156亿元。", [32]),
        ("其中亿元以上项目12个。", [12]),
        ("集中开工重点项目二十个。", [20]),
        ("3个项目竣工投产。", [3]),
        ("共有15个省重点项目", [15]),
        ("涉及项目30余个。", [30]),  # COUNT_APPROX
        ("共有40多个项目集中开工。", [40]),
        ("签约项目二十余个。", [20]),
        ("此次集中开工项目共42个，总投资286.5亿元。", [42]),  # COUNT_TAIL_FILLER
        ("签约项目达30余个。", [30]),
        ("项目有关负责人3个月前到任。", []),
        ("2023年项目建设", []),
    ],
)
def test_chinese_counts(text: str, expected: list[int]) -> None:
    assert _counts(text, "zh") == expected


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三", 3), ("十五", 15), ("二十", 20), ("一百二十三", 123), ("两", 2), ("三千零五", 3005), ("万", None)],
)
def test_zh_int(numeral: str, value: int | None) -> None:
    assert zh_int(numeral) == value


@pytest.mark.parametrize(
    ("name", "brand"),
    [("TBEa electrician gathered 5G science and technology industrial park", "TBEa"),
     ("Central South Hi -Tech · Jinzhong Industrial Park project", "Central South Hi -Tech"),
     ("UV LED chip expansion project", None),
     ("Weiyin Logistics project", None),
     ("Yan Xiangxiang annual output of glass project", None)],
)
def test_brand_at_the_start_of_a_project_name(name: str, brand: str | None) -> None:
    from extract.companies import find_name_brands
    from extract.places import find_admin_en

    text = f"Intro. The {name} started."
    start = text.index(name)
    mention = Mention("project_name", name, name, start, start + len(name), "r", 1)
    places = [(h.start, h.end) for h in find_admin_en(text)]
    found = find_name_brands(text, [mention], places)
    assert [m.value for m in found] == ([brand] if brand else [])


def _company_of_project(text: str, lang: str) -> str:
    result = extract_article(Article("a", "a.txt", text), Options(lang=lang, published="2023-04-12"))
    (project,) = [p for p in result.projects if p.kind == "project"]
    return project.company


@pytest.mark.parametrize(
    ("lang", "text", "company"),
    [
        # the project's county, then the company's own province: the county is no part of it
        ("zh", "沾益区云南沾源新材料有限公司年产10万吨磷酸铁项目总投资36亿元。", "云南沾源新材料有限公司"),
        ("zh", "襄垣县山西潞丰焦化有限公司干熄焦节能改造项目总投资2.9亿元。", "山西潞丰焦化有限公司"),
        ("zh", "鄄城县山东菏泽瑞丰纺织有限公司高端纺织品项目总投资5亿元。", "山东菏泽瑞丰纺织有限公司"),
        ("en", "The iron phosphate project of Zhanyi District Yunnan Zhanyuan New Material Co., Ltd. "
               "has a total investment of 3.6 billion yuan.", "Yunnan Zhanyuan New Material Co., Ltd."),
        # largest unit first, or a county alone: the company's own home, kept
        ("zh", "山西省长治市潞安焦化有限公司干熄焦节能改造项目总投资2.9亿元。", "山西省长治市潞安焦化有限公司"),
        ("zh", "襄垣县潞丰焦化有限公司干熄焦节能改造项目总投资2.9亿元。", "襄垣县潞丰焦化有限公司"),
        ("en", "The iron phosphate project of Yunnan Qujing Zhanyuan New Material Co., Ltd. has a "
               "total investment of 3.6 billion yuan.", "Yunnan Qujing Zhanyuan New Material Co., Ltd."),
    ],
)
def test_place_before_a_company_home(lang: str, text: str, company: str) -> None:
    assert _company_of_project(text, lang) == company


def test_the_backward_word_search_finds_what_a_forward_one_finds() -> None:
    """_EN_WORD searches backwards; a forward search of the same pattern starts where it does."""
    forward = regex.compile(_EN_WORD.pattern.removeprefix("(?r)"))
    rnd = random.Random(7)
    alphabet = "aAnd of&Xy.Z'’-_ \n\t1é"
    windows = ["Hebei Xinda ", "the Island and ", "McDonald", "Intro.\nHebei ", "x of", "A", ""]
    windows += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(20000)]
    for window in windows:
        back, ahead = _EN_WORD.search(window), forward.search(window)
        assert (back and back.start()) == (ahead and ahead.start()), repr(window)

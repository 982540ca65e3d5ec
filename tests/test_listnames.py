"""Headless items of a list of named projects are projects too (extract.listnames)."""

from __future__ import annotations

import pytest

from extract.listnames import find_list_items, item_details
from extract.pipeline import Options, extract_article
from extract.records import Article, Mention
from extract.segment import split_sentences


def _project_names(text: str, lang: str) -> list[str]:
    result = extract_article(Article("a", "a.txt", text), Options(lang=lang, published="2023-04-12"))
    assert not result.error
    return [p.project_name for p in result.projects if p.kind == "project"]


LISTED = [
    ("en", "On April 10, the Xinyuan new material industrial park, the annual output of 50,000 tons "
           "of recycled aluminum, the intelligent warehousing logistics center and other 3 projects "
           "started construction.", "annual output of 50,000 tons of recycled aluminum"),
    ("en", "The nuclear industry metal powder project, the 5G science and technology industrial park, "
           "Hongxin power battery, Hengyang logistics port phase one were introduced.",
     "Hongxin power battery"),
    ("en", "The Wuhu robot industrial park project, high-end bearings and other projects were signed "
           "on May 6.", "high-end bearings"),
    ("en", "The Lingang smart logistics park, cold chain warehousing and the Huayu auto parts project "
           "started in June.", "cold chain warehousing"),
    ("en", "In the first quarter, the Jinhua lithium battery industrial park; the Shuangxing glass "
           "fiber line; the Taoyuan cultural tourism project started.", "Shuangxing glass fiber line"),
    ("en", "The Julu medical device industrial park, precision casting, the Hebei bearing industrial "
           "park and other key projects were signed.", "precision casting"),
    ("zh", "4月10日，河北金源新材料产业园、年产5万吨再生铝、智能仓储物流中心等3个项目集中开工。",
     "年产5万吨再生铝"),
    ("zh", "现场签约的有医疗器械产业园项目、高端轴承等项目，总投资12亿元。", "高端轴承"),
    ("zh", "今年，新材料产业园、冷链仓储、汽车零部件项目相继开工。", "冷链仓储"),
    ("zh", "重点推进核工业金属粉末项目、5G科技产业园、宏新动力电池、物流港一期等项目建设。",
     "宏新动力电池"),
    ("zh", "芜湖机器人产业园项目、精密铸造、智能装备产业园等一批重点项目集中签约。", "精密铸造"),
]


@pytest.mark.parametrize(("lang", "text", "item"), LISTED, ids=[c[2] for c in LISTED])
def test_headless_item_of_a_named_list_is_a_project(lang: str, text: str, item: str) -> None:
    assert item in _project_names(text, lang)


NOT_ITEMS = [
    ("en", "The Xinyuan industrial park, which was started in March, and the Huayu auto parts "
           "project were visited.", "which was started in March"),
    ("en", "The Xinyuan industrial park, Julu County, and the Huayu auto parts project were "
           "visited.", "Julu County"),
    ("en", "The Xinyuan industrial park, 1.2 billion yuan, and the Huayu auto parts project were "
           "visited.", "1.2 billion yuan"),
    ("en", "The Xinyuan industrial park, March 2023, and the Huayu auto parts project were "
           "visited.", "March 2023"),
    ("en", "The Wuhu robot industrial park project, Mayor Li and other leaders attended.", "Mayor Li"),
    ("en", "The Xinyuan industrial park, the Huayu auto parts project and other projects started.",
     "Huayu auto parts project and other projects"),
    ("zh", "新材料产业园、已经开工、汽车零部件项目。", "已经开工"),
    ("zh", "新材料产业园、巨鹿县、汽车零部件项目均已开工。", "巨鹿县"),
    ("zh", "新材料产业园、河北新达科技有限公司、汽车零部件项目均已开工。", "河北新达科技有限公司"),
    ("zh", "新材料产业园、总投资5亿元、汽车零部件项目均已开工。", "总投资5亿元"),
    ("zh", "芜湖机器人产业园项目、李强等领导出席仪式。", "李强"),
    ("zh", "新材料产业园、2023年3月、汽车零部件项目均已开工。", "2023年3月"),
]


@pytest.mark.parametrize(("lang", "text", "not_item"), NOT_ITEMS, ids=[c[2] for c in NOT_ITEMS])
def test_what_is_no_list_item(lang: str, text: str, not_item: str) -> None:
    assert not_item not in _project_names(text, lang)


def _name(text: str, name: str, sentence: int) -> Mention:
    start = text.index(name)
    return Mention("project_name", name, name, start, start + len(name), "en.project.head", sentence)


def test_two_items_between_names() -> None:
    text = "The A robot industrial park, Hongxin power battery, cold rolled steel, the B logistics park."
    left, right = _name(text, "A robot industrial park", 0), _name(text, "B logistics park", 0)
    found = find_list_items(text, [left, right], "en", [])
    assert [m.value for m in found] == ["Hongxin power battery", "cold rolled steel"]


def test_one_item_that_is_no_name_drops_the_list() -> None:
    text = "The A robot industrial park, Hongxin power battery, which is new, the B logistics park."
    left, right = _name(text, "A robot industrial park", 0), _name(text, "B logistics park", 0)
    assert find_list_items(text, [left, right], "en", []) == []


def test_item_keeps_its_offsets_and_rule() -> None:
    text = "The A robot industrial park, Hongxin power battery, the B logistics park were introduced."
    left, right = _name(text, "A robot industrial park", 0), _name(text, "B logistics park", 0)
    (item,) = find_list_items(text, [left, right], "en", [])
    assert (item.value, item.rule, item.sentence_index) == ("Hongxin power battery", "en.project.list.gap", 0)
    assert text[item.start : item.end] == "Hongxin power battery"


def test_names_in_different_sentences_make_no_list() -> None:
    text = "The A robot industrial park. Hongxin power battery, the B logistics park were introduced."
    left, right = _name(text, "A robot industrial park", 0), _name(text, "B logistics park", 1)
    assert find_list_items(text, [left, right], "en", []) == []


NUMBERED_EN = (
    "Key projects 2025\n\n"
    "Among the projects in the list, the following are the major ones:\n\n"
    "1. Gejiu tin-based new materials industrial park. Undertaken by Yunnan Xiyuan New Materials Co., Ltd., "
    "located in Jijie Town of Gejiu City, total investment RMB4.2bn. It will start construction in the "
    "second quarter.\n\n"
    "2. Kaiyuan coal chemical waste heat utilization project. Undertaken by Kaiyuan Jiehua Energy Saving "
    "Technology Co., Ltd., total investment RMB380mn. The agreement was signed last December.\n\n"
    "3. Jianshui purple pottery cultural industrial park expansion project. Located in Lin'an Town of "
    "Jianshui County, total investment RMB100mn, is a county government investment project.\n"
)
NUMBERED_ZH = (
    "重点项目清单\n\n"
    "（一）年产5万吨高端铜基新材料项目。由江西广铜新材料有限公司投资建设，位于广丰区，总投资15亿元。计划二季度开工。\n\n"
    "（二）鄱湖水产品精深加工项目。由江西鄱湖鲜食品有限公司投资建设，总投资4.2亿元。3月28日竣工投产。\n"
)


def _rows(text: str, lang: str, published: str) -> dict[str, object]:
    result = extract_article(Article("a", "a.txt", text), Options(lang=lang, published=published))
    assert not result.error
    return {p.project_name: p for p in result.projects if p.kind == "project"}


def test_numbered_titles_are_projects_and_their_details_are_theirs() -> None:
    rows = _rows(NUMBERED_EN, "en", "2025-02-26")
    assert set(rows) == {
        "Gejiu tin-based new materials industrial park",
        "Kaiyuan coal chemical waste heat utilization project",
        "Jianshui purple pottery cultural industrial park expansion project",
    }  # "is a county government investment project" describes, it names nothing
    gejiu = rows["Gejiu tin-based new materials industrial park"]
    assert (gejiu.company, gejiu.investment_cny) == ("Yunnan Xiyuan New Materials Co., Ltd.", 4_200_000_000)
    assert gejiu.place == "Jijie Town" and gejiu.adcode == "532501"
    assert gejiu.start_date == "2025-06"
    kaiyuan = rows["Kaiyuan coal chemical waste heat utilization project"]
    assert (kaiyuan.investment_cny, kaiyuan.signing_date) == (380_000_000, "2024-12")
    assert rows["Jianshui purple pottery cultural industrial park expansion project"].place == "Lin'an Town"


def test_chinese_numbered_titles_own_their_details() -> None:
    rows = _rows(NUMBERED_ZH, "zh", "2025-04-10")
    copper = rows["年产5万吨高端铜基新材料项目"]
    assert (copper.company, copper.investment_cny, copper.start_date) == ("江西广铜新材料有限公司", 1_500_000_000, "2025-06")
    fish = rows["鄱湖水产品精深加工项目"]
    assert (fish.investment_cny, fish.completion_date, fish.production_date) == (420_000_000, "2025-03-28", "2025-03-28")


def _details(text: str, lang: str) -> list[tuple[str, list[str]]]:
    sentences = split_sentences(text)
    result = extract_article(Article("a", "a.txt", text), Options(lang=lang, published="2025-02-26"))
    names = [m for m in result.mentions if m.field == "project_name"]
    return [(title.value, [text[sentences[i].start : sentences[i].end] for i in indices])
            for title, indices in item_details(text, sentences, names, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a numbered title alone in its paragraph is detailed by the next paragraph
        ("Intro.\n\n1. Gejiu tin-based industrial park.\n\nUndertaken by Xiyuan Co., Ltd. It starts in May.\n",
         "en", [("Gejiu tin-based industrial park", ["Undertaken by Xiyuan Co., Ltd.", "It starts in May."])]),
        # ... but not when the next paragraph is another item
        ("Intro.\n\n1. Gejiu tin-based industrial park.\n\n2. Luxi cold chain logistics park. Built by Luxi Co., Ltd.\n",
         "en", [("Gejiu tin-based industrial park", []), ("Luxi cold chain logistics park", ["Built by Luxi Co., Ltd."])]),
        # a paragraph led by a sentence naming one project: the rest of the paragraph
        ("Intro.\n\nThe Xinhe glass project started in May. Total investment 2 billion yuan.\n",
         "en", [("Xinhe glass project", ["Total investment 2 billion yuan."])]),
        # a name in the middle of a paragraph leads nothing
        ("Intro. The Xinhe glass project started in May. Total investment 2 billion yuan.\n", "en", []),
        ("导语。\n\n（三）年产10万吨乳制品项目。由安达乳业有限公司投资建设。\n",
         "zh", [("年产10万吨乳制品项目", ["由安达乳业有限公司投资建设。"])]),
    ],
)
def test_item_details(text: str, lang: str, expected: list) -> None:
    assert _details(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("导语。\n\n1.5万吨锂电池项目于3月开工，总投资2亿元。", "zh", "1.5万吨锂电池项目"),
        ("Intro.\n\n2.5GW solar cell project started in March with 2 billion yuan.", "en", "2.5GW solar cell project"),
        ("导语。\n\n（二）年产10GW光伏组件项目。总投资8亿元。", "zh", "年产10GW光伏组件项目"),
        ("导语。\n\n3、年产10GW光伏组件项目3月开工。", "zh", "年产10GW光伏组件项目"),
    ],
)
def test_a_list_number_is_no_part_of_a_name_but_a_decimal_is(text: str, lang: str, name: str) -> None:
    assert _project_names(text, lang) == [name]


BLOCKS_EN = (
    "Jiujiang kicks off 96 major projects in fourth-quarter centralized start\n\n"
    "Release time: 2024/10/16 16:05:33\n\n"
    "On October 15, Jiujiang City, Jiangxi Province held the centralized start ceremony. A total of 96 "
    "projects started construction across the city on the day, with a total investment of 52.7 billion yuan.\n\n"
    "At the branch venue of Ruichang City, 23 projects were also signed on the same day.\n\n"
    "The following are some of the projects that started construction:\n\n"
    "Project: 50,000-ton high-end lithium battery copper foil project\n"
    "Investor: Jiujiang Tongyuan New Materials Co., Ltd.\n"
    "Investment: RMB 3.5 billion\n"
    "Location: Jinshawan Industrial Park, Hukou County\n"
    "Content: Covering 520 mu, the project will build 60 copper foil production lines and a research and "
    "study base. The first phase is planned to be completed and put into production in June 2026.\n\n"
    "Project: Ninghong tea deep processing and culture park\n"
    "Investor: Xiushui Ninghong Tea Industry Group Co., Ltd.\n"
    "Investment: RMB 280 million\n"
    "Location: Xiushui County\n"
)
BLOCKS_ZH = (
    "新乡市重大项目集中开工\n\n发布日期：2025-03-18\n\n"
    "3月17日上午，河南省新乡市2025年第一季度重大项目集中开工活动举行。\n\n"
    "现将部分集中开工项目简介如下：\n\n"
    "1.项目名称：年产20万吨锂电池负极材料项目；建设单位：河南卫锂新材料有限公司；总投资：356000万元；"
    "建设地点：卫辉市唐庄镇；建设内容：占地约900亩，新建石墨化、碳化及成品加工生产线；计划工期：2025年3月至2026年12月。\n\n"
    "2.项目名称：起重装备智能制造产业园；建设单位：河南长起重工股份有限公司；总投资：128000万元；建设地点：长垣市。\n"
)


def test_field_records_are_projects_with_their_fields() -> None:
    rows = _rows(BLOCKS_EN, "en", "2024-10-16")
    assert set(rows) == {"50,000-ton high-end lithium battery copper foil project",
                         "Ninghong tea deep processing and culture park"}
    foil = rows["50,000-ton high-end lithium battery copper foil project"]
    assert (foil.company, foil.investment_cny, foil.county) == (
        "Jiujiang Tongyuan New Materials Co., Ltd.", 3_500_000_000, "Hukou County")
    # the list is of started projects: the start ceremony's day, not the signing's
    assert (foil.start_date, foil.signing_date, foil.production_date) == ("2024-10-15", "", "2026-06")
    tea = rows["Ninghong tea deep processing and culture park"]
    assert (tea.company, tea.investment_cny, tea.county) == (
        "Xiushui Ninghong Tea Industry Group Co., Ltd.", 280_000_000, "Xiushui County")


def test_chinese_field_records_with_a_construction_period() -> None:
    rows = _rows(BLOCKS_ZH, "zh", "2025-03-18")
    assert set(rows) == {"年产20万吨锂电池负极材料项目", "起重装备智能制造产业园"}  # 建设内容 lists parts
    anode = rows["年产20万吨锂电池负极材料项目"]
    assert (anode.company, anode.investment_cny, anode.place) == ("河南卫锂新材料有限公司", 3_560_000_000, "唐庄镇")
    assert (anode.start_date, anode.completion_date) == ("2025-03-17", "2026-12")
    crane = rows["起重装备智能制造产业园"]
    assert (crane.company, crane.investment_cny, crane.county) == ("河南长起重工股份有限公司", 1_280_000_000, "长垣市")

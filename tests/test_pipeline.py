"""Whole-article behaviour: linking amounts, dates, companies and places to the right rows."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from extract.link import attach_short_form_companies, build_projects
from extract.pipeline import Options, extract_article
from extract.records import Article, ArticleResult, Mention, Project


def _run(text: str, published: str = "2023-04-12", lang: str = "auto") -> ArticleResult:
    return extract_article(Article("a", "a.txt", text), Options(lang=lang, published=published))


def _projects(result: ArticleResult) -> dict[str, Project]:
    return {p.project_name: p for p in result.projects if p.kind == "project"}


def _aggregates(result: ArticleResult) -> list[Project]:
    return [p for p in result.projects if p.kind == "aggregate"]


def test_each_project_of_a_sentence_gets_its_own_amount() -> None:
    result = _run("The Jinlong copper foil project with a total investment of 1.2 billion yuan and "
                  "the Huaxin glass project with an investment of 300 million yuan started in March.")
    projects = _projects(result)
    assert projects["Jinlong copper foil project"].investment_cny == 1_200_000_000
    assert projects["Huaxin glass project"].investment_cny == 300_000_000
    assert {p.start_date for p in projects.values()} == {"2023-03"}


def test_chinese_clauses_keep_amounts_apart() -> None:
    result = _run("年产10万吨锂电池正极材料项目总投资5亿元，高端纺织品生产线项目总投资3亿元。")
    projects = _projects(result)
    assert projects["年产10万吨锂电池正极材料项目"].investment_cny == 500_000_000
    assert projects["高端纺织品生产线项目"].investment_cny == 300_000_000


def test_the_project_refers_back() -> None:
    result = _run("Intro.\nThe Jinlong copper foil project started in March. "
                  "The project has a total investment of 2 billion yuan and will be put into production next year.")
    (project,) = _projects(result).values()
    assert project.investment_cny == 2_000_000_000
    assert project.production_date == "2024"
    assert project.status == "under_construction"


def test_a_project_mentioned_twice_is_one_row() -> None:
    result = _run("The Weiyin Logistics project started in May. Weiyin Logistics project will be completed in October.")
    (project,) = _projects(result).values()
    assert (project.start_date, project.completion_date) == ("2023-05", "2023-10")
    assert len(project.evidence.split(" … ")) == 2


def test_batch_statement_becomes_an_aggregate_with_its_total() -> None:
    result = _run("On September 15, a total of 36 projects started, with a total investment of 27.5 billion yuan.")
    (aggregate,) = _aggregates(result)
    assert (aggregate.project_count, aggregate.investment_cny) == (36, 27_500_000_000)


def test_foreign_currency_never_becomes_investment_cny() -> None:
    result = _run("The Hongda chip project with an investment of 100 million US dollars was signed.")
    (project,) = _projects(result).values()
    assert project.investment_cny is None
    (fact,) = [m for m in result.mentions if m.field == "investment"]
    assert (fact.unit, fact.value) == ("USD", "100000000")


def test_the_yuan_figure_wins_over_its_dollar_gloss() -> None:
    result = _run("The Tianma display panel project, with a total investment of 12.5 billion yuan ($1.96 billion), started.")
    (project,) = _projects(result).values()
    assert project.investment_cny == 12_500_000_000
    assert project.investment_text == "12.5 billion yuan"


def test_output_value_is_not_investment() -> None:
    result = _run("该年产5万吨特种纸项目建成后年产值可达20亿元。")
    (project,) = _projects(result).values()
    assert project.investment_cny is None
    assert [m.field for m in result.mentions if m.unit == "CNY"] == ["output_value"]


def test_ceremony_date_reaches_every_project_of_the_batch() -> None:
    result = _run("4月11日上午，项城市重点项目集中签约仪式举行，共签约项目9个。"
                  "其中，新能源汽车零部件产业园项目总投资12亿元。年产5万吨特种纸项目总投资8亿元。")
    projects = _projects(result)
    assert {p.signing_date for p in projects.values()} == {"2023-04-11"}
    assert all(p.status == "signed" for p in projects.values())


def test_a_ceremony_of_two_kinds_gives_its_day_to_no_project() -> None:
    result = _run("4月11日上午，项城市重点项目集中签约开工仪式举行，共签约项目9个、集中开工项目6个。"
                  "其中，新能源汽车零部件产业园项目总投资12亿元。年产5万吨特种纸项目总投资8亿元。")
    assert sorted(p.project_count for p in _aggregates(result)) == [6, 9]
    projects = _projects(result)
    assert len(projects) == 2
    assert all(not p.signing_date and not p.start_date for p in projects.values())


def test_a_quarter_tally_of_two_kinds_leaves_the_ceremony_day_to_its_projects() -> None:
    result = _run("4月11日上午，项城市重点项目集中签约仪式举行，共签约项目9个。"
                  "其中，新能源汽车零部件产业园项目总投资12亿元。年产5万吨特种纸项目总投资8亿元。"
                  "一季度，项城市新签约亿元以上项目21个，新开工项目15个。")
    assert {p.signing_date for p in _projects(result).values()} == {"2023-04-11"}


def test_the_day_of_a_signing_and_start_event_told_before_reaches_no_project() -> None:
    result = _run("On March 6, the county held a signing and start-up activity for key projects."
                  "In the activity, 14 projects were signed with a total investment of 6.8 billion yuan, "
                  "9 projects were started with a total investment of 4.35 billion yuan.\n"
                  "The digital trade headquarters building of Hainan Xinghai Co., Ltd. has a total "
                  "investment of 1.25 billion yuan.", published="2025-03-07", lang="en")
    (project,) = _projects(result).values()
    assert (project.signing_date, project.start_date) == ("", "")


def test_a_tally_of_two_kinds_split_by_a_semicolon_gives_its_day_to_no_project() -> None:
    result = _run("9月26日举行的全市第三季度“三个一批”项目建设活动中，签约项目45个，总投资328亿元；投产项目39个。"
                  "新野新纺纺织有限公司总投资5.6亿元的年产3万吨高档纺纱项目，10月15日正式投产。",
                  published="2024-10-28")
    assert sorted(p.project_count for p in _aggregates(result)) == [39, 45]  # no 3 of 三个一批
    (project,) = _projects(result).values()
    assert (project.signing_date, project.production_date) == ("", "2024-10-15")


@pytest.mark.parametrize(
    ("own", "signed"),
    [
        ("该项目今年3月开工建设。", ""),  # started before the ceremony: not signed there
        ("该项目上月底正式投运。", ""),  # in production in the ceremony's month
        ("该项目9月中旬通过竣工验收。", ""),
        ("该项目当天同步开工。", "2024-09-26"),  # 签约即开工
        ("该项目计划年内竣工。", "2024-09-26"),  # the year tells no order
        ("该项目计划明年6月竣工投产。", "2024-09-26"),
    ],
)
def test_a_ceremony_day_reaches_no_project_whose_later_stage_came_first(own: str, signed: str) -> None:
    result = _run("9月26日，全市重点项目集中签约仪式举行，共签约项目45个。"
                  f"其中，新野新纺纺织有限公司年产3万吨高档纺纱项目总投资5.6亿元。{own}",
                  published="2024-10-28")
    (project,) = _projects(result).values()
    assert project.signing_date == signed


def test_ceremony_date_refines_a_vaguer_date_of_the_same_milestone_only() -> None:
    result = _run("4月11日上午，项城市重点项目集中签约仪式举行，共签约项目9个。"
                  "其中，特种纸项目是今年签约的最大项目，总投资8亿元。轴承钢项目去年12月签约，总投资3亿元。")
    projects = _projects(result)
    assert projects["特种纸项目"].signing_date == "2023-04-11"  # this year -> the ceremony's day
    assert projects["轴承钢项目"].signing_date == "2022-12"  # another month: kept


def test_a_town_named_where_the_project_is_referred_to() -> None:
    result = _run("Wenzhou News\nRuian, Zhejiang: projects signed.\n"
                  "Among them, the precision gear project of Zhejiang Lide Gear Co., Ltd. invests 1.2 billion yuan. "
                  "The project will be located in Feiyun town and start construction in October.")
    (project,) = _projects(result).values()
    assert project.place == "Feiyun town"
    assert project.start_date == "2023-10"


def test_phases_written_of_a_project_are_its_own_records() -> None:
    result = _run("Yingkou Daily\nThe 50,000-ton magnesia project is divided into two phases. "
                  "Phase I of the 50,000-ton magnesia project, with an investment of 950 million yuan, "
                  "started in March 2022.\nPhase II of the 50,000-ton magnesia project will invest "
                  "780 million yuan. The phase II will kick off construction in March.", lang="en")
    projects = _projects(result)
    first = projects["Phase I of the 50,000-ton magnesia project"]
    second = projects["Phase II of the 50,000-ton magnesia project"]
    assert (first.investment_cny, first.start_date) == (950_000_000, "2022-03")
    assert (second.investment_cny, second.start_date) == (780_000_000, "2023-03")
    assert len(projects) == 2  # the whole project as announced is its first phase


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Fukang: projects completed\nRelease time: 2023/12/29 11:05    Source: Changji Prefecture "
               "Financial Media Center    Views: 1268\nThe 500MW photovoltaic power station was completed "
               "on December 20."),
        ("zh", "格尔木项目建设提速\n【来源：海西州融媒体中心】【时间：2025年7月3日】\n"
               "年产2万吨电池级碳酸锂项目6月28日正式投产。"),
    ],
)
def test_no_project_is_named_in_a_credit_field(lang: str, text: str) -> None:
    names = sorted(_projects(_run(text, lang=lang)))
    assert names == (["500MW photovoltaic power station"] if lang == "en" else ["年产2万吨电池级碳酸锂项目"])


def test_a_clause_without_a_subject_shares_the_sentence_subject() -> None:
    result = _run("Zhaoqing Daily\nThe Gaoyao smart logistics hub started on the same day.The hub has a total "
                  "investment of 1.5 billion yuan, relying on the golden waterway and the Guangzhou-Kunming "
                  "expressway, and is expected to be completed by the end of 2025.", lang="en")
    hub = _projects(result)["Gaoyao smart logistics hub"]
    assert hub.completion_date == "2025-12"
    assert hub.investment_cny == 1_500_000_000


@pytest.mark.parametrize(
    ("lang", "text", "name", "place"),
    [
        ("zh", "南康区重大项目集中开工\n在唐江镇分会场，江西鸿瑞电子科技有限公司去年11月签约落户。"
               "该公司投资建设的年产5亿只片式电感项目当天同步开工。\n陆港冷链仓储项目年内建成。",
         "年产5亿只片式电感项目", "唐江镇"),
        ("zh", "肇源县集中签约6个项目\n茂兴镇是远近闻名的“稻米之乡”。大庆稻丰米业有限公司此次签约的"
               "稻米精深加工及仓储物流项目，总投资3.8亿元。", "稻米精深加工及仓储物流项目", "茂兴镇"),
        # the next paragraph opens with no place: its project keeps none of the one before
        ("zh", "南康区重大项目集中开工\n在唐江镇分会场，江西鸿瑞电子科技有限公司去年11月签约落户。"
               "该公司投资建设的年产5亿只片式电感项目当天同步开工。\n陆港冷链仓储项目年内建成。",
         "陆港冷链仓储项目", ""),
        ("en", "Gaoyao projects start\nIn Huilong town, the road works went on. The vegetable cold-chain "
               "processing center with an investment of 0.23 billion yuan also broke ground.",
         "vegetable cold-chain processing center", "Huilong town"),
    ],
)
def test_a_paragraph_opening_with_a_place_places_its_projects(lang: str, text: str, name: str, place: str) -> None:
    assert _projects(_run(text, lang=lang))[name].place == place


LIUZHOU_TOUR = (
    "Secretary investigates projects\n\nEditor: Qin  2025-05-14 09:20:11\n\n"
    "On May 12, the secretary led a team to Liujiang District, Luzhai County, Liunan District and Liubei "
    "District to investigate enterprises.\n\n"
    "At the first stop, the secretary came to Guangxi Liuqi Thermal Technology Co., Ltd. in Liujiang District. "
    "The company has invested 1.2 billion yuan to build a new energy vehicle thermal management system "
    "production base. Last Friday, the first set of products rolled off the line, marking that the base "
    "officially went into operation.\n\n"
    "Then, the research group came to Zhongdu Town, Luzhai County. The calcium carbonate new materials "
    "industrial park invested by Luzhai Baishi New Materials Co., Ltd. is under construction, with a total "
    "investment of 860 million yuan.\n"
)


@pytest.mark.parametrize(
    ("lang", "text", "name", "county", "place"),
    [
        ("zh", "邵东项目观摩\n\n6月13日，邵东市重点项目观摩活动举行。\n\n第一站：仙槎桥镇\n\n"
               "智能打火机产业园由湖南东火智能科技有限公司投资建设，总投资3.6亿元。\n",
         "智能打火机产业园", "邵东市", "仙槎桥镇"),
        ("en", "Yuncheng: projects sprint\n\nThis year, Yuncheng City, Shanxi Province pushed its key projects.\n\n"
               "Ruicheng County: new energy storage is on the way\n\n"
               "The 200MW independent energy storage power station kicked off in May, with 0.78 billion yuan.\n",
         "200MW independent energy storage power station", "Ruicheng County", ""),
        # a park heading its section with its district in brackets; the province of a company's
        # name in the sentence does not outrank it
        ("en", "Xining zone: report card released\n\nRelease time: 2026/10/09\n\n"
               "Recently, the Xining Economic and Technological Development Zone released its report.\n\n"
               "Ganhe Industrial Park (huangzhong district)\nThe sewage plant was completed.\n\n"
               "Dongchuan Industrial Park (chengdong district)\n"
               "The alkaline electrolyzer project of Qinghai Hexin Hydrogen Energy Co., Ltd. started in July, "
               "total investment 1.6 billion yuan.\n",
         "alkaline electrolyzer project", "Chengdong District", ""),
        ("zh", "西宁经开区三季度项目建设成绩单\n\n发布时间：2026-10-09\n\n近日，西宁经济技术开发区发布三季度项目建设成绩单。\n\n"
               "甘河工业园区（湟中区）\n污水处理厂已建成。\n\n东川工业园区（城东区）\n"
               "青海和信氢能装备有限公司碱性电解槽项目7月开工，总投资16亿元。\n",
         "碱性电解槽项目", "城东区", ""),
        # a heading without a place ends the section of the one before
        ("zh", "邵东项目观摩\n\n6月13日，邵东市重点项目观摩活动举行。\n\n第一站：仙槎桥镇\n\n"
               "智能打火机产业园总投资3.6亿元。\n\n二、存在的问题\n\n高端五金工具智造项目总投资5.2亿元。\n",
         "高端五金工具智造项目", "邵东市", ""),
    ],
)
def test_a_section_heading_with_a_place_places_its_projects(
    lang: str, text: str, name: str, county: str, place: str
) -> None:
    project = _projects(_run(text, published="2025-07-18", lang=lang))[name]
    assert (project.county, project.place) == (county, place)


def test_a_visit_report_places_each_stop_s_projects() -> None:
    projects = _projects(_run(LIUZHOU_TOUR, published="2025-05-14", lang="en"))
    base = projects["new energy vehicle thermal management system production base"]
    assert (base.county, base.investment_cny, base.production_date) == ("Liujiang District", 1_200_000_000, "2025-05-09")
    park = projects["calcium carbonate new materials industrial park"]
    assert (park.county, park.place) == ("Luzhai County", "Zhongdu Town")


@pytest.mark.parametrize(
    ("lang", "text", "name", "place"),
    [
        ("zh", "南康区32个重大项目集中开工\n2月21日上午，南康区重大项目集中开工活动在龙岭镇主会场举行。\n"
               "主会场项目——年产120万套智能定制家居项目由赣州森雅家居科技有限公司投资建设，总投资18亿元。",
         "年产120万套智能定制家居项目", "龙岭镇"),
        ("en", "Gaoyao: 23 projects start\nOn September 27, the ceremony was held at the main venue in Jindu town.\n"
               "The project at the main venue is the aluminum components project of Guangdong Hongtai Co., Ltd., "
               "with a total investment of 2.8 billion yuan.", "aluminum components project", "Jindu town"),
        # a project named away from the venue is not placed there
        ("zh", "南康区32个重大项目集中开工\n2月21日上午，南康区重大项目集中开工活动在龙岭镇主会场举行。\n"
               "陆港智慧冷链仓储项目总投资3.2亿元，年内建成。", "陆港智慧冷链仓储项目", ""),
    ],
)
def test_a_project_at_the_main_venue_is_placed_there(lang: str, text: str, name: str, place: str) -> None:
    (project,) = [p for key, p in _projects(_run(text, lang=lang)).items() if key.endswith(name)]
    assert project.place == place


def test_the_first_phase_stands_for_the_project_just_named() -> None:
    result = _run("Zhaoqing Daily\nThe aluminum components project of Guangdong Hongtai Co., Ltd. has a total "
                  "investment of 2.8 billion yuan, to be built in two phases.The first phase invests 1.2 billion "
                  "yuan, and is scheduled to be completed and put into production by the end of June next year.",
                  published="2023-09-28", lang="en")
    (project,) = _projects(result).values()
    assert (project.investment_cny, project.completion_date, project.production_date) == (
        2_800_000_000, "2024-06", "2024-06")


def test_company_next_to_its_project() -> None:
    result = _run("河北新时代纺织科技有限公司投资建设的高端纺织品生产线项目正式投产。"
                  "The copper foil project of Anhui Hengyuan Copper Foil Co., Ltd. started in May.", lang="zh")
    projects = _projects(result)
    assert projects["高端纺织品生产线项目"].company == "河北新时代纺织科技有限公司"


def test_place_named_with_the_project_and_article_place_inherited() -> None:
    result = _run("Hengyang Daily\nHengyang, Hunan: projects speed up.\n"
                  "In Hengdong County the ultra thin electronic glass project started in March. "
                  "The mobile 5G cloud data center will be completed next year.")
    projects = _projects(result)
    glass = projects["ultra thin electronic glass project"]
    assert (glass.county, glass.city, glass.province, glass.adcode) == ("Hengdong County", "Hengyang", "Hunan", "430424")
    data = projects["mobile 5G cloud data center"]
    assert (data.county, data.city, data.adcode) == ("", "Hengyang", "430400")


def test_investor_origin_is_not_the_project_site() -> None:
    result = _run("项城市新闻\n项城市招商引资成果丰硕。\n浙江某企业投资的新能源电池产业园项目总投资12亿元。")
    (project,) = _projects(result).values()
    assert project.county == "项城市" and project.province == "河南省"


def test_town_in_the_name_goes_to_place() -> None:
    result = _run("北京市通州区重点项目开工。\n宋庄镇文化创意产业园二期项目今年6月竣工。")
    (project,) = _projects(result).values()
    assert project.place == "宋庄镇"
    assert project.location.split(", ")[:2] == ["songzhuang", "tongzhou"]


def test_facts_point_into_the_original_text() -> None:
    text = "巨鹿县年产１０万吨锂电池项目总投资６.３亿元，３月开工。"  # full-width digits
    result = _run(text)
    assert result.mentions
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
    (project,) = _projects(result).values()
    assert project.investment_cny == 630_000_000 and project.start_date == "2023-03"


def test_a_failing_article_becomes_an_error_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.pipeline as pipeline

    def boom(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "find_places", boom)
    result = _run("The Jinlong project started.")
    assert result.error == "processing failed: RuntimeError: boom"


JUNK = [
    "1," * 50_000,
    "亿" * 50_000,
    "项目" * 20_000,
    "project " * 20_000,
    "The " + "very " * 10_000 + "big project started in March.",
    "2022年" * 10_000,
    "Co., Ltd. " * 5_000,
    "".join(chr(random.Random(7).randrange(0x20, 0x9FFF)) for _ in range(50_000)),
]


@pytest.mark.parametrize("text", JUNK, ids=range(len(JUNK)))
def test_junk_articles_finish_quickly_without_raising(text: str) -> None:
    began = time.perf_counter()
    result = _run(text)
    assert result.error == ""
    assert time.perf_counter() - began < 20


def test_respectively_pairs_amounts_with_projects_in_order() -> None:
    result = _run("5月9日，浙江新能智造有限公司年产5GWh储能电池项目和湖南临港物流园项目同时开工，"
                  "总投资分别为18亿元和6.5亿元。")
    projects = _projects(result)
    assert projects["年产5GWh储能电池项目"].investment_cny == 1_800_000_000
    assert projects["湖南临港物流园项目"].investment_cny == 650_000_000
    assert projects["年产5GWh储能电池项目"].company == "浙江新能智造有限公司"
    assert projects["湖南临港物流园项目"].company == ""


def test_capitalized_subjects_of_a_milestone_are_projects_of_their_builders() -> None:
    result = _run("Intro.\nTenghu, Albrecht and Zhonghanhongtuo completed the main plant construction by the end of June.")
    projects = _projects(result)
    assert set(projects) == {"Tenghu", "Albrecht", "Zhonghanhongtuo"}
    assert all(p.completion_date == "2023-06" and p.company == name for name, p in projects.items())


@pytest.mark.parametrize(("cue", "names"), [
    ("Japanese die-casting company", {"precision aluminum die-casting project"}),
    ("the auto parts maker", {"precision aluminum die-casting project"}),
    ("Intro. Also,", {"Kisaragi Seiko", "precision aluminum die-casting project"}),
])
def test_a_subject_called_a_company_is_no_project(cue: str, names: set[str]) -> None:
    result = _run(f"{cue} Kisaragi Seiko signed an agreement with the county on Sept 3 "
                  "for a precision aluminum die-casting project.", published="2024-11-05")
    assert set(_projects(result)) == names


@pytest.mark.parametrize("glue", [" and the ", ", the "])
def test_projects_listed_before_a_parenthetical_share_its_milestone(glue: str) -> None:
    result = _run(f"Intro.\nThe textile printing project{glue}cold storage project, with investments of "
                  "1 billion yuan and 200 million yuan respectively, started construction in April.")
    projects = _projects(result)
    assert set(projects) == {"textile printing project", "cold storage project"}
    assert all(p.start_date == "2023-04" for p in projects.values())


def test_a_pronoun_subject_gives_its_milestone_to_the_project_named_before() -> None:
    result = _run("Intro.\nThe steel rolling project of Hebei Wenfeng Co., Ltd. has a total investment of "
                  "3.5 billion yuan. It is expected to be completed by the end of the year.")
    (project,) = _projects(result).values()
    assert project.completion_date == "2023-12"


def test_objects_listed_between_a_trigger_and_its_date_share_it() -> None:
    result = _run("Intro.\nThe county signed the paper products project (300 million yuan) and the bearing "
                  "project (500 million yuan) on May 6.")
    projects = _projects(result)
    assert {name: p.signing_date for name, p in projects.items()} == {
        "paper products project": "2023-05-06", "bearing project": "2023-05-06"}
    assert projects["bearing project"].investment_cny == 500_000_000


def test_the_object_of_one_trigger_is_no_co_subject_of_the_next() -> None:
    result = _run("Intro.\nOn March 6 the county signed the paper products project, and the bearing project "
                  "started in April.")
    projects = _projects(result)
    assert projects["paper products project"].signing_date == "2023-03-06"
    assert projects["paper products project"].start_date == ""
    assert (projects["bearing project"].signing_date, projects["bearing project"].start_date) == ("", "2023-04")


def test_the_comma_of_co_ltd_does_not_split_the_clause_of_a_company_and_its_project() -> None:
    result = _run("Intro.\nHebei Xinda Co., Ltd. invested 500 million yuan to build a new energy battery "
                  "project, which started construction in March.")
    (project,) = _projects(result).values()
    assert (project.company, project.start_date) == ("Hebei Xinda Co., Ltd.", "2023-03")


@pytest.mark.parametrize(("between", "company"), [
    (", the local unit of German breeder KWS AG, started", "Jilin Hengtai Seed Co., Ltd."),
    (", a wholly owned subsidiary of Yanchang Group, started", "Jilin Hengtai Seed Co., Ltd."),
    (", which is a member of Shaanxi Coal Group, started", "Jilin Hengtai Seed Co., Ltd."),
    # a clause with a subject of its own is no apposition
    (" signed the deal, the county started", ""),
])
def test_a_company_before_an_apposition_is_the_subject_of_the_clause_after_it(between: str, company: str) -> None:
    result = _run(f"Intro.\nJilin Hengtai Seed Co., Ltd.{between} the new seed processing plant on Tuesday.")
    (project,) = _projects(result).values()
    assert project.company == company


@pytest.mark.parametrize(("link", "owner"), [
    ("in the", "bearing project"),
    ("into the", "bearing project"),
    ("in a", "bearing project"),
    ("and signed the", "paper products project"),  # no link: the name before it in the clause
])
def test_an_amount_leading_into_a_name_is_its_investment(link: str, owner: str) -> None:
    result = _run("Intro.\nLianhong took over the paper products project and invested 300 million yuan "
                  f"{link} bearing project.")
    invested = [name for name, p in _projects(result).items() if p.investment_cny == 300_000_000]
    assert invested == [owner]


@pytest.mark.parametrize("sentence", ["全市新签约先进陶瓷产业项目12个，总投资68.5亿元。",
                                      "全县签约5个新能源项目，总投资68.5亿元。"])
def test_a_kind_of_project_counted_is_an_aggregate_not_a_project(sentence: str) -> None:
    result = _run(f"景德镇先进陶瓷产业\n发布时间：2026-04-28\n今年一季度，{sentence}", lang="zh")
    assert _projects(result) == {}
    (aggregate,) = _aggregates(result)
    assert aggregate.investment_cny == 6_850_000_000


def test_a_ceremony_s_day_stays_inside_its_news_brief_item() -> None:
    result = _run("项目建设快讯\n发布时间：2026-09-16\n"
                  "【石泉】9月10日，石泉县举行招商推介会，现场签约项目11个，总投资38.6亿元。其中，"
                  "陕西金蚕丝绸科技有限公司签约的蚕桑丝绸产业园项目落户池河镇，总投资6亿元。\n"
                  "【紫阳】由紫阳县交通建设投资有限公司实施的紫阳县城至蒿坪公路改建工程，总投资3.9亿元，"
                  "计划年底前建成通车。", published="2026-09-16", lang="zh")
    projects = _projects(result)
    assert projects["蚕桑丝绸产业园项目"].signing_date == "2026-09-10"
    assert projects["紫阳县城至蒿坪公路改建工程"].signing_date == ""


def test_a_part_a_sentence_opens_with_after_its_is_the_project_told_before() -> None:
    result = _run("Intro.\nThe annual output 80,000 tons wire mesh project of Anping Jinwang Metal Screen Co., "
                  "Ltd. started construction in march last year. Its first phase production line already put "
                  "into trial production on August 16, the whole project is expected to be completed by the end "
                  "of October.", published="2026-09-08")
    (project,) = _projects(result).values()
    assert (project.start_date, project.completion_date, project.production_date) == ("2025-03", "2026-10",
                                                                                      "2026-08-16")


def test_a_bare_project_opening_clauses_carries_a_history_to_the_project_told() -> None:
    result = _run("瓷源新材陶瓷粉体项目投产\n发布时间：2026-04-28\n"
                  "4月27日，江西瓷源新材料科技有限公司年产5000吨高性能陶瓷粉体项目正式投产。\n"
                  "该项目总投资6.5亿元。回顾项目历程：2024年11月，企业负责人与浮梁县首次接洽；去年2月，"
                  "双方正式签订投资协议；去年5月18日，项目破土动工；去年12月底，项目建设全面竣工；"
                  "今年2月起进入设备安装调试阶段。", published="2026-04-28", lang="zh")
    project = _projects(result)["年产5000吨高性能陶瓷粉体项目"]
    dates = (project.start_date, project.completion_date, project.production_date)
    assert dates == ("2025-05-18", "2025-12", "2026-04-27")


def test_a_chain_of_references_stops_at_a_paragraph() -> None:
    result = _run("Intro.\nThe potato starch project of Dingxi Anyu Co., Ltd. was put into trial production on "
                  "may 8. The project total investment 420 million yuan. He walked into the workshop. He asked "
                  "questions.\nHe also listened to the report of the county's projects. The project signed in "
                  "november last year.", published="2026-05-20")
    (project,) = _projects(result).values()
    assert project.signing_date == ""


def test_a_name_opening_with_a_word_of_a_company_nearby_is_its_project() -> None:
    (project,) = _projects(_run(
        "Intro.\nThe Hongtu project in luanzhou city also received good comment. Tangshan Hongtu Intelligent "
        "Equipment Co., Ltd. invested 1.1 billion yuan to build robot welding lines.")).values()
    assert project.company == "Tangshan Hongtu Intelligent Equipment Co., Ltd."


@pytest.mark.parametrize(("name", "company", "sentence", "owner"), [
    ("Hongtu project", "Tangshan Hongtu Intelligent Equipment Co., Ltd.", 1, "Tangshan Hongtu Intelligent Equipment Co., Ltd."),
    ("Hongtu project", "Tangshan Hongtu Intelligent Equipment Co., Ltd.", 3, ""),  # told too far away
    ("Green hydrogen project", "Shandong Green Power Co., Ltd.", 1, ""),  # an English word, no brand
    ("Tangshan robot project", "Tangshan Hongtu Intelligent Equipment Co., Ltd.", 1, ""),  # a place
])
def test_short_form_companies_need_a_pinyin_word_a_company_nearby_and_no_place(
    name: str, company: str, sentence: int, owner: str
) -> None:
    names = [Mention("project_name", name, name, 0, len(name), "test", 0)]
    projects, _ = build_projects(names, "en")
    companies = [Mention("company", company, company, 100, 100 + len(company), "test", sentence)]
    attach_short_form_companies(projects, companies, frozenset({"tangshan"}))
    assert [p.company for p in projects.values()] == [owner]


def test_a_power_unit_subject_is_no_project() -> None:
    result = _run("Intro.\nThe 100 MW agricultural-photovoltaic complementary project of Jiaozuo Guangyuan New "
                  "Energy Co., Ltd. started construction in April, first 50 MW connected to the grid on June 28.",
                  published="2026-07-10")
    (project,) = _projects(result).values()
    assert (project.start_date, project.production_date) == ("2026-04", "2026-06-28")
    assert _aggregates(result) == []


def test_a_date_reached_by_a_trigger_written_twice_is_one_fact() -> None:
    result = _run("Intro.\nOn September 16, the coking coal washing project of Shanxi Lihe Coal Co., Ltd. entered "
                  "the trial production, from the start to the trial production less than one year.")
    dated = [(m.field, m.value, m.start, m.end, m.rule) for m in result.mentions if m.field == "production"]
    assert len(dated) == 1 and dated[0][1] == "2023-09-16"


def test_a_later_mention_narrows_a_place_to_a_unit_inside_it() -> None:
    result = _run("Yibin: cathode material project completed\nOn June 18, the cathode material project of "
                  "Yibin Ruineng New Materials Co., Ltd. in xuzhou district was completed.", lang="en")
    (project,) = _projects(result).values()
    assert (project.city, project.county, project.adcode) == ("Yibin", "Xuzhou District", "511504")


def test_a_later_mention_does_not_move_a_project_elsewhere() -> None:
    result = _run("Julu County glass project signed\nThe glass project was signed. Later the glass project "
                  "team visited Hengshui.", lang="en")
    (project,) = _projects(result).values()
    assert project.county == "Julu County"


def test_a_bare_head_is_named_by_its_owner() -> None:
    result = _run("Leaders observed the manufacturing line of Geely Monol heavy trucks.")
    (project,) = _projects(result).values()
    assert project.project_name == "manufacturing line of Geely Monol heavy trucks"
    assert project.company == "Geely"


def test_a_headline_short_form_is_the_same_project() -> None:
    result = _run("衡东县玻璃项目开工\n衡东县年产1200万重量箱超白光伏玻璃项目总投资8亿元。")
    (project,) = _projects(result).values()
    assert project.project_name == "衡东县年产1200万重量箱超白光伏玻璃项目"


@pytest.mark.parametrize(
    ("later", "merged"),
    [
        ("The polyester project will start construction in the second quarter of next year.", True),
        ("The nylon project will start construction in the second quarter of next year.", False),  # no name has it
        ("The pipe project will start construction in the second quarter of next year.", False),  # too short a word
    ],
)
def test_a_one_word_short_form_is_the_one_project_whose_name_has_that_word(later: str, merged: bool) -> None:
    result = _run("The 200,000-ton high-end polyester new materials project is located in Xuwei New Area. "
                  "The high-end steel pipe project has an investment of 1 billion yuan.\n" + later,
                  published="2024-12-13", lang="en")
    projects = _projects(result)
    first = projects["200,000-ton high-end polyester new materials project"]
    assert (first.start_date == "2025-06") == merged
    assert len(projects) == (2 if merged else 3)


def test_a_headline_s_one_word_short_form_is_the_first_name_with_that_word() -> None:
    result = _run("Guiyang County signs 850 million yuan recycling project\nDate: 2024.11.22\n"
                  "On November 18, Guiyang County signed the annual 100,000 tons waste non-ferrous metal "
                  "comprehensive recycling project with a total investment of 850 million yuan.",
                  published="2024-11-22", lang="en")
    (project,) = _projects(result).values()
    assert project.project_name == "annual 100,000 tons waste non-ferrous metal comprehensive recycling project"
    assert (project.signing_date, project.investment_cny) == ("2024-11-18", 850_000_000)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a headline's place + short form, and the body's full name
        ("Zixing computing power center put into operation\nDate: 2024.11.22\nOn the 20th, the Dongjiang Lake "
         "liquid-cooled computing power center project located in Zixing City was put into operation.",
         ["Dongjiang Lake liquid-cooled computing power center project"]),
        # the body's name, then a town + short form with another head
        ("Intro.\nIn Yangkou Town, the 30,000-ton high-end flame retardant project is being built. "
         "When talking about the Yangkou flame retardant base, Liu said it will be put into production "
         "by the end of the year.", ["30,000-ton high-end flame retardant project"]),
        # a place + words that two names hold: no telling which
        ("Intro.\nIn Yangkou Town, the high-end flame retardant project and the green flame retardant "
         "project started. The Yangkou flame retardant base will be put into production by the end of the year.",
         ["Yangkou flame retardant base", "green flame retardant project", "high-end flame retardant project"]),
    ],
)
def test_a_place_and_short_form_is_the_one_name_holding_its_words(text: str, names: list[str]) -> None:
    assert sorted(_projects(_run(text, published="2024-11-22", lang="en"))) == sorted(names)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The hydrogen truck project started construction last August and was listed as a key project of "
         "Hubei Province.", ["hydrogen truck project"]),
        ("Leaders observed the manufacturing line of Geely Monol heavy trucks.",
         ["manufacturing line of Geely Monol heavy trucks"]),  # Geely is only part of the owner
    ],
)
def test_a_head_owned_only_by_a_place_or_a_company_is_no_name(text: str, names: list[str]) -> None:
    assert sorted(_projects(_run(text, lang="en"))) == names


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("(4) Shangdu County agricultural and livestock products cold chain logistics center.", True),
        ("4. green computing power center project.", True),
        # a numbered paragraph that is no title: its lowercase names still need a signal
        ("4. the county will study the cold chain logistics center, the roads and the schools.", False),
    ],
)
def test_a_numbered_item_title_is_a_name_whatever_its_words(title: str, found: bool) -> None:
    result = _run(f"Reply to the suggestion\nIntro.\n\n{title} Total investment 180 million yuan.", lang="en")
    assert bool(_projects(result)) == found


def test_a_numbered_title_owns_the_field_lines_below_it() -> None:
    result = _run("2025年省重点建设项目名单公布\n2025-03-05\n现将我市部分入选项目公布如下：\n\n"
                  "1.林州市年产20万吨高端铝合金型材项目\n建设单位：林州鑫拓铝业有限公司\n建设地点：林州市姚村镇\n"
                  "总投资：23.5亿元\n建设内容及进度：建设熔铸、挤压、深加工生产线及配套设施。续建项目，2024年8月开工，"
                  "计划今年10月建成投产。\n\n2.汤阴县预制菜产业园项目\n建设单位：汤阴康禾食品有限公司\n总投资：8.6亿元\n",
                  published="2025-03-05")
    projects = _projects(result)
    assert sorted(projects) == ["林州市年产20万吨高端铝合金型材项目", "汤阴县预制菜产业园项目"]  # no 深加工生产线
    first = projects["林州市年产20万吨高端铝合金型材项目"]
    assert (first.company, first.investment_cny, first.start_date, first.production_date) == (
        "林州鑫拓铝业有限公司", 2_350_000_000, "2024-08", "2025-10")
    assert projects["汤阴县预制菜产业园项目"].investment_cny == 860_000_000


def test_a_name_made_of_company_words_is_that_company_s_project() -> None:
    result = _run("在西峡县，河南宛峰汽车部件有限公司投资建设的汽车零部件智能制造产业园项目今年3月开工建设。\n"
                  "走进西峡县宛峰产业园，总投资12.5亿元的宛峰汽车部件项目首条生产线设备已进场，确保12月底前竣工投产。",
                  published="2024-10-28")
    projects = _projects(result)
    assert list(projects) == ["汽车零部件智能制造产业园项目", "西峡县宛峰产业园"]
    project = projects["汽车零部件智能制造产业园项目"]
    assert (project.investment_cny, project.completion_date) == (1_250_000_000, "2024-12")


def test_company_words_name_no_project_when_the_company_has_two() -> None:
    result = _run("河南宛峰汽车部件有限公司投资建设的涡轮增压器项目今年3月开工。河南宛峰汽车部件有限公司的排气歧管项目"
                  "5月开工。\n宛峰汽车部件项目总投资12.5亿元。", published="2024-10-28")
    assert len(_projects(result)) == 3


@pytest.mark.parametrize(
    ("lang", "text", "dates"),
    [
        ("en", "The Panzhihua vanadium storage base phase I, with an investment of 2.6 billion yuan, and the "
               "Panzhihua vanadium storage base phase II, with an investment of 4.2 billion yuan, are built by "
               "Sichuan Jinfan Co., Ltd.\n- March 2023: phase I broke ground.\n- June 28, 2024: phase I was "
               "completed and put into production.\n- Jan. 2025: phase II started construction.",
         {"Panzhihua vanadium storage base phase I": ("2023-03", "2024-06-28"),
          "Panzhihua vanadium storage base phase II": ("2025-01", "")}),
        ("zh", "云南禄钛新材料有限公司高端钛材一体化项目一期总投资28亿元，高端钛材一体化项目二期总投资26.8亿元。"
               "一期于2022年3月开工建设，2023年12月建成投产；二期于今年5月18日正式开工。\n\n一期：当年投产",
         {"高端钛材一体化项目一期": ("2022-03", "2023-12"), "高端钛材一体化项目二期": ("2025-05-18", "")}),
    ],
)
def test_a_bare_phase_is_the_one_project_with_that_phase(lang: str, text: str, dates: dict) -> None:
    projects = _projects(_run(text, published="2025-09-10", lang=lang))
    assert {name: (p.start_date, p.production_date) for name, p in projects.items()} == dates


def test_respectively_in_english_after_the_amounts() -> None:
    result = _run("The Jinlong copper foil project and the Huaxin glass project started, with total "
                  "investment of 1.8 billion yuan and 650 million yuan respectively.")
    projects = _projects(result)
    assert projects["Jinlong copper foil project"].investment_cny == 1_800_000_000
    assert projects["Huaxin glass project"].investment_cny == 650_000_000


LONG_ARTICLE_CHARS = 290_000


def test_a_long_real_article_stays_near_linear(corpus_dir: Path) -> None:
    body = "\n".join(p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "articles").glob("en_*.txt")))
    body = body[: body.rfind("\n", 0, LONG_ARTICLE_CHARS)]  # a size that does not grow with the corpus
    began = time.perf_counter()
    result = _run(body * 12)  # ~3.5 MB in one article (about 15 s): quadratic steps would take minutes
    assert result.error == "" and len(result.projects) > 500
    assert time.perf_counter() - began < 60


@pytest.mark.parametrize(
    ("text", "name", "investment"),
    [
        ("Nankang district signed the smart home industrial park with Shenzhen Yijia Home Furnishing "
         "Group Co., Ltd., RMB 2.8 billion, will build 600,000 square meters of standard plants.",
         "smart home industrial park", 2_800_000_000),
        ("南康区与深圳怡家家居集团有限公司签约智能家居产业园项目，28亿元，将建设标准厂房60万平方米。",
         "智能家居产业园项目", 2_800_000_000),
        # two projects in the sentence: whose amount it is stays open
        ("Nankang district signed the smart home industrial park with Shenzhen Yijia Group Co., Ltd. "
         "and the Huaxin glass project, RMB 2.8 billion, to build plants.", "smart home industrial park", None),
        # inside a clause, not a clause of its own
        ("Nankang district signed the smart home industrial park with Shenzhen Yijia Group Co., Ltd., "
         "the park will bring RMB 2.8 billion of sales, to build plants.", "smart home industrial park", None),
        # an amount with a role of its own (output value) is no investment
        ("Nankang district signed the smart home industrial park with Shenzhen Yijia Group Co., Ltd., "
         "annual output value of RMB 2.8 billion, to build plants.", "smart home industrial park", None),
    ],
)
def test_role_less_amount_as_a_clause_of_a_one_project_sentence(
    text: str, name: str, investment: int | None
) -> None:
    assert _projects(_run(text))[name].investment_cny == investment


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("宿迁智能家电产业园一期投资12亿元，3月份竣工。该公司计划今年10月开工建设宿迁智能家电产业园二期，投资8亿元。",
         ["宿迁智能家电产业园一期", "宿迁智能家电产业园二期"]),
        ("The Haixin refining phase one project is in production. The Haixin refining phase two project "
         "will start in May.", ["Haixin refining phase one project", "Haixin refining phase two project"]),
        # the project named without its phase is the first phase
        ("宿迁智能家电产业园一期投资12亿元。宿迁智能家电产业园3月份竣工。", ["宿迁智能家电产业园一期"]),
        ("宿迁智能家电产业园二期投资8亿元。宿迁智能家电产业园二期项目3月份开工。", ["宿迁智能家电产业园二期项目"]),
    ],
)
def test_a_later_phase_is_a_project_of_its_own(text: str, names: list[str]) -> None:
    assert sorted(_projects(_run(text))) == sorted(names)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first phase named without its county takes the county of the later phase
        ("曲靖市新能源电池产业链持续延伸。在沾益区，云南麒能新材料有限公司年产2万吨锂电池电解液二期项目10月开工。"
         "该公司年产2万吨锂电池电解液一期项目去年3月建成投产。",
         {"年产2万吨锂电池电解液二期项目": "沾益区", "年产2万吨锂电池电解液一期项目": "沾益区"}),
        ("The Huaxin Cloud data center phase I project in Yungang District, Datong City started last year. "
         "The Huaxin Cloud data center phase II project of Datong City will start in May.",
         {"Huaxin Cloud data center phase I": "Yungang District",
          "Huaxin Cloud data center phase II project": "Yungang District"}),
        # two different counties: each keeps its own
        ("曲靖市项目推进。沾益区年产2万吨电解液二期项目开工。陆良县年产2万吨电解液项目投产。",
         {"沾益区年产2万吨电解液二期项目": "沾益区", "陆良县年产2万吨电解液项目": "陆良县"}),
    ],
)
def test_the_phases_of_a_project_share_its_site(text: str, expected: dict[str, str]) -> None:
    projects = _projects(_run(text, published="2024-11-08"))
    assert {name: projects[name].county for name in expected} == expected


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        ("en", "The new energy battery materials industrial park project has an investment of RMB 1.2 "
               "billion. The project will build a lithium iron phosphate cathode material production line. "
               "The project is planned to start construction in May.",
         ["new energy battery materials industrial park project"]),
        ("en", "The intelligent robot industrial park commenced construction in April. It will build an R&D "
               "center and standard plants.", ["intelligent robot industrial park"]),
        ("zh", "年产10万吨锂电池正极材料项目总投资30亿元，将建设正极材料生产线及配套研发中心，计划明年投产。",
         ["年产10万吨锂电池正极材料项目"]),
        ("zh", "50万千瓦风光储一体化项目总投资26亿元，去年9月开工，配套建设10万千瓦/40万千瓦时储能电站，计划年底前并网。",
         ["50万千瓦风光储一体化项目"]),
        ("en", "The smart logistics hub has a total investment of 1.5 billion yuan, relying on the golden waterway, "
               "builds a multimodal transport center.", ["smart logistics hub"]),
        # the subject of the verb is no project: what it builds is a project
        ("en", "The county will build the Xinda logistics park this year.", ["Xinda logistics park"]),
        ("zh", "今年，县里将建设冷链物流园项目，总投资5亿元。", ["冷链物流园项目"]),
        # the part after the first items of a list, or after a modifier ending in 的
        ("zh", "年产30万吨功能性糖醇项目总投资18.6亿元，主要建设赤藓糖醇、阿洛酮糖生产线及配套仓储设施。",
         ["年产30万吨功能性糖醇项目"]),
        ("zh", "新能源汽车整车及核心零部件项目总投资100亿元，将建设整车制造及电池、电机、电控等核心零部件生产线。",
         ["新能源汽车整车及核心零部件项目"]),
        ("zh", "柑橘深加工项目总投资1亿元，将建设年处理鲜果5万吨的橘瓣罐头及果汁生产线，力争年内建成投产。",
         ["柑橘深加工项目"]),
        ("zh", "智能门业产业园总投资15.8亿元，引进智能化生产线32条。", ["智能门业产业园"]),
        # a production line of its own is a project
        ("zh", "广东大埔日用陶瓷智能化生产线项目总投资2亿元，3月开工。", ["广东大埔日用陶瓷智能化生产线项目"]),
        ("zh", "艾灸贴自动化生产线在漕河镇建成投产，总投资6000万元。", ["艾灸贴自动化生产线"]),
        # a verb opening a clause in a paragraph led by a project has that project for subject
        ("zh", "丽水市重大项目清单\n\n（一）年产10万吨不锈钢精密管材项目。位于松阳县，由浙江松管新材料有限公司投资建设，"
               "总投资32亿元，主要建设不锈钢精密管材生产线及配套设施。", ["年产10万吨不锈钢精密管材项目"]),
        ("zh", "县人民医院新区医院总投资9.8亿元，6月投入使用。", ["县人民医院新区医院"]),
        # … and so does one in the field lines under a title, up to a blank line
        ("zh", "公示\n\n二、年产12万吨铝基新材料深加工项目\n建设单位：青铜峡市恒铝新材料有限公司\n"
               "项目概况：项目总投资96000万元。主要建设熔铸、挤压、表面处理生产线及配套设施。",
         ["年产12万吨铝基新材料深加工项目"]),
        ("zh", "新闻\n\n年产10万吨高端铜箔项目总投资20亿元，今年4月开工。该项目采用智能化生产线，年产值5亿元。",
         ["年产10万吨高端铜箔项目"]),
        ("zh", "公示\n\n二、年产12万吨铝基新材料深加工项目。\n\n主要建设表面处理生产线项目，总投资1亿元。",
         ["年产12万吨铝基新材料深加工项目", "表面处理生产线项目"]),
        ("en", "The smart agricultural products wholesale market was completed on June 28 with 560 million yuan.",
         ["smart agricultural products wholesale market"]),
        # English: the last items of a list of what is built
        ("en", "The pharmaceutical preparation industrialization base has an investment of 1.5 billion yuan, "
               "it will build oral solid preparation, injection workshops and a research and development center.",
         ["pharmaceutical preparation industrialization base"]),
        ("en", "The crystal cultural tourism industrial park, with a total investment of 680 million yuan, will "
               "build crystal processing workshop, crystal trading market and a crystal culture museum.",
         ["crystal cultural tourism industrial park"]),
        ("en", "The Jiangyou aerospace fasteners industrial park will build a forging workshop and a heat "
               "treatment line and testing center with 800 million yuan.", ["Jiangyou aerospace fasteners industrial park"]),
    ],
)
def test_what_a_project_builds_is_a_part_not_a_project(lang: str, text: str, names: list[str]) -> None:
    projects = _projects(_run(text, published="2024-04-17", lang=lang))
    assert sorted(projects) == sorted(names)


def test_the_company_s_project_is_named_without_the_possessive() -> None:
    result = _run("Ningbo Dongfang Clean Energy Co., Ltd. also signed. The company's Zhangjiachuan 100MW wind "
                  "farm will be connected to the grid in June.", published="2025-04-01", lang="en")
    assert [(p.project_name, p.company) for p in _projects(result).values()] == [
        ("Zhangjiachuan 100MW wind farm", "Ningbo Dongfang Clean Energy Co., Ltd.")]


def test_a_later_mention_adds_a_town_named_alone() -> None:
    result = _run("阜阳项目快讯\n\n【颍上】八里河景区游客中心提升改造项目通过竣工验收\n\n"
                  "2月10日，位于八里河镇的八里河景区游客中心提升改造项目通过竣工验收，总投资1.2亿元。",
                  published="2025-02-14", lang="zh")
    project = _projects(result)["八里河景区游客中心提升改造项目"]
    assert (project.county, project.place) == ("颍上县", "八里河镇")


@pytest.mark.parametrize("dateline", ["", "CHANGCHUN -- ", "CHANGCHUN, June 11 (Xinhua) -- "])
def test_a_wire_story_s_project_is_where_it_says_not_where_the_report_was_filed(dateline: str) -> None:
    result = _run(f"Battery plant starts\n\nUpdated: 2024-06-12\n\n{dateline}Contemporary Amperex "
                  "Technology Co., Limited broke ground on Tuesday on a battery plant in Songyuan, "
                  "Northeast China's Jilin province, the local government said.", published="2024-06-12")
    (project,) = result.projects
    assert (project.city, project.company, project.start_date) == (
        "Songyuan", "Contemporary Amperex Technology Co., Limited", "2024-06-11")


def test_an_assessor_named_in_a_record_is_not_the_project_s_company() -> None:
    result = _run("公示\n\n五、红寺堡区城市污水处理厂提标改造工程\n建设地点：吴忠市红寺堡区\n"
                  "建设单位：吴忠市红寺堡区住房和城乡建设局\n环境影响评价机构：宁夏清源环境科技有限公司\n"
                  "项目概况：项目总投资4600万元。", published="2025-08-06", lang="zh")
    (project,) = result.projects
    assert (project.project_name, project.company, project.investment_cny) == (
        "红寺堡区城市污水处理厂提标改造工程", "", 46_000_000)


def test_home_is_the_county_the_lead_names_and_the_article_keeps_coming_back_to() -> None:
    text = ("From selling ore to selling materials\n\nYingkou Daily   Jan.15,2025   Page 3\nWritten by: Sun Peng\n\n"
            "Walking into the factory of Haiyue Magnesium Co., Ltd. in Dashiqiao, liaoning province, trucks line "
            "up to load.\n\nThe 50,000-ton fused magnesia project, with an investment of 950 million yuan, started "
            "in March 2023.\n\nDashiqiao has a quarter of the world's magnesite. The company set up a subsidiary in "
            "Dashiqiao. A port office opened in Bayuquan district of Yingkou.")
    (project,) = _run(text, published="2025-01-15", lang="en").projects
    assert (project.city, project.county) == ("Yingkou", "Dashiqiao City")


SHUNDE_POST = (
    "刚刚！顺德这批大项目，传来新进展\n\n2026年06月03日 18:30 来源：顺德发布\n\n"
    "5月的顺德\n项目建设热火朝天\n\n签约、动工、投产\n好消息一个接一个\n\n佛山市顺德区\n各镇街重大项目\n跑出加速度\n\n"
    "01\n北滘：35亿元创新中心动工\n\n"
    "5月28日上午\n美辰智能家电全球创新中心项目\n在北滘镇正式动工\n\n"
    "项目由广东美辰电器科技有限公司投资建设\n总投资35亿元\n占地约120亩\n\n"
    "将建设研发大楼、检测实验室\n中试基地和人才公寓\n计划2028年建成\n\n"
    "02\n容桂：智能工厂已实现满产\n\n"
    "广东华禧厨电科技有限公司\n年产300万台高端热水器智能工厂项目\n总投资12.6亿元\n\n"
    "今年3.18正式投产\n目前已实现满产\n预计全年产值超20亿元\n"
)


def test_a_post_of_one_phrase_per_line_links_like_prose() -> None:
    """A WeChat post's blocks of short lines: the name, its amount and dates in separate lines
    and blocks of one section are one project's; a section's town heading places it."""
    projects = _projects(_run(SHUNDE_POST, published="2026-06-03", lang="zh"))
    center = projects["美辰智能家电全球创新中心项目"]
    assert (center.investment_cny, center.start_date, center.completion_date, center.place) == (
        3_500_000_000, "2026-05-28", "2028", "北滘镇")
    assert center.company == "广东美辰电器科技有限公司"
    plant = projects["年产300万台高端热水器智能工厂项目"]
    assert (plant.investment_cny, plant.production_date, plant.place, plant.company) == (
        1_260_000_000, "2026-03-18", "容桂", "广东华禧厨电科技有限公司")
    # provenance points into the text as given: the post's line breaks are not rewritten there
    facts = _run(SHUNDE_POST, published="2026-06-03", lang="zh").mentions
    assert all(SHUNDE_POST[m.start : m.end] == m.text for m in facts)


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("en", "Xinji key projects start\n\nTime: 2026.03.02\n\nOn the morning of February 28, Xinji City key "
               "projects centralized start activity was held. In this activity, 42 projects started construction "
               "in centralized. At the activity, 6 projects also signed on the spot.\n\n"
               "\"From signing to start construction we only use 47 days,\" the manager said.\n\n"
               "The cold chain logistics center project of Hebei Jishang Co., Ltd., total investment of 680 "
               "million yuan, will be put into use at year-end.\n", "cold chain logistics center project"),
        ("zh", "辛集市重点项目集中开工\n\n时间：2026-03-02\n\n2月28日上午，辛集市重点项目集中开工活动举行。"
               "本次集中开工项目42个。活动现场还签约项目6个。\n\n“从签约到开工只用了47天。”负责人说。\n\n"
               "河北冀商供应链管理有限公司智能冷链物流中心项目总投资6.8亿元，计划年底投用。\n", "智能冷链物流中心项目"),
    ],
)
def test_a_batch_told_beside_the_main_one_does_not_reach_every_project(lang: str, text: str, name: str) -> None:
    """"6 projects also signed on the spot" at a groundbreaking (BATCH_SIDE): the projects
    named later take the start's day, not the signing's, even after a quote naming both."""
    project = _projects(_run(text, published="2026-03-02", lang=lang))[name]
    assert (project.start_date, project.signing_date) == ("2026-02-28", "")

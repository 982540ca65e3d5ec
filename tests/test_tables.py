"""Text tables: a header row naming the columns, then a row per project (extract.tables)."""

from __future__ import annotations

import pytest

from extract.pipeline import Options, extract_article
from extract.records import Article
from extract.segment import split_sentences
from extract.tables import read_tables

TABLE = (
    "德州市重点项目集中开工\n\n来源：德州日报　　2024-05-09\n\n"
    "5月8日上午，德州市2024年第二季度重点项目集中开工活动举行。部分开工项目情况如下：\n\n"
    "序号\t项目名称\t建设单位\t总投资（亿元）\t建设内容\n"
    "1\t禹城市年产5万吨功能糖项目\t山东禹糖生物科技有限公司\t12.5\t新建发酵车间，计划2025年6月建成投产\n"
    "2\t乐陵市调味品产业园二期项目\t乐陵市百味园食品有限公司\t8.6\t新建复合调味料生产线8条及冷链仓储中心\n"
    "3  年产3000台套智能健身器材项目  山东宁健体育器材有限公司  5.2  位于宁津县经济开发区\n"
    "7\t德州市陵城区城乡供水一体化工程\t德州市陵城区水务投资有限公司\t0.85\t新建配水管网126公里\n"
)


def _table(text: str, lang: str = "zh") -> tuple[list[str], list[tuple[int, str]]]:
    tables = read_tables(text, split_sentences(text), lang)
    return [n.value for n in tables.names], [(a.value, text[a.start : a.end]) for a in tables.amounts]


def test_rows_give_names_and_investments_in_the_header_s_unit() -> None:
    names, amounts = _table(TABLE)
    assert names == ["禹城市年产5万吨功能糖项目", "乐陵市调味品产业园二期项目", "年产3000台套智能健身器材项目",
                     "德州市陵城区城乡供水一体化工程"]
    assert amounts == [(1_250_000_000, "12.5"), (860_000_000, "8.6"), (520_000_000, "5.2"), (85_000_000, "0.85")]


@pytest.mark.parametrize(
    ("text", "names", "amounts"),
    [
        # 万元 in the header
        ("项目名称\t建设单位\t计划总投资（万元）\n冷链物流园项目\t某某物流有限公司\t35600\n",
         ["冷链物流园项目"], [356_000_000]),
        # no name column: no table
        ("序号\t单位\t金额\n1\t某某公司\t12\n", [], []),
        # a line of fewer cells ends the table
        ("项目名称\t建设单位\t总投资（亿元）\n说明：以下为续建项目。\n光伏组件项目\t某某能源有限公司\t3\n", [], []),
        # a cell that is no figure gives no amount
        ("项目名称\t建设单位\t总投资（亿元）\n光伏组件项目\t某某能源有限公司\t待定\n", ["光伏组件项目"], []),
        # a range gives its low end (the high end is kept on the amount)
        ("项目名称\t建设单位\t总投资（亿元）\n聚烯烃新材料项目\t某某石化有限公司\t45—50\n", ["聚烯烃新材料项目"],
         [4_500_000_000]),
        ("Project name\tInvestor\tInvestment (100 million yuan)\nGreen steel project\tHebei Steel Co., Ltd.\t4.5\n",
         ["Green steel project"], [450_000_000]),
        # cells between bars, with or without outer bars, and a |---| rule line under the header
        ("序号 | 项目名称 | 建设单位 | 总投资（亿元）\n1 | 年产30万吨玉米深加工扩能项目 | 通辽金禾生化科技有限公司 | 18.6\n",
         ["年产30万吨玉米深加工扩能项目"], [1_860_000_000]),
        ("| 项目名称 | 建设单位 | 总投资（亿元） |\n|---|---|---|\n| 标准化厂房三期 | 某某城市发展投资有限公司 | 0.85 |\n",
         ["标准化厂房三期"], [85_000_000]),
        # a header without a unit takes the unit a line above the table states, else gives none
        ("（单位：万元）\n\n序号 | 项目名称 | 建设单位 | 总投资 | 建设地点\n1 | 冷链物流中心 | 某某物流有限公司 | 128000 | 元洪投资区\n",
         ["冷链物流中心"], [1_280_000_000]),
        ("单位：亿元\n项目名称\t建设单位\t投资额\n光伏组件项目\t某某能源有限公司\t3.5\n", ["光伏组件项目"], [350_000_000]),
        ("序号 | 项目名称 | 建设单位 | 总投资 | 建设地点\n1 | 冷链物流中心 | 某某物流有限公司 | 128000 | 元洪投资区\n",
         ["冷链物流中心"], []),
        ("(Unit: 10,000 yuan)\nProject name\tInvestor\tTotal investment\nGreen steel project\tHebei Steel Co., Ltd.\t45000\n",
         ["Green steel project"], [450_000_000]),
    ],
)
def test_table_shapes(text: str, names: list[str], amounts: list[int]) -> None:
    lang = "en" if "Project" in text else "zh"
    found_names, found_amounts = _table(text, lang)
    assert (found_names, [v for v, _ in found_amounts]) == (names, amounts)


def test_a_table_s_rows_are_projects_with_their_companies_and_no_parts() -> None:
    result = extract_article(Article("a", "a.txt", TABLE), Options(lang="zh", published="2024-05-09"))
    rows = {p.project_name: p for p in result.projects if p.kind == "project"}
    assert set(rows) == {"禹城市年产5万吨功能糖项目", "乐陵市调味品产业园二期项目", "年产3000台套智能健身器材项目",
                         "德州市陵城区城乡供水一体化工程"}  # 生产线8条及冷链仓储中心 is a part
    sugar = rows["禹城市年产5万吨功能糖项目"]
    assert (sugar.company, sugar.investment_cny, sugar.completion_date) == (
        "山东禹糖生物科技有限公司", 1_250_000_000, "2025-06")
    assert sugar.start_date == "2024-05-08"  # the ceremony's day
    assert rows["乐陵市调味品产业园二期项目"].investment_cny == 860_000_000


def test_a_range_in_a_cell_keeps_its_high_end() -> None:
    table = read_tables("项目名称\t建设单位\t总投资（亿元）\n聚烯烃新材料项目\t某某石化有限公司\t45-50\n",
                        [], "zh")
    ((low, high),) = [(a.value, a.high) for a in table.amounts]
    assert (low, high) == (4_500_000_000, 5_000_000_000)


def test_a_table_s_date_columns_give_its_rows_milestones() -> None:
    text = ("苍溪县重点项目计划表\n发布日期：2026-02-12\n"
            "序号｜项目名称｜总投资（万元）｜计划开工｜计划竣工｜备注\n"
            "1｜红心猕猴桃精深加工产业园项目｜68000｜2026年3月｜2027年6月｜新开工；达产后年产值15亿元\n"
            "2｜液化天然气项目｜150000｜力争2026年四季度｜—｜前期\n")
    result = extract_article(Article("t", "t.txt", text), Options(lang="zh"))
    dates = {p.project_name: (p.start_date, p.completion_date) for p in result.projects}
    # 新开工 in the remark cell does not take the completion column's date
    assert dates == {"红心猕猴桃精深加工产业园项目": ("2026-03", "2027-06"), "液化天然气项目": ("2026-12", "")}


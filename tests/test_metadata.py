"""Tests of extract.metadata: language detection and the publication date of the header."""

from __future__ import annotations

import pytest

from extract.metadata import PublishedDate, detect_lang, find_published, parse_date

BODY_EN = (
    "The new chemical plant in Hefei, with a total investment of 5 billion yuan, is expected "
    "to be completed and put into production within two years, officials said."
)
BODY_ZH = "总投资50亿元的合肥新建化工厂项目正式开工建设，预计两年后建成投产。"
FILLER_EN = "\n".join(f"Paragraph {i}: {BODY_EN}" for i in range(20))
FILLER_ZH = "\n".join(f"{BODY_ZH}第{i}段。" for i in range(20))

# (text, the date found, the date text it was read from)
HEADERS: list[tuple[str, str | None, str | None]] = [
    # forms seen on real pages
    ("Hefei plant breaks ground\n2022-07-06 0 By\n" + BODY_EN, "2022-07-06", "2022-07-06"),
    (
        "Changzhi project\nAuthor:Changzhi News Network Time:2022.06.23\n" + BODY_EN,
        "2022-06-23",
        "2022.06.23",
    ),
    ("Big plant\nRelease Time:\n\nApr 12,2023\n" + BODY_EN, "2023-04-12", "Apr 12,2023"),
    # the year last: day first, unless the second number cannot be a month
    ("Key projects\nDate: 21/02/2024   Hits: 1054\n" + BODY_EN, "2024-02-21", "21/02/2024"),
    ("Key projects\nDate: 05.03.2024 10:30\n" + BODY_EN, "2024-03-05", "05.03.2024"),
    ("Key projects\nDate: 02/21/2024\n" + BODY_EN, "2024-02-21", "02/21/2024"),
    ("Key projects\nDate: 31/02/2024\n" + BODY_EN, None, None),
    # machine translation of 2026年6月12日
    ("Key projects\nDate: 2026 year 6 month 12 day   Source: Aksu\n" + BODY_EN, "2026-06-12",
     "2026 year 6 month 12 day"),
    ("Key projects\nTime: 2025 year 11 month 3 day 09:30\n" + BODY_EN, "2025-11-03", "2025 year 11 month 3 day"),
    # a date in Chinese numerals
    ("合肥化工厂开工\n发布时间：二〇二六年七月二十日　　信息来源：都匀\n" + BODY_ZH, "2026-07-20", "二〇二六年七月二十日"),
    ("合肥化工厂开工\n二〇二三年十二月三十一日\n" + BODY_ZH, "2023-12-31", "二〇二三年十二月三十一日"),
    ("合肥化工厂开工\n发布时间：二〇二三年二月三十日\n" + BODY_ZH, None, None),
    # eight digits, read only after a label
    ("Sanya park\nPublish time: 20260514   Visits: 1,536\n" + BODY_EN, "2026-05-14", "20260514"),
    ("Sanya park\nTel: 0898 20260514\n" + BODY_EN, None, None),
    # the date after the publishing label, not the date the document was written
    ("苍溪县重点项目\n成文日期：2026-02-10　发布日期：2026-02-12\n" + BODY_ZH, "2026-02-12", "2026-02-12"),
    ("2022-06-06\nHefei plant\n" + BODY_EN, "2022-06-06", "2022-06-06"),
    ("Hefei plant\nUpdated: 2018-03-27\n" + BODY_EN, "2018-03-27", "2018-03-27"),
    ("Hefei plant\nMay 10, 2022\n" + BODY_EN, "2022-05-10", "May 10, 2022"),
    ("Hefei plant\nPublished: 10 May 2022\n" + BODY_EN, "2022-05-10", "10 May 2022"),
    ("合肥化工厂开工\n发布时间：2023-04-12\n" + BODY_ZH, "2023-04-12", "2023-04-12"),
    ("合肥化工厂开工\n2023年04月12日 10:30\n" + BODY_ZH, "2023-04-12", "2023年04月12日"),
    ("合肥化工厂开工\n2023年4月12日\n" + BODY_ZH, "2023-04-12", "2023年4月12日"),
    ("合肥化工厂开工\n来源：新华网 2023-03-01\n" + BODY_ZH, "2023-03-01", "2023-03-01"),
    ("合肥化工厂开工\n2023/04/12\n" + BODY_ZH, "2023-04-12", "2023/04/12"),
    # more variants
    (
        "合肥化工厂开工\n发布日期：2023年4月2日 来源：合肥日报\n" + BODY_ZH,
        "2023-04-02",
        "2023年4月2日",
    ),
    ("合肥化工厂开工\n日期: 2021-12-31\n" + BODY_ZH, "2021-12-31", "2021-12-31"),
    (
        "合肥化工厂开工\n发布时间：２０２３－０４－１２\n" + BODY_ZH,
        "2023-04-12",
        "２０２３－０４－１２",
    ),
    ("合肥化工厂开工\n2023 年 4 月 12 日 星期三\n" + BODY_ZH, "2023-04-12", "2023 年 4 月 12 日"),
    ("合肥化工厂开工\n2023-04-12 09:15:00 来源：安徽日报\n" + BODY_ZH, "2023-04-12", "2023-04-12"),
    ("Hefei plant\nPosted on March 3, 2021 by admin\n" + BODY_EN, "2021-03-03", "March 3, 2021"),
    ("Hefei plant\nDate: Sept. 5, 2020\n" + BODY_EN, "2020-09-05", "Sept. 5, 2020"),
    ("Hefei plant\nRelease Date: 2019-11-08\n" + BODY_EN, "2019-11-08", "2019-11-08"),
    ("Hefei plant\nPublished 1st June 2021\n" + BODY_EN, "2021-06-01", "1st June 2021"),
    ("Hefei plant\nXinhua | 2020.1.5 | Editor: Li\n" + BODY_EN, "2020-01-05", "2020.1.5"),
    ("  Hefei plant  \n\n\n  Time: 2024-02-29  \n" + BODY_EN, "2024-02-29", "2024-02-29"),
    # a labelled date wins over a bare one above it
    ("Hefei plant\n2021-01-01\nPublished: 2022-02-02\n" + BODY_EN, "2022-02-02", "2022-02-02"),
    # an invalid date is skipped, the next one on the line is used
    ("Hefei plant\n2023-02-30 / 2023-03-01\n" + BODY_EN, "2023-03-01", "2023-03-01"),
    # a header line of many fields, whatever its number of words
    ("Chifeng: projects\n15/10/2024 10:42  Source: Chifeng Daily  Reporter: Bao Yulan  Correspondent: "
     "Zhao Haitao\n" + BODY_EN, "2024-10-15", "15/10/2024"),
    ("A batch of projects\nNingde Municipal People's Government website   2024年07月02日 09:15   "
     "Font:【Big Middle Small】\n" + BODY_EN, "2024-07-02", "2024年07月02日"),
    ("Hefei plant\nOn May 10, 2022  the county held a meeting  where the mayor spoke about the plans.\n" + BODY_EN,
     None, None),
    # negatives: no date in the header, or only in body sentences
    ("Hefei plant\n" + BODY_EN, None, None),
    ("Hefei plant\nOn May 10, 2022, the plant started construction.\n" + BODY_EN, None, None),
    ("Hefei plant\nOn June 22nd, 2022 the plant opened its gates to visitors.\n", None, None),
    ("合肥化工厂开工\n2023年4月12日，合肥市举行重大项目集中开工仪式。\n" + BODY_ZH, None, None),
    ("合肥化工厂开工\n项目于2023年4月12日开工\n" + BODY_ZH, None, None),
    # past the header window and not among the last lines
    ("合肥化工厂开工\n" + FILLER_ZH + "\n发布时间：2023-04-12\n" + FILLER_ZH, None, None),
    ("Hefei plant\n" + FILLER_EN + "\nPublished: 10 May 2022\n" + FILLER_EN, None, None),
    ("Hefei plant\n" + "\n".join(f"line {i}" for i in range(20)) + "\n2022-06-06\nend\nend\nend",
     None, None),
    # no date in the header: a credit line at the end dates the article
    ("合肥化工厂开工\n" + FILLER_ZH + "\n发布时间：2023-04-12\n", "2023-04-12", "2023-04-12"),
    ("Hefei plant\n" + FILLER_EN + "\nPublished: 10 May 2022\n", "2022-05-10", "10 May 2022"),
    ("Hefei plant\n" + FILLER_EN + "\n(Editor: Tan Li) 2024-06-11\n", "2024-06-11", "2024-06-11"),
    ("合肥化工厂开工\n" + FILLER_ZH + "\n（责任编辑：王丽）2024年06月11日\n", "2024-06-11", "2024年06月11日"),
    ("Hefei plant\n" + BODY_EN + "\n(Editor: Tan Li) 2024-06-11\nPhone: 0551-6512345\n",
     "2024-06-11", "2024-06-11"),
    ("Hefei plant\n" + FILLER_EN + "\nOn May 10, 2022, the plant started construction.\n", None, None),
    ("合肥化工厂开工\n" + FILLER_ZH + "\n项目于2023年4月12日开工，预计明年投产。\n", None, None),
    ("Hefei plant\n" + "x" * 130 + " 2022-06-06\n" + BODY_EN, None, None),
    ("Hefei plant\nTime: 2023-13-01\n" + BODY_EN, None, None),
    ("Hefei plant\nTime: 1985-05-01\n" + BODY_EN, None, None),
    ("Hefei plant\nTime: 2023-02-29\n" + BODY_EN, None, None),
    ("Hefei plant\nPhone 0551-6512-3456\n" + BODY_EN, None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("text", "value", "date_text"), HEADERS)
def test_find_published(text: str, value: str | None, date_text: str | None) -> None:
    found = find_published(text)
    if value is None:
        assert found is None
        return
    assert found is not None
    assert (found.value, text[found.start : found.end]) == (value, date_text)


def test_published_date_offsets_point_into_original_text() -> None:
    text = "标题\n发布时间：２０２３年４月１２日\n正文"
    assert find_published(text) == PublishedDate("2023-04-12", 8, 18)
    assert text[8:18] == "２０２３年４月１２日"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-04-12", "2023-04-12"),
        ("2023-04-12T10:30:00+08:00", "2023-04-12"),
        ("2023-04-12 10:30", "2023-04-12"),
        ("2023/4/2", "2023-04-02"),
        ("  2023年4月12日 ", "2023-04-12"),
        ("Apr 12, 2023", "2023-04-12"),
        ("12 April 2023", "2023-04-12"),
        ("2023-02-30", None),
        ("yesterday", None),
        ("2023-04-12 and more", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (BODY_ZH, "zh"),
        (BODY_EN, "en"),
        ("合肥化工厂开工\n" + BODY_ZH * 5, "zh"),
        ("Hefei plant\n" + BODY_EN * 5, "en"),
        # an English machine translation with a stray Chinese line stays English
        (BODY_EN * 3 + "\n原文：合肥新建化工厂项目正式开工建设\n" + BODY_EN, "en"),
        # a Chinese article with English company names and units stays Chinese
        ("BYD Auto与Hefei Investment Holding签约，" + BODY_ZH + "产能100 GWh。", "zh"),
        ("据Reuters报道，Tesla上海超级工厂二期项目总投资约15亿美元。", "zh"),
        ("臺北市捷運環狀線北環段工程今日正式動工，總投資新臺幣五百億元。", "zh"),
        ("发布时间：２０２３－０４－１２\n合肥市重大项目集中开工", "zh"),
        ("Hefei 合肥", "en"),
        ("", "en"),
        ("2023-04-12 12:30 100%", "en"),
        ("The Shanghai (上海) project started in 2023.", "en"),
        ("中", "zh"),
        (("x" * 6000) + BODY_ZH * 100, "en"),  # only the first 5000 characters count
        # Latin letters outside ASCII count too: ASCII letters alone only ever decide "en"
        ("中文éééé", "en"),
        ("中文ééé", "zh"),
        ("中文eeee", "en"),
        ("中文ééee", "en"),
        ("中文éee", "zh"),
        ("中文ééé\u0130", "en"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang

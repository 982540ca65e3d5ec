"""The place gazetteer `patterns/shared/adcode.csv` and its pinyin overrides, as data."""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[1] / "patterns" / "shared"
COLUMNS = ["adcode", "level", "parent", "name_zh", "short_zh", "name_en", "pinyin"]
RANK = {"province": 1, "prefecture": 2, "county": 3}


@cache
def _read(name: str) -> tuple[list[str], tuple[dict[str, str], ...]]:
    with (SHARED / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = tuple(reader)
        return list(reader.fieldnames or []), rows


def rows() -> tuple[dict[str, str], ...]:
    return _read("adcode.csv")[1]


@cache
def by_code() -> dict[str, dict[str, str]]:
    return {r["adcode"]: r for r in rows()}


def test_columns_exactly():
    assert _read("adcode.csv")[0] == COLUMNS


def test_adcodes_unique_six_digits_and_sorted():
    codes = [r["adcode"] for r in rows()]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert codes == sorted(codes)


def test_levels_and_parents():
    index = by_code()
    for r in rows():
        assert r["level"] in RANK, r
        if r["level"] == "province":
            assert r["parent"] == "", r
            assert r["adcode"].endswith("0000"), r
            continue
        parent = index.get(r["parent"])
        assert parent is not None, f"missing parent of {r}"
        assert RANK[parent["level"]] < RANK[r["level"]], r
        # a code starts with its province's two digits
        assert r["adcode"][:2] == r["parent"][:2], r


def test_no_placeholder_rows():
    names = {r["name_zh"] for r in rows()}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@pytest.mark.parametrize(
    ("level", "low", "high"),
    [("province", 31, 35), ("prefecture", 320, 345), ("county", 2800, 2900)],
)
def test_row_counts_plausible(level, low, high):
    n = Counter(r["level"] for r in rows())[level]
    assert low <= n <= high, (level, n)


def test_fields_filled_and_clean():
    for r in rows():
        assert r["name_zh"] and r["short_zh"] and r["name_en"], r
        assert r["short_zh"] in r["name_zh"] or r["short_zh"] == r["name_zh"], r
        assert len(r["short_zh"]) >= 2, r
        key = r["pinyin"]
        assert key.isascii() and key.isalpha() and key == key.lower(), r
        assert r["name_en"].isascii() and r["name_en"][0].isupper(), r


KNOWN = [
    # adcode, level, parent, name_zh, short_zh, name_en, pinyin
    ("140404", "county", "140400", "上党区", "上党", "Shangdang District", "shangdang"),
    ("140400", "prefecture", "140000", "长治市", "长治", "Changzhi", "changzhi"),
    ("130506", "county", "130500", "南和区", "南和", "Nanhe District", "nanhe"),
    ("130529", "county", "130500", "巨鹿县", "巨鹿", "Julu County", "julu"),
    ("130500", "prefecture", "130000", "邢台市", "邢台", "Xingtai", "xingtai"),
    ("130000", "province", "", "河北省", "河北", "Hebei", "hebei"),
    ("140000", "province", "", "山西省", "山西", "Shanxi", "shanxi"),
    ("610000", "province", "", "陕西省", "陕西", "Shaanxi", "shaanxi"),
    ("430424", "county", "430400", "衡东县", "衡东", "Hengdong County", "hengdong"),
    ("430400", "prefecture", "430000", "衡阳市", "衡阳", "Hengyang", "hengyang"),
    ("130121", "county", "130100", "井陉县", "井陉", "Jingxing County", "jingxing"),
    ("150000", "province", "", "内蒙古自治区", "内蒙古", "Inner Mongolia", "neimenggu"),
    ("450000", "province", "", "广西壮族自治区", "广西", "Guangxi", "guangxi"),
    ("540000", "province", "", "西藏自治区", "西藏", "Tibet", "xizang"),
    ("640000", "province", "", "宁夏回族自治区", "宁夏", "Ningxia", "ningxia"),
    ("650000", "province", "", "新疆维吾尔自治区", "新疆", "Xinjiang", "xinjiang"),
    ("110000", "province", "", "北京市", "北京", "Beijing", "beijing"),
    ("500000", "province", "", "重庆市", "重庆", "Chongqing", "chongqing"),
    ("110105", "county", "110000", "朝阳区", "朝阳", "Chaoyang District", "chaoyang"),
    (
        "422800",
        "prefecture",
        "420000",
        "恩施土家族苗族自治州",
        "恩施",
        "Enshi Autonomous Prefecture",
        "enshi",
    ),
    (
        "420528",
        "county",
        "420500",
        "长阳土家族自治县",
        "长阳",
        "Changyang Autonomous County",
        "changyang",
    ),
    ("341823", "county", "341800", "泾县", "泾县", "Jingxian County", "jingxian"),
    ("320321", "county", "320300", "丰县", "丰县", "Fengxian County", "fengxian"),
    (
        "130107",
        "county",
        "130100",
        "井陉矿区",
        "井陉矿区",
        "Jingxing Mining District",
        "jingxingkuangqu",
    ),
    ("429004", "county", "420000", "仙桃市", "仙桃", "Xiantao City", "xiantao"),
    ("152900", "prefecture", "150000", "阿拉善盟", "阿拉善", "Alxa League", "alashan"),
    ("652900", "prefecture", "650000", "阿克苏地区", "阿克苏", "Aksu Prefecture", "akesu"),
    ("150782", "county", "150700", "牙克石市", "牙克石", "Yakeshi City", "yakeshi"),
    ("150721", "county", "150700", "阿荣旗", "阿荣", "Arong Banner", "arong"),
    ("610100", "prefecture", "610000", "西安市", "西安", "Xi'an", "xian"),
]


@pytest.mark.parametrize("row", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_rows(row):
    got = by_code().get(row[0])
    assert got is not None, f"{row[0]} missing"
    assert tuple(got[c] for c in COLUMNS) == row


def test_special_administrative_regions():
    index = by_code()
    assert index["810000"]["name_en"] == "Hong Kong"
    assert index["820000"]["name_en"] == "Macao"


def test_shanxi_and_shaanxi_keys_distinct():
    keys = {r["pinyin"] for r in rows() if r["level"] == "province"}
    assert {"shanxi", "shaanxi"} <= keys
    assert len(keys) == sum(1 for r in rows() if r["level"] == "province")


# Readings pypinyin gets wrong (pinned by the override table) and tricky ones it gets right
# (pinned here so that a pypinyin upgrade cannot silently change them).
READINGS = [
    ("长治", "changzhi"),
    ("穆棱", "muling"),
    ("乐陵", "laoling"),
    ("红寺堡", "hongsibu"),
    ("吴堡", "wubu"),
    ("长子", "zhangzi"),
    ("长葛", "changge"),
    ("长白", "changbai"),
    ("长阳", "changyang"),
    ("长宁", "changning"),
    ("长清", "changqing"),
    ("天长", "tianchang"),
    ("子长", "zichang"),
    ("弓长岭", "gongchangling"),
    ("长垣", "changyuan"),
    ("长丰", "changfeng"),
    ("丰都", "fengdu"),
    ("于都", "yudu"),
    ("宁都", "ningdu"),
    ("花都", "huadu"),
    ("昌都", "changdu"),
    ("都匀", "duyun"),
    ("魏都", "weidu"),
    ("郫都", "pidu"),
    ("尧都", "yaodu"),
    ("襄都", "xiangdu"),
    ("信都", "xindu"),
    ("昆都仑", "kundulun"),
    ("三都", "sandu"),
    ("都江堰", "dujiangyan"),
    ("库尔勒", "kuerle"),
    ("阿勒泰", "aletai"),
    ("锡林郭勒", "xilinguole"),
    ("霍林郭勒", "huolinguole"),
    ("克孜勒苏", "kezilesu"),
    ("什邡", "shifang"),
    ("乌什", "wushi"),
    ("阿图什", "atushi"),
    ("康巴什", "kangbashi"),
    ("克什克腾", "keshiketeng"),
    ("塔什库尔干", "tashikuergan"),
    ("陕西", "shaanxi"),
    ("山西", "shanxi"),
    ("朝阳", "chaoyang"),
    ("六合", "luhe"),
    ("中牟", "zhongmou"),
    ("佛冈", "fogang"),
    ("浪卡子", "langkazi"),
    ("万柏林", "wanbailin"),
    ("马尾", "mawei"),
    ("蚌山", "bengshan"),
    ("闵行", "minhang"),
    ("伽师", "jiashi"),
    ("单县", "shanxian"),
    ("洪洞", "hongtong"),
    ("繁峙", "fanshi"),
    ("荥经", "yingjing"),
    ("荥阳", "xingyang"),
    ("崆峒", "kongtong"),
    ("涡阳", "guoyang"),
    ("泊头", "botou"),
    ("浚县", "xunxian"),
    ("漯河", "luohe"),
    ("珲春", "hunchun"),
    ("筠连", "junlian"),
    ("龙圩", "longxu"),
    ("南乐", "nanle"),
    ("民乐", "minle"),
    ("井陉", "jingxing"),
    ("六安", "luan"),
    ("蚌埠", "bengbu"),
    ("蔚县", "yuxian"),
    ("乐亭", "laoting"),
    ("乐清", "yueqing"),
    ("铅山", "yanshan"),
    ("番禺", "panyu"),
    ("莘县", "shenxian"),
    ("东阿", "donge"),
    ("亳州", "bozhou"),
    ("枞阳", "zongyang"),
    ("歙县", "shexian"),
    ("黄陂", "huangpi"),
    ("尉氏", "weishi"),
    ("尉犁", "yuli"),
    ("重庆", "chongqing"),
    ("厦门", "xiamen"),
    ("句容", "jurong"),
    ("大埔", "dabu"),
    ("吴堡", "wubu"),
    ("略阳", "lueyang"),
    ("吕梁", "lvliang"),
    ("西安", "xian"),
]


@pytest.mark.parametrize(("short_zh", "expected"), READINGS, ids=[r[0] for r in READINGS])
def test_pinyin_readings(short_zh, expected):
    got = {r["pinyin"] for r in rows() if r["short_zh"] == short_zh}
    assert got == {expected}, (short_zh, got)


def test_override_table():
    header, table = _read("pinyin_overrides.csv")
    assert header == ["name_zh", "pinyin"]
    assert len(table) >= 40
    names = [r["name_zh"] for r in table]
    assert len(names) == len(set(names)), "duplicate override"
    shorts = {r["short_zh"] for r in rows()} | {r["name_zh"] for r in rows()}
    for r in table:
        key = r["pinyin"]
        assert key.isascii() and key.isalpha() and key == key.lower(), r
        assert r["name_zh"] in shorts, f"override for unknown name {r['name_zh']}"
        used = {g["pinyin"] for g in rows() if r["name_zh"] in (g["short_zh"], g["name_zh"])}
        assert used == {key}, (r, used)


@pytest.mark.parametrize(
    ("name_zh", "english"),
    [("容县", "Rong County"), ("莘县", "Shen County"), ("郏县", "Jia County"), ("泾县", "Jing County"),
     ("巨鹿县", "Julu County"), ("县城", None), ("西安市", "Xi'an"), ("井陉矿区", "Jingxing Mining District")],
)
def test_english_name_as_news_writes_it(name_zh: str, english: str | None) -> None:
    from extract.gazetteer import gazetteer

    codes = gazetteer().by_zh.get(name_zh, [])
    assert [gazetteer().by_code[c].english for c in codes] == ([english] if english else [])

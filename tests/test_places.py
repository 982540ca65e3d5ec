"""Places: admin names in both scripts, ambiguity resolved from context, zones, columns."""

from __future__ import annotations

import random
from dataclasses import fields

import pytest
import regex

from extract.gazetteer import gazetteer, is_pinyin_word
from extract.places import (
    _WORDS_BEFORE,
    PlaceHit,
    admin_columns,
    find_places,
    find_zones,
    home_place,
    refine,
    resolve,
    zone_key,
)
from extract.segment import split_sentences


def _resolved(text: str, lang: str = "en") -> dict[str, str]:
    hits = find_places(text, lang, split_sentences(text))
    res = resolve(hits)
    return {h.text: res[h] for h in hits if h.kind == "admin"}


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Julu County in Xingtai, Hebei province.", "Julu County", "130529"),
        ("Julu County in Xingtai, Hebei province.", "Hebei province", "130000"),
        ("Julu County in Xingtai, Hebei.", "Hebei", "130000"),  # not Tianjin's Hebei District
        ("The park in Jingxing hebei province opened.", "Jingxing", "130121"),
        ("Changzhi City held a ceremony.", "Changzhi City", "140400"),
        ("Shangdang District of Changzhi signed 12 projects.", "Shangdang District", "140404"),
        ("Shaanxi and Shanxi both grew.", "Shaanxi", "610000"),
        ("Shaanxi and Shanxi both grew.", "Shanxi", "140000"),
        ("In Hengdong County of Hengyang, Hunan.", "Hengdong County", "430424"),
        ("Tongzhou District, Beijing, started a project.", "Tongzhou District", "110112"),
        ("Tongzhou District of Nantong, Jiangsu, started a project.", "Tongzhou District", "320612"),
        ("Chaoyang District in Beijing.", "Chaoyang District", "110105"),
        ("Chaoyang County, Liaoning province.", "Chaoyang County", "211321"),
        ("Inner Mongolia approved it.", "Inner Mongolia", "150000"),
        # banners in their Mongolian forms (Xinhua's), and in pinyin
        ("It started in dalad banner of Ordos city, Inner Mongolia.", "dalad banner", "150621"),
        ("Ejin Horo Banner, Ordos, signed it.", "Ejin Horo Banner", "150627"),
        ("Dalate Banner of Ordos signed it.", "Dalate Banner", "150621"),
        # Xinhua's Mongolian forms; the pinyin one still finds the same banner
        ("The tomato project in Hanggin Rear Banner started.", "Hanggin Rear Banner", "150826"),
        ("The tomato project in Hangjinhou Banner started.", "Hangjinhou Banner", "150826"),
        ("It is in Horqin Left Middle Banner, Tongliao.", "Horqin Left Middle Banner", "150521"),
    ],
)
def test_english_places_resolve(text: str, name: str, code: str) -> None:
    assert _resolved(text)[name] == code


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        # a zone is named after its city or county, even one whose bare name is too short to count
        ("Projects in Wuhu Economic and Technological Development Zone accelerate.", "Wuhu", "340200"),
        ("Wuhu Economic Development Zone: three projects started.", "Wuhu", "340200"),
        ("The plant is in Yibin Lingang Economic Development Zone.", "Yibin", "511500"),
    ],
)
def test_the_first_word_of_an_english_zone_is_its_city(text: str, name: str, code: str) -> None:
    assert _resolved(text)[name] == code


def test_a_zone_without_a_place_word_adds_no_place() -> None:
    assert _resolved("The Economic Development Zone of the city and Haitian Industrial Park grew.") == {}


def _zh_hits(text: str) -> list[tuple[str, str, str]]:
    hits = find_places(text, "zh", split_sentences(text))
    res = resolve(hits)
    return [(h.text, h.rule, res[h]) for h in hits if h.kind == "admin"]


def test_a_county_named_in_full_is_also_meant_by_its_short_name() -> None:
    text = "射洪锂电产业项目建设提速。记者走进四川省遂宁市射洪市锂电产业园。射洪发展锂电产业已有30年。"
    shorts = [(t, code) for t, rule, code in _zh_hits(text) if rule == "zh.place.admin.short_of_named"]
    assert shorts == [("射洪", "510981"), ("射洪", "510981")]


@pytest.mark.parametrize(
    ("text", "shorts"),
    [
        ("曲靖市特色食品产业提档升级。宣威火腿产业园今年5月开工。", [("宣威", "530381")]),
        ("南充市重点项目推进。南部至阆中快速通道主线建成。", [("阆中", "511381")]),  # 南部: a common word
        ("南充市文旅项目推进。嘉陵江滨江文旅综合体开工。", []),  # a river named after 嘉陵区
        ("宣威火腿产业园今年5月开工。", []),  # its city is not named
        ("昆明市特色食品产业提档升级。宣威火腿产业园今年5月开工。", []),  # another city's county
    ],
)
def test_a_county_short_name_in_an_article_naming_its_city(
    text: str, shorts: list[tuple[str, str]]
) -> None:
    assert [(t, code) for t, rule, code in _zh_hits(text) if rule == "zh.place.admin.short_in_city"] == shorts


@pytest.mark.parametrize(
    ("text", "shorts"),
    [
        ("射洪锂电产业项目建设提速。", []),  # never named in full: the short name alone is no place
        ("和平区城建项目开工，和平发展是主题。", []),  # a blocked short name (SHORT_NAME_BLOCK)
        ("射洪市锂电产业园开工。射洪县城建设加快。", []),  # 射洪县 is a full name of its own
        ("射洪市锂电产业园开工。射洪锂电产业链延伸。", ["射洪"]),
    ],
)
def test_short_county_names_need_the_full_name_and_no_block(text: str, shorts: list[str]) -> None:
    assert [t for t, rule, _ in _zh_hits(text) if rule == "zh.place.admin.short_of_named"] == shorts


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("当天全县共有52个项目集中开工。", []),  # 当天 + 全县, not 天全县 (PLACE_NOT)
        ("四川省雅安市天全县项目开工。", ["四川省", "雅安市", "天全县"]),
    ],
)
def test_no_place_begins_inside_a_word(text: str, names: list[str]) -> None:
    assert [t for t, _, _ in _zh_hits(text)] == names


def test_ambiguous_without_context_keeps_only_certain_levels() -> None:
    resolved = _resolved("Tongzhou District started a project.")
    # both Tongzhou districts are known; with no province named nothing is certain
    assert resolved["Tongzhou District"] == ""


def test_bare_word_outside_the_article_province_is_dropped() -> None:
    resolved = _resolved("Hengyang, Hunan, opened Hengzhou Avenue.")
    assert resolved["Hengzhou"] == ""  # Hengzhou is in Guangxi: here it is a road


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("河北省邢台市巨鹿县经济开发区", "巨鹿县", "130529"),
        ("长治市上党区签约项目", "上党区", "140404"),
        ("邢台市南和区举行开工仪式", "南和区", "130506"),
        ("北京市通州区", "通州区", "110112"),
        ("江苏省南通市通州区", "通州区", "320612"),
        ("衡阳市衡东县", "衡东县", "430424"),
        ("山西晋中", "晋中", "140700"),
    ],
)
def test_chinese_places_resolve(text: str, name: str, code: str) -> None:
    assert _resolved(text, "zh")[name] == code


@pytest.mark.parametrize(
    ("text", "lang", "zone"),
    [
        ("located in the Economic Development Zone of Julu County", "en", "Economic Development Zone"),
        ("Binhai New Area has been selected.", "en", "Binhai New Area"),
        ("项目落户巨鹿县经济开发区。", "zh", "巨鹿县经济开发区"),
        ("位于衡阳高新区的项目", "zh", "衡阳高新区"),
    ],
)
def test_zones_are_found_as_written(text: str, lang: str, zone: str) -> None:
    hits = find_places(text, lang, split_sentences(text))
    assert zone in [h.text for h in hits if h.kind == "zone"]


@pytest.mark.parametrize(
    ("text", "not_zones"),
    [
        ("与此同时，园区基础设施建设也在加快推进。", {"此同时，园区", "同时，园区"}),
        ("文旅康养方面，灰汤镇温泉康养综合体项目同日开工。", {"面，灰汤镇", "方面，灰汤镇"}),
        ("据了解，今年宁乡市共安排市级重大项目210个。", {"今年宁乡", "年宁乡"}),
        ("信息来源：宁乡市发改局", {"来源：宁乡"}),
    ],
)
def test_zones_do_not_cross_punctuation_or_end_inside_admin_names(text: str, not_zones: set[str]) -> None:
    hits = find_places(text, "zh", split_sentences(text))
    assert not not_zones & {h.text for h in hits if h.kind in ("zone", "town")}


def test_home_place_prefers_the_lead_and_narrows_to_the_single_unit_inside() -> None:
    text = "Zhejiang Daily\nNews.\nIntro.\nShaoxing built a park. Shaoxing grew."
    sentences = split_sentences(text)
    hits = find_places(text, "en", sentences)
    home = home_place(hits, resolve(hits), sentences[2].end)
    assert home == "330600"


def test_home_place_of_a_tour_of_sibling_districts_is_their_city() -> None:
    text = ("Party secretary visited projects\n\nEditor: Qin  2025-05-14\n\n"
            "On May 12, the secretary led a team to Liujiang District, Luzhai County, Liunan District "
            "and Liubei District to investigate key projects.")
    sentences = split_sentences(text)
    hits = find_places(text, "en", sentences)
    assert home_place(hits, resolve(hits), sentences[-1].end) == "450200"  # Liuzhou


def test_home_place_of_a_city_and_one_district_named_once_each_is_the_district() -> None:
    text = "Headline\n\nNews.\n\nLiuzhou opened the Liujiang District park."
    sentences = split_sentences(text)
    hits = find_places(text, "en", sentences)
    assert home_place(hits, resolve(hits), sentences[-1].end) == "450206"


@pytest.mark.parametrize(
    ("body", "home"),
    [
        # the headline's city narrows to the one district its lead places the zone in
        ("通辽经济技术开发区位于内蒙古自治区通辽市科尔沁区南部。\n\n全年实施项目58个。", "150502"),
        # a district named once, after the lead, does not
        ("开发区是国家级经济技术开发区。\n\n全年实施项目58个。\n\n科尔沁区的冷链项目开工。", "150500"),
    ],
)
def test_a_city_narrows_to_its_one_district_named_in_the_lead(body: str, home: str) -> None:
    text = "通辽经济技术开发区2024年工作总结\n\n发布日期：2025/01/16\n\n" + body
    sentences = split_sentences(text)
    hits = find_places(text, "zh", sentences)
    assert home_place(hits, resolve(hits), sentences[2].end, sentences[0].end) == home


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("澜沧县城至惠民二级公路改扩建工程开工。", "530828"),  # not 沧县 of Hebei inside it
        ("宁洱县磨黑镇光伏电站项目开工。", "530821"),
        ("澜沧拉祜族自治县光伏项目开工。", "530828"),
        ("莫力达瓦旗大豆项目开工。", "150722"),
    ],
)
def test_an_autonomous_county_is_found_by_its_short_name_and_suffix(text: str, code: str) -> None:
    hits = [h for h in find_places(text, "zh", split_sentences(text)) if h.kind == "admin"]
    assert [resolve(hits)[h] for h in hits] == [code]


@pytest.mark.parametrize(("text", "places"), [
    ("建设地点：林州市姚村镇\n", [("林州市", "admin"), ("姚村镇", "town")]),
    ("威远镇班家湾村的青稞酒糟项目", [("威远镇", "town"), ("班家湾村", "village")]),
    ("The plant is in Xiaozhai village of Weiyuan town.", [("Xiaozhai village", "village"), ("Weiyuan town", "town")]),
])
def test_a_village_is_found_but_a_town_holding_its_word_is_a_town(text: str, places: list) -> None:
    found = [(h.text, h.kind) for h in find_places(text, "en" if text.isascii() else "zh", split_sentences(text))]
    assert [p for p in found if p[1] != "admin" or p in places] == places


def test_a_record_is_placed_in_the_town_above_its_village() -> None:
    from extract.pipeline import Options, extract_article
    from extract.records import Article

    text = "互助县乡村振兴\n\n在威远镇班家湾村，青稞酒糟综合利用饲料加工项目总投资1200万元，今年5月开工。"
    (project,) = extract_article(Article("a", "a.txt", text), Options(lang="zh", published="2025-09-01")).projects
    assert project.place == "威远镇"


@pytest.mark.parametrize(("text", "code", "not_code"), [
    ("The hotel project is in Weishan Yi and Hui Autonomous County of Dali, Yunnan.", "532927", "621227"),
    ("The plant is in Hui County of Longnan.", "621227", "532927"),
])
def test_a_people_before_autonomous_county_is_no_county(text: str, code: str, not_code: str) -> None:
    hits = find_places(text, "en", split_sentences(text))
    codes = set(resolve(hits).values())
    assert code in codes and not_code not in codes


def test_refine_keeps_the_more_specific_home_inside_a_named_unit() -> None:
    assert refine("130000", "130529") == "130529"  # Hebei named, home is Julu County
    assert refine("430000", "130529") == "430000"  # a different province wins
    assert refine("", "130529") == "130529"


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [
        ("130529", "en", {"province": "Hebei", "city": "Xingtai", "county": "Julu County",
                          "location": "julu, xingtai, hebei"}),
        ("130529", "zh", {"province": "河北省", "city": "邢台市", "county": "巨鹿县"}),
        ("140400", "en", {"province": "Shanxi", "city": "Changzhi", "county": ""}),
        ("110105", "en", {"province": "Beijing", "city": "Beijing", "county": "Chaoyang District"}),
        ("", "en", {"province": "", "city": "", "county": "", "adcode": ""}),
    ],
)
def test_admin_columns(code: str, lang: str, expected: dict[str, str]) -> None:
    cells = admin_columns(code, lang)
    assert {k: cells[k] for k in expected} == expected


def test_gazetteer_chain_runs_to_the_province() -> None:
    chain = gazetteer().chain("140404")
    assert [d.adcode for d in chain] == ["140404", "140400", "140000"]


def test_chinese_short_name_means_the_city_not_the_county() -> None:
    resolved = _resolved("湘潭经开区项目开工，湘潭县项目奠基。", "zh")
    assert resolved["湘潭"] == "430300" and resolved["湘潭县"] == "430321"


@pytest.mark.parametrize(
    ("word", "pinyin"),
    [("yonghe", True), ("mutouchengzi", True), ("shang'an", True), ("women", True),
     ("project", False), ("industrial", False), ("the", False), ("long", False)],
)
def test_pinyin_words(word: str, pinyin: bool) -> None:
    assert is_pinyin_word(word) is pinyin


@pytest.mark.parametrize(
    ("place", "lang", "key"),
    [("宋庄镇", "zh", "songzhuang"), ("Xiting Town", "en", "xiting"), ("长治市", "zh", "changzhi"),
     # place names' own readings of characters pypinyin reads otherwise (patterns/shared/pinyin_chars.csv)
     ("勒流街道", "zh", "leliu"), ("新圩镇", "zh", "xinxu"), ("还地桥镇", "zh", "huandiqiao"), ("都昌镇", "zh", "duchang"),
     # a town written without its suffix keeps both characters: 陈村 is no 陈 + 村
     ("陈村", "zh", "chencun"), ("姚村镇", "zh", "yaocun"), ("镇", "zh", "")],
)
def test_zone_keys(place: str, lang: str, key: str) -> None:
    assert zone_key(place, lang) == key


@pytest.mark.parametrize(
    ("text", "town", "key"),
    [("冬枣深加工项目在羊二庄回族镇建成投产", "羊二庄回族镇", "yangerzhuang"),
     ("项目位于长岭满族乡，", "长岭满族乡", "changling"),
     ("在红旗镇建设", "红旗镇", "hongqi"),
     ("项目位于勐仑傣族镇，", "勐仑傣族镇", "menglun"),
     ("位于芒宽彝族傣族乡的咖啡项目", "芒宽彝族傣族乡", "mangkuan")],
)
def test_ethnic_towns_keep_their_whole_name(text: str, town: str, key: str) -> None:
    (hit,) = find_zones(text, "zh")
    assert (hit.text, hit.kind, zone_key(hit.text, "zh")) == (town, "town", key)


@pytest.mark.parametrize(
    ("text", "town", "key"),
    [("The plant is in Dazhuang Hui Ethnic Township, Longde County.", "Dazhuang Hui Ethnic Township", "dazhuang"),
     ("located in Menglun Dai Ethnic Town of Mengla County", "Menglun Dai Ethnic Town", "menglun"),
     ("In Xinhua Miao Ethnic Township, a tea base", "Xinhua Miao Ethnic Township", "xinhua")],
)
def test_english_ethnic_towns_are_named_before_the_group(text: str, town: str, key: str) -> None:
    (hit,) = [h for h in find_zones(text, "en") if h.kind == "town"]
    assert (hit.text, zone_key(hit.text, "en")) == (town, key)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("艾草康养文旅小镇项目总投资8亿元。", "zh"), ("The ginger health tourism town project started.", "en"),
     ("波密县城乡供水保障工程总投资9800万元。", "zh")],
)
def test_a_tourism_town_is_a_project_not_a_town(text: str, lang: str) -> None:
    assert [h.text for h in find_zones(text, lang) if h.kind == "town"] == []


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        ("The park is located in Niushan Subdistrict, Donghai County.", ["Niushan Subdistrict"]),
        ("The park is located in Xinpu Sub-district of Haizhou District.", ["Xinpu Sub-district"]),
        ("The Chaoyang Street east extension project in Linwei District broke ground.", []),  # a road
    ],
)
def test_a_subdistrict_is_a_town_and_a_street_is_not(text: str, towns: list[str]) -> None:
    assert [h.text for h in find_zones(text, "en") if h.kind == "town"] == towns


def test_lowercase_pinyin_town_and_county_in_machine_translation() -> None:
    text = "Guangdong province news. In yonghe town of huidong the shoe park started."
    hits = find_places(text, "en", split_sentences(text))
    assert "yonghe town" in [h.text for h in hits if h.kind == "town"]
    assert "441323" in {resolve(hits)[h] for h in hits if h.kind == "admin"}


def test_words_before_a_zone_suffix_are_found_backwards_as_forwards() -> None:
    """The (?r) search of the words before a suffix returns the forward search's match."""
    forward = regex.compile(_WORDS_BEFORE.pattern.removeprefix("(?r)"))
    rnd = random.Random(7)
    texts = ["in the Xiong'an New Area ", "9ab cd ", "x  Liyun-2 Jiangsu’s ", "é a\tB\n", " 12 ", ""]
    texts += ["".join(rnd.choice("aZ9_'’- \t\né.,") for _ in range(rnd.randint(0, 24))) for _ in range(3000)]
    for text in texts:
        for start in {0, len(text) // 3}:
            expected = forward.search(text, start, len(text))
            found = _WORDS_BEFORE.search(text, start, len(text))
            assert (found and found.span()) == (expected and expected.span()), (text, start)


def test_find_places_copies_every_field_of_a_hit() -> None:
    """find_places builds each located hit field by field: a new field must be added there."""
    assert [f.name for f in fields(PlaceHit)] == ["start", "end", "text", "candidates", "rule", "kind", "sentence"]


@pytest.mark.parametrize(
    ("text", "town", "key"),
    [
        ("高标准农田建设项目覆盖稼依镇8个村。", "稼依镇", "jiayi"),  # a verb before the town is no part of it
        ("项目位于壶镇镇工业园。", "壶镇镇", "huzhen"),  # the town named 壶镇
        ("项目位于姚村镇。", "姚村镇", "yaocun"),
        ("7｜雪梨冷链物流园项目｜8600｜文昌镇｜2026年7月", "文昌镇", "wenchang"),  # a table's bar is no part
    ],
)
def test_chinese_towns_are_cut_at_a_verb_and_keep_a_doubled_suffix(text: str, town: str, key: str) -> None:
    (found,) = [h.text for h in find_zones(text, "zh") if h.kind == "town"]
    assert (found, zone_key(found, "zh")) == (town, key)


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        ("项目位于丹东街道，总投资1亿元。", ["丹东街道"]),  # named like a city: no city's suffix alone
        ("象山县丹东街道卫生院项目", ["丹东街道"]),  # after the county, still the whole name
        ("莒县东莞镇的项目", ["东莞镇"]),
        ("宁乡市金洲镇新材料项目", ["金洲镇"]),  # a town starts after its county
        ("位于宜兴市高塍镇的工业园", ["高塍镇"]),
        # a stop letter inside a town the town table holds
        ("项目位于和桥镇，总投资7.8亿元。", ["和桥镇"]),
        ("在太和镇和于家庄镇分别建设", ["太和镇", "于家庄镇"]),
        ("宜兴市和桥镇生物基材料项目", ["和桥镇"]),
        ("向阳街道社区服务中心项目", ["向阳街道"]),
        ("天等镇农贸市场项目", ["天等镇"]),
        # 等 closing a list of towns
        ("官林、高塍、和桥等镇投资完成率均超过90%", []),
        ("覆盖城区和村镇的供水工程", []),  # 和 + 村镇 (towns and villages), though 和村镇 is a town
    ],
)
def test_a_chinese_town_keeps_its_whole_name(text: str, towns: list[str]) -> None:
    found = [h.text for h in find_places(text, "zh", split_sentences(text)) if h.kind == "town"]
    assert found == towns


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        # a town of a county the article names, without its suffix, heading a line
        ("顺德区项目进展\n\n容桂：智能工厂已实现满产\n\n【北滘】美辰项目开工\n", ["容桂", "北滘"]),
        ("宜兴市环保项目\n\n【和桥】生物基材料项目通过竣工验收\n", ["和桥"]),
        # a town of a county the article does not name, or a name inside a line, is none
        ("宜兴市环保项目\n\n容桂：智能工厂已实现满产\n", []),
        ("顺德区项目进展\n\n今年容桂智能工厂已实现满产\n", []),
        # 乡村 and 乡镇 are words, no township; 各镇 and 服装名镇 are no towns
        ("顺德区建设数字乡村大数据中心项目", []),
        ("顺德区各镇街重大项目，打造服装名镇", []),
    ],
)
def test_bare_towns_heading_a_line_and_words_that_are_no_towns(text: str, towns: list[str]) -> None:
    found = [h.text for h in find_places(text, "zh", split_sentences(text)) if h.kind == "town"]
    assert found == towns

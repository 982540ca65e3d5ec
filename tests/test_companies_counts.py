"""Companies (suffixes and known names) and batch statements (project counts)."""

from __future__ import annotations

import random

import pytest
import regex

from extract.companies import _EN_WORD, find_companies, other_party
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
        # a place in brackets inside the name
        ("The blade plant of Zhongneng Blade (Jiuquan) Co., Ltd. in Jinta County",
         ["Zhongneng Blade (Jiuquan) Co., Ltd."]),
        ("The investor, Ningbo Beilun Hengtai Precision Die Casting (Hong Kong) Co., Ltd., plans to build it.",
         ["Ningbo Beilun Hengtai Precision Die Casting (Hong Kong) Co., Ltd."]),
        ("The plant (built in 2020) of Hebei Xinda Co., Ltd.", ["Hebei Xinda Co., Ltd."]),
        ("From overseas, Sinoway Precision (Singapore) Pte. Ltd. signed a bearing project.",
         ["Sinoway Precision (Singapore) Pte. Ltd."]),
        ("Meridian Robotics Pte Ltd will invest.", ["Meridian Robotics Pte Ltd"]),
        ("The plant is run by Guilin Huaxiang Biotechnology Group Co Ltd, which said so.",
         ["Guilin Huaxiang Biotechnology Group Co Ltd"]),
        # foreign legal forms, and China Daily's bare "Co"
        ("Investor: Hollmann Antriebstechnik GmbH (Germany).", ["Hollmann Antriebstechnik GmbH"]),
        ("Siemens AG and Nidec K.K. signed.", ["Siemens AG", "Nidec K.K."]),
        ("The group's logistics arm, Guilin Huaxiang Cold Chain Logistics Co, will build a hub.",
         ["Guilin Huaxiang Cold Chain Logistics Co"]),
        ("The Co will build it. The AG of the city spoke.", []),
        # a defined term is no second company
        ('It will set up Tonghua Changsheng Biopharmaceutical Co., Ltd. (the "Project Company") to run it.',
         ["Tonghua Changsheng Biopharmaceutical Co., Ltd."]),
        # a bilingual page glosses the name in Chinese: one company, not two
        ("It is invested by Baoshan Ruikang Coffee Co., Ltd. (保山瑞康咖啡有限公司), with RMB 1 billion.",
         ["Baoshan Ruikang Coffee Co., Ltd."]),
        ("built by Longling County Urban Construction Investment Co., Ltd.（龙陵县城市建设投资有限公司）",
         ["Longling County Urban Construction Investment Co., Ltd."]),
        ("The park (龙陵黄龙玉产业园有限公司 runs it) opened.", ["龙陵黄龙玉产业园有限公司"]),
        # a phase's numeral before "of" is no part of the name
        ("the integration project phase I of Chongqing Yunhe New Materials Co., Ltd. broke ground",
         ["Chongqing Yunhe New Materials Co., Ltd."]),
        ("Phase II of Hebei Xinda Co., Ltd. started.", ["Hebei Xinda Co., Ltd."]),
        # another party and "and" before the company: two parties signed
        ("Dianshanhu Town and Jiangsu Huxi Cultural Tourism Investment Co., Ltd. signed the resort project.",
         ["Jiangsu Huxi Cultural Tourism Investment Co., Ltd."]),
        ("The Management Committee and Hebei Xinda Co., Ltd. signed.", ["Hebei Xinda Co., Ltd."]),
        ("Shanghai Science and Technology Development Co., Ltd. signed.",
         ["Shanghai Science and Technology Development Co., Ltd."]),
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
        # a company described, not named (COMPANY_GENERIC)
        ("项目由县城投公司代建，明年底建成。", []),
        ("该项目由开发区国有平台公司代建，总投资5亿元。", []),
        ("该项目由高新区城投集团有限公司建设。", []),
        ("游客中心提升工程由县文旅集团实施。", []),
        ("由仙居县文旅集团有限公司投资。", ["仙居县文旅集团有限公司"]),
        ("浦江水晶产业园改造提升工程由县国资公司实施。", []),
        ("项目公司注册资本2亿元。", []),
        ("延津县城市建设投资有限公司负责建设。", ["延津县城市建设投资有限公司"]),
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
        ("项目和山西华能有限公司签约", ["山西华能有限公司"]),
        ("该项目由安康高新产业发展投资（集团）有限公司投资5.5亿元建设。", ["安康高新产业发展投资（集团）有限公司"]),
        # a place name holding a stop letter (都 of 都匀) does not cut the name
        ("标准化厂房三期项目由都匀经开区产业投资发展有限公司建设。", ["都匀经开区产业投资发展有限公司"]),
        ("项目都由山西华能有限公司建设。", ["山西华能有限公司"]),
        # 和 after a place and one character is the brand's own (COMPANY_BRAND_JOINER)
        ("建设单位为山西沁和燃气储运有限公司。", ["山西沁和燃气储运有限公司"]),
        ("由晋城市嘉和置业有限公司和山西恒泰有限公司共同投资。", ["晋城市嘉和置业有限公司", "山西恒泰有限公司"]),
        ("为浙江吉利控股集团有限公司配套", ["浙江吉利控股集团有限公司"]),
        # a visit's verb opens no name
        ("随后，调研组来到石首市，察看湖北石首康瑞制药有限公司原料药项目。", ["湖北石首康瑞制药有限公司"]),
        ("代表们考察了安徽鑫达纺织有限公司。", ["安徽鑫达纺织有限公司"]),
        # a bracket before a name is no part of it; a short name after 简称 starts after it
        ("项目业主（保山瑞康咖啡有限公司）已进场。", ["保山瑞康咖啡有限公司"]),
        ("由保山瑞康咖啡有限公司（以下简称瑞康公司）投资", ["保山瑞康咖啡有限公司", "瑞康公司"]),
        ("由福建恒达（中国）有限公司（下称恒达公司）投资", ["福建恒达（中国）有限公司", "恒达公司"]),
        # a date word right before the suffix: the company spoken of, no name
        ("去年集团销售收入12.6亿元，纳税8600万元。", []),
        # a named cooperative is a company; one described is none
        ("由班家湾村股份经济合作社实施的青稞酒糟综合利用饲料加工项目", ["班家湾村股份经济合作社"]),
        ("当地农民专业合作社参与种植，村股份经济合作社分红。", []),
        # a company described, not named
        ("项目由苏州一家上市公司投资建设。", []),
        ("由深圳一家新能源龙头企业投资的储能项目", []),
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
        # a capacity or a herd is no count of projects
        ("The 100 MW agricultural-photovoltaic complementary project started.", []),
        ("The 20,000 heads beef cattle breeding project was signed.", []),
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
        ("总投资3.6个亿……项目去年11月开工。", []),  # the 6 of 3.6个亿 counts nothing
        ("共有5个……项目正在建设。", []),
        ("9月26日举行的全市第三季度“三个一批”项目建设活动中，签约项目45个。", [45]),  # a slogan
        ("“十四五”期间实施“五个一百”项目。", []),
        ("全年实施省市重点工程312项，总投资2860亿元。", [312]),  # works counted like projects
        # the sections and workshops of one project are no count of projects (COUNT_PART_AFTER)
        ("该工程3个标段同步施工。", []),
        ("第5项储源科技项目仅用7个月即实现投产。", []),  # an item's number, no count
        ("对连续两个月排名靠后的项目责任单位进行约谈。", []),  # months, no count (NOT_A_COUNT_AFTER)
        ("该项目2个厂房已封顶。", []),
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
     ("Yan Xiangxiang annual output of glass project", None),
     ("CATL battery plant project", "CATL"),
     ("BIOPHARMACEUTICAL PRODUCTION BASE", None)],
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


def _companies_by_project(text: str, lang: str) -> dict[str, str]:
    result = extract_article(Article("a", "a.txt", text), Options(lang=lang, published="2024-03-14"))
    return {p.project_name: p.company for p in result.projects if p.kind == "project"}


_HAIXIN = "Fujian Haixin Petrochemical Group Co., Ltd."
_YUNSHAN = "宁夏云杉数据科技有限公司"


@pytest.mark.parametrize(
    ("lang", "text", "name", "company"),
    [
        ("zh", "广东华禧厨电科技有限公司（以下简称“华禧厨电”），年产300万台高端热水器智能工厂项目，总投资12.6亿元。",
         "年产300万台高端热水器智能工厂项目", "广东华禧厨电科技有限公司"),
        ("zh", "广东华禧厨电科技有限公司，（下称华禧厨电），年产300万台高端热水器智能工厂项目总投资12.6亿元。",
         "年产300万台高端热水器智能工厂项目", "广东华禧厨电科技有限公司"),
        ("en", 'Hebei Xinda Co., Ltd. (hereinafter referred to as "Xinda"), its textile project started in May, '
               "with 510 million yuan.", "textile project", "Hebei Xinda Co., Ltd."),
    ],
)
def test_a_company_s_alias_before_a_name_keeps_them_together(lang: str, text: str, name: str, company: str) -> None:
    assert _companies_by_project(text, lang).get(name) == company


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the headline names one company whose brand the body repeats: its projects are its own
        ("en", "Haixin Group three projects in gulei racing against time\n\n"
               f'{_HAIXIN} (hereinafter referred to as "Haixin Group") has three projects here.\n\n'
               "The first is the propane dehydrogenation project, total investment RMB 8.6 billion.\n\n"
               "The second is the polypropylene new material project, investment 3.2 billion yuan.\n\n"
               "Fujian Runfeng Plastics Co., Ltd. signed an ABS modified plastics project.",
         {"propane dehydrogenation project": _HAIXIN, "polypropylene new material project": _HAIXIN,
          "ABS modified plastics project": "Fujian Runfeng Plastics Co., Ltd."}),
        ("zh", "一家企业四个项目：云杉数据在中卫“加速跑”\n\n"
               f"12月6日，{_YUNSHAN}与中卫市人民政府签约云杉智算中心项目。\n\n"
               "云杉中卫数据中心二期总投资35亿元，今年3月开工。\n\n"
               "云杉数据还在中宁县配套建设了200兆瓦光伏电站，投资8.5亿元。\n\n"
               "宁夏海风新能源有限公司在海原县建设的50万千瓦风电项目总投资31亿元。",
         {"云杉智算中心项目": _YUNSHAN, "云杉中卫数据中心二期": _YUNSHAN, "200兆瓦光伏电站": _YUNSHAN,
          "50万千瓦风电项目": "宁夏海风新能源有限公司"}),
        # the brand only once in the body: not what the article is about
        ("en", "Haixin Group and the city sign a strategic agreement\n\n"
               f"{_HAIXIN} signed the agreement.\n\n"
               "The polypropylene new material project has an investment of 3.2 billion yuan.",
         {"polypropylene new material project": ""}),
        # the headline names no company
        ("zh", "中卫市一季度重点项目集中开工\n\n"
               f"{_YUNSHAN}负责人介绍了云杉数据的发展。\n\n"
               "云杉数据表示，中卫数据中心二期总投资35亿元，今年3月开工。\n\n"
               "沙坡头区冷链物流园项目总投资5亿元，今年3月开工。",
         {"沙坡头区冷链物流园项目": ""}),
        # an enterprise visit: the headline names no company, the body names its brand again and again
        ("en", "From selling ore to selling materials: a magnesium enterprise's road\n\n"
               "Walking into Yingkou Haiyue Magnesium Industry Co., Ltd., trucks line up. Haiyue was founded "
               "in 2008. Haiyue sold ore for years.\n\n"
               "Phase II of the fused magnesia project will invest 780 million yuan. Haiyue is also laying "
               "out new tracks. The magnesium hydride pilot line started trial operation.\n\n"
               "The company set up a subsidiary, Dashiqiao Haiyue Refractory Technology Co., Ltd. "
               "The subsidiary signed an agreement on a refractory materials smart factory. "
               "Enterprises like Haiyue are moving up the chain.",
         {"Phase II of the fused magnesia project": "Yingkou Haiyue Magnesium Industry Co., Ltd.",
          "magnesium hydride pilot line": "Yingkou Haiyue Magnesium Industry Co., Ltd.",
          "refractory materials smart factory": "Dashiqiao Haiyue Refractory Technology Co., Ltd."}),
        # a brand that is the company's home place, or a generic word, stands for no company
        ("en", "Hami: coal projects speed up\n\n"
               "Hami Tianrun Coal Chemical Co., Ltd. started its project in Hami.\n\n"
               "The coal tar deep processing project in yizhou district, with an investment of 2.25 "
               "billion yuan, was completed in June. Hami has 127 projects.",
         {"coal tar deep processing project": ""}),
        # a brand the article also writes as a place (次坞镇) is the town's, however often repeated
        ("zh", "诸暨市重大项目集中开工\n\n次坞镇设分会场。次坞镇工业功能区内，光伏组件项目开工。次坞镇还有项目。"
               "诸暨市次坞食品有限公司年产2万吨次坞打面预制菜项目总投资1.2亿元。次坞镇共开工3个项目。\n\n"
               "城东污水处理厂扩建工程总投资3.1亿元。",
         {"城东污水处理厂扩建工程": ""}),
        ("zh", "中国能建在中卫的项目加速推进\n\n"
               "中国能源建设集团宁夏电力设计院有限公司参与设计。中国能建表示，中国西部项目多。\n\n"
               "沙坡头区冷链物流园项目总投资5亿元，今年3月开工。",
         {"沙坡头区冷链物流园项目": ""}),
    ],
)
def test_company_an_article_is_about(lang: str, text: str, expected: dict[str, str]) -> None:
    found = _companies_by_project(text, lang)
    assert {name: found.get(name) for name in expected} == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("zh", "在宿城区，江苏宿电智能科技有限公司投资的宿迁智能家电产业园一期投资12亿元，3月份竣工。"
               "该公司计划今年10月开工建设宿迁智能家电产业园二期，投资8亿元。",
         {"宿迁智能家电产业园二期": "江苏宿电智能科技有限公司"}),
        ("zh", "王建华调研了湖北荆膜新材料科技有限公司锂电池隔膜项目。该项目分两期建设，锂电池隔膜项目一期总投资"
               "10亿元，已于4月竣工投产；锂电池隔膜项目二期总投资15亿元，计划年内开工。",
         {"锂电池隔膜项目二期": "湖北荆膜新材料科技有限公司"}),
        ("zh", "“我们8月初搬进来。”吉林瑞驰汽车电子有限公司负责人告诉记者。"
               "该公司投资2.3亿元建设的车载智能座舱控制器生产线项目是一期首个投产项目。",
         {"车载智能座舱控制器生产线项目": "吉林瑞驰汽车电子有限公司"}),
        ("en", "Hebei Xinda Co., Ltd. moved in last year. The company invested 230 million yuan "
               "to build the smart cockpit controller production line project.",
         {"smart cockpit controller production line project": "Hebei Xinda Co., Ltd."}),
        ("en", "Hainan Lufeng Agricultural Co., Ltd. is a leading enterprise of the county.Its tropical fruit "
               "cold chain processing center, with investment of RMB 320 million, was commissioned in January.",
         {"tropical fruit cold chain processing center": "Hainan Lufeng Agricultural Co., Ltd."}),
        # the company the words refer to is the one named last before them
        ("zh", "甲方为河北新时代纺织科技有限公司，乙方为山西潞丰焦化有限公司。"
               "该公司计划今年10月开工建设干熄焦节能改造项目。",
         {"干熄焦节能改造项目": "山西潞丰焦化有限公司"}),
        # too far back: three sentences between the company and the words
        ("zh", "河北新时代纺织科技有限公司去年落户。园区道路已建成。厂房已封顶。设备已进场。"
               "该公司计划今年10月开工建设高端纺织品项目。",
         {"高端纺织品项目": ""}),
        # the words come after the project's name: they say nothing of it
        ("en", "Hebei Xinda Co., Ltd. moved in last year. The textile project started in March, "
               "and the company hired 300 workers.",
         {"textile project": ""}),
    ],
)
def test_the_company_words_refer_back(lang: str, text: str, expected: dict[str, str]) -> None:
    found = _companies_by_project(text, lang)
    assert {name: found.get(name) for name in expected} == expected


def test_a_company_tied_from_afar_keeps_its_provenance() -> None:
    text = ("江苏宿电智能科技有限公司投资的宿迁智能家电产业园一期投资12亿元。"
            "该公司计划今年10月开工建设宿迁智能家电产业园二期。")
    result = extract_article(Article("a", "a.txt", text), Options(lang="zh", published="2024-03-14"))
    (tied,) = [m for m in result.mentions if m.field == "company" and m.rule.endswith("该公司")]
    assert text[tied.start : tied.end] == "江苏宿电智能科技有限公司"
    assert tied.project_key and "二期" in tied.project_key


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The Guazhou 1 GW wind power project of Gansu Xinfeng Wind Power Co., Ltd. was connected "
               "to the grid. He said the Guazhou wind power phase II project is expected to start next year.",
         {"Guazhou wind power phase II project": "Gansu Xinfeng Wind Power Co., Ltd."}),
        ("zh", "江苏宿电智能科技有限公司投资的宿迁智能家电产业园一期投资12亿元，3月份竣工。"
               "园区内，宿迁智能家电产业园二期计划今年10月开工。",
         {"宿迁智能家电产业园二期": "江苏宿电智能科技有限公司"}),
        ("zh", "王建华调研了湖北荆膜新材料科技有限公司锂电池隔膜项目。该项目分两期建设，锂电池隔膜项目一期总投资"
               "10亿元，已于4月竣工投产；锂电池隔膜项目二期总投资15亿元，计划年内开工。",
         {"锂电池隔膜项目二期": "湖北荆膜新材料科技有限公司"}),
        # a phase of another project: nothing to inherit
        ("en", "The Guazhou 1 GW wind power project of Gansu Xinfeng Wind Power Co., Ltd. was connected "
               "to the grid. The Yumen solar park phase II project is expected to start next year.",
         {"Yumen solar park phase II project": ""}),
        # two earlier projects of different companies: no telling which
        ("en", "The Guazhou 1 GW wind power project of Gansu Xinfeng Wind Power Co., Ltd. was connected to "
               "the grid. The Guazhou 2 GW wind power project of Hebei Xinda Co., Ltd. started. The Guazhou "
               "wind power phase II project is expected to start next year.",
         {"Guazhou wind power phase II project": ""}),
    ],
)
def test_a_later_phase_is_built_by_the_company_of_the_first(
    lang: str, text: str, expected: dict[str, str]
) -> None:
    found = _companies_by_project(text, lang)
    assert {name: found.get(name) for name in expected} == expected


def test_the_backward_word_search_finds_what_a_forward_one_finds() -> None:
    """_EN_WORD searches backwards; a forward search of the same pattern starts where it does."""
    forward = regex.compile(_EN_WORD.pattern.removeprefix("(?r)"))
    rnd = random.Random(7)
    alphabet = "aAnd of&Xy.Z'’-_ \n\t1é()"
    windows = ["Hebei Xinda ", "Blade (Jiuquan) ", "(Jiuquan)", "Casting (Hong Kong) ", "the Island and ", "McDonald", "Intro.\nHebei ", "x of", "A", ""]
    windows += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(20000)]
    for window in windows:
        back, ahead = _EN_WORD.search(window), forward.search(window)
        assert (back and back.start()) == (ahead and ahead.start()), repr(window)


@pytest.mark.parametrize(("lang", "text", "others"), [
    ("zh", "建设单位：宁夏金积锂材科技有限公司\n环境影响评价机构：宁夏绿环环境工程咨询有限公司\n",
     ["宁夏绿环环境工程咨询有限公司"]),
    ("zh", "施工单位：中铁十局集团有限公司", ["中铁十局集团有限公司"]),
    ("en", "Investor: Jilin Hengda Co., Ltd. Contractor: China Railway Tenth Bureau Group Co., Ltd.",
     ["China Railway Tenth Bureau Group Co., Ltd."]),
])
def test_a_company_in_another_part_than_investor_is_an_other_party(lang: str, text: str, others: list[str]) -> None:
    found = find_companies(text, split_sentences(text), lang)
    assert [c.text for c in found if other_party(text, c)] == others

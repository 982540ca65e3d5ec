"""Project names from head words, English and Chinese; back-references; generic phrases."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jieba
import pytest
import regex
from casetables import load_cases

from extract import names
from extract.names import clean_name, find_project_names, longest_spans
from extract.records import Mention, Sentence
from extract.segment import split_sentences


def _names(text: str, lang: str) -> list[str]:
    found = find_project_names(text, split_sentences(text), lang, [])
    return [m.value for m in found if m.field == "project_name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The solid-state lithium battery project started in March.",
         ["solid-state lithium battery project"]),
        ("The single screw project started in March and was completed in October.",
         ["single screw project"]),
        ("In September, the construction of rural revitalization industrial park will be completed.",
         ["rural revitalization industrial park"]),
        ("Weiyin Logistics project will be completed in October.", ["Weiyin Logistics project"]),
        ("The annual output of 1 million tons of soda ash production base of Xiangheng Salt "
         "Chemical Co., LTD. was signed.", ["annual output of 1 million tons of soda ash production base"]),
        ("The advanced environmental protection equipment industrial park project of Hebei "
         "Liangshan Co., Ltd. has a total investment of 510 million yuan.",
         ["advanced environmental protection equipment industrial park project"]),
        ("The railway-rail multimodal transport reform (expansion) project will complete by May.",
         ["railway-rail multimodal transport reform (expansion) project"]),
        ("Hengyang International logistics port phase one was started.",
         ["Hengyang International logistics port phase one"]),
        ("The mobile 5G cloud data center was introduced.", ["mobile 5G cloud data center"]),
        ("The 300,000-ton rice deep processing line of Hubei Shayang Grain Co., Ltd. was put into "
         "production.", ["300,000-ton rice deep processing line"]),
        ("The Dafeng H8-2 offshore wind farm will be connected to the grid.", ["Dafeng H8-2 offshore wind farm"]),
        ("The 5,000 tons sauce-flavor liquor technical transformation of Guizhou Renhuai Liquor Co., Ltd. "
         "started.", ["5,000 tons sauce-flavor liquor technical transformation"]),
        ("Huichuan district started the huichuan-gaoping connecting road, total investment 1.2 billion yuan.",
         ["huichuan-gaoping connecting road"]),
        ("We will promote technical transformation of enterprises.", []),
        ("The new energy vehicle parts project and the Jinlong Copper smelter were signed.",
         ["new energy vehicle parts project", "Jinlong Copper smelter"]),
        # generic or modifier uses are not names
        ("We will speed up project construction and key projects.", []),
        ("The daily summary project construction schedule is published.", []),
        ("It shows the consciousness of project is king.", []),
        ("The construction of the three contracted projects in Liyun Industrial Park started.", []),
        # a venue, though "and" cuts its proper name
        ("The signing ceremony was held in Yulin International Convention and Exhibition Center.", []),
        ("In Yulin Hi-tech Industrial Park, the guests watched a video.", []),
        ("The Yulin International Exhibition Center project started.",
         ["Yulin International Exhibition Center project"]),
        ("A number of major projects should be put into operation.", []),
        # a later phase's own name
        ("Phase II of the 50,000-ton magnesia project will invest 780 million yuan.",
         ["Phase II of the 50,000-ton magnesia project"]),
        ("The second phase of the Lanshan cold chain logistics park started.",
         ["second phase of the Lanshan cold chain logistics park"]),
        ("The hydrogen storage material pilot line started trial operation.",
         ["hydrogen storage material pilot line"]),
        # a description of a project named before
        ("The bearing project, which is the largest foreign-funded manufacturing project of the city, "
         "was signed.", ["bearing project"]),
        ("It is the biggest new energy project in the county.", []),
        # what its subject is (DESCRIPTIVE_BEFORE), not a project's name
        ("Wenxi is an important magnesium production base in China.", []),
        ("The plant is a county government investment project with no enterprise.", []),
        ("Zhuzhou has become one of the national rail transit equipment bases.", []),
        # an inverted sentence still names its project
        ("Also signed at the conference was an auto parts die-casting project with US$30 million.",
         ["auto parts die-casting project"]),
        # generic words alone name nothing
        ("The county government investment project was signed in May.", []),
        # a visit's signals: construction site, under construction, inspected
        ("Walking into the construction site of the rail transit traction motor industrial park in "
         "Yongji City, the scene is busy.", ["rail transit traction motor industrial park"]),
        ("The secretary inspected the industrial wastewater treatment plant.",
         ["industrial wastewater treatment plant"]),
        ("Also inked at the conference was the smart textile industrial park in Qin'an County.",
         ["smart textile industrial park"]),
        # a road's extension
        ("The east extension of Yuhe North Road started construction on April 2.",
         ["east extension of Yuhe North Road"]),
        # a conversion keeps its "to" (NAME_TO_PRODUCT right before the head); other "to" ends a name
        ("In Hejin City, the coke oven gas to LNG project of Shanxi Jinyao Co., Ltd. started.",
         ["coke oven gas to LNG project"]),
        ("The city will build a waste to energy project with 1 billion yuan.", ["waste to energy project"]),
        ("The group decided to build the coal to olefins project.", ["coal to olefins project"]),
        ("The straw to biogas power station was completed in May.", ["straw to biogas power station"]),
        ("Funds were used to energy storage project construction.", []),
        ("Funds were used to hydrogen project construction.", []),
        ("The company plans to expand the gas to power project.", ["gas to power project"]),
        ("It is expected to LNG project for the city.", ["LNG project"]),
        # a berth is a project; a plant whose building is only studied is none
        ("At Yangkou Port, the 5,000-ton liquid chemical berth entered trial operation on May 20.",
         ["5,000-ton liquid chemical berth"]),
        ("The group is studying the possibility of building a bromine extraction plant in Jordan.", []),
        ("It began to supply water to the urban water plant of the county in mid-July.", []),
        # a plan or a campaign named after a head (HEAD_BLOCK_NEXT)
        ("We will carry out the Hainan Prefecture Clean Energy Base Development Plan (2025-2030).", []),
        ("The city will take the Golden Autumn Project Competition as the starting point.", []),
        ('In April, the "Tengyue Industrial Workers Training Base" was unveiled at the college.', []),
        # slogans and campaigns name no project
        ('Change "project waits for approval" into "approval chases project" in the first quarter project '
         "observation.", []),
        ('The city regarded investment attraction as the "number one project" for economic work.', []),
        # a route named by its ends keeps its "to"; a head before "ratio" names nothing
        ("The Zhen'an to Zhashui expressway is 62.4 km long, bridge and tunnel ratio 78.6%.",
         ["Zhen'an to Zhashui expressway"]),
        ("The Yungaisi to Muwang tourism highway in Zhen'an is 38 km.", ["Yungaisi to Muwang tourism highway"]),
        ("The park is 60 km from Yinchuan Hedong International Airport.", []),
        ("Key Projects\n1. 60,000 tons/year high-purity silicon carbide material project\nInvestor: Ningxia Xingjing Co., Ltd.",
         ["60,000 tons/year high-purity silicon carbide material project"]),
        # a project is never a place: "in the X project" names it; a park after "in" is a site
        ("Qinfeng will invest 2 billion yuan in the new graphite anode project.", ["new graphite anode project"]),
        ("The group invested in the coking technical transformation last year.", ["coking technical transformation"]),
        ("The signing was held in the Liyun Industrial Park.", []),
        ("At present production line debugging is going well.", []),
        # a quoted slogan heading a mechanism is no project
        ('They will continue implement the "leader contact project" mechanism.', []),
        # a headline's verb ends a name
        ("China's border city of Dongxing expands trade processing park as ASEAN imports climb", []),
        # an idle (vacant, abandoned) building is described, not named
        ("The company rented an idle factory building in the town.", []),
        ("A vacant plant was turned into a workshop.", []),
    ],
)
def test_english_names(text: str, expected: list[str]) -> None:
    assert _names(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("总投资5亿元的年产10万吨锂电池正极材料项目3月开工。", ["年产10万吨锂电池正极材料项目"]),
        ("河北新时代纺织科技有限公司投资建设的高端纺织品生产线项目正式投产。", ["高端纺织品生产线项目"]),
        ("中南高科晋中产业园项目举行开工仪式。", ["中南高科晋中产业园项目"]),
        ("衡阳国际物流港一期项目于去年10月签约。", ["衡阳国际物流港一期项目"]),
        ("全市重点项目加快推进，签约项目32个。", []),
        ("该项目建成后年产值可达10亿元。", []),
        # three specific characters before the head make a name; two do not (ZH_MIN_MODIFIER)
        ("5月6日，该县签约纸制品项目（3亿元）和轴承项目（5亿元）。", ["纸制品项目"]),
        ("主场项目开工。", []),
        ("4月11日上午，项城市重点项目集中签约仪式举行。", []),  # jieba's 项|城市 still spells a place
        ("项城市新能源汽车零部件产业园项目开工。", ["项城市新能源汽车零部件产业园项目"]),
        ("化工项目投资增长。", []),
        # a verb that opens a compound modifier stays (KEEP_LEADING): 预制菜, 集成电路, 迁建
        ("浦北县签约的预制菜加工项目总投资约1.8亿元。", ["预制菜加工项目"]),
        ("集成电路封装测试项目落户高新区。", ["集成电路封装测试项目"]),
        ("县人民医院迁建项目开工。", ["县人民医院迁建项目"]),
        # ordinals, counts of events, policy verbs and generic kinds name no project
        ("这是今年以来该区引进的首个外资制造业项目。", []),
        ("这是云杉数据在中卫布局的第四个项目。", []),
        ("今年以来全市已举行三次重大项目集中开工活动。", []),
        ("宿迁推行工业项目拿地即开工。", []),
        ("社会民生项目54个，新型基础设施项目48个。", []),
        ("我县举行招商引资项目集中签约仪式，共签约项目6个。", []),
        ("四是抓好强链补链延链项目，五是资源综合利用项目加快建设。", ["资源综合利用项目"]),
        ("市委书记宣布项目开工。", []),
        # what a place is (DESCRIPTIVE_BEFORE), counts of kinds
        ("徐州是全国重要的工程机械产业基地，该项目将为整机企业配套。", []),
        ("鹿邑县是全国重要的化妆刷生产基地。", []),
        ("一个个光伏及新能源项目正在加速建设。", []),
        ("包头市以“两个稀土基地”建设为牵引。", []),
        ("鹿邑县年产1亿支化妆刷生产基地项目开工。", ["鹿邑县年产1亿支化妆刷生产基地项目"]),
        # a title or a goal (DESCRIPTIVE_LEAD)
        ("我县是全国商品粮基地县和绿色食品原料标准化生产基地。", []),
        ("为青海省打造世界级盐湖产业基地提供有力支撑。", []),
        ("产业项目中先进制造业项目占比达到62%。", []),
        # 中 inside a name
        ("华中科技产业园项目开工。", ["华中科技产业园项目"]),
        ("中车株洲电机产业园项目开工。", ["中车株洲电机产业园项目"]),
        # a place name glued to a lone character is jieba's cut of an unknown word (钱|江源)
        ("另据了解，开化县钱江源数据中心项目今年3月已开工建设。", ["开化县钱江源数据中心项目"]),
        ("县江源项目开工。", []),
        # roads named by their extension, and generic kinds that name nothing
        ("珠江源大道南延长线今年6月开工。", ["珠江源大道南延长线"]),
        ("阆中至南部快速通道年底建成通车。", ["阆中至南部快速通道"]),
        ("彝良至昭通快速通道今年开工。", ["彝良至昭通快速通道"]),
        ("坚持要素跟着项目走，经开区项目和经开区在建项目加快推进。", []),
        ("现将近期部分县市区项目进展情况简报如下。", []),
        ("安徽省阜阳市各县市区抢抓项目建设黄金期。", []),
        ("全市已开复工项目312个。", []),
        # seasons, the counties of a city, and work verbs name no project
        ("金秋时节项目建设正酣，全市新开工项目38个。", []),
        ("10月中旬，全市还召开了重点项目建设观摩推进会，对各县区项目建设情况进行现场观摩、打分排名。", []),
        ("（一）抓好重大项目建设。今年安排市重点项目400个，总投资2860亿元。", []),
        ("全面推行项目“拿地即开工”，开展“企业服务月”活动。", []),
        ("昨天下午，嘉兴市2024年秋季重大项目集中签约活动在市行政中心举行。", []),
        ("开工仪式后，全市召开项目建设推进会，对“项目攻坚年”活动作出部署。", []),
        # a quarter or half year ends a name; a doubled dash parts a headline's phrases
        ("市项目办对一季度全市重点项目建设情况进行了调度。", []),
        ("今天，城市副中心第二批重大项目集中开工，总投资120亿元。", []),  # a batch
        ("初夏时节，齐鲁大地项目建设如火如荼，新开工项目120个。", []),
        ("梅州：春节后重点项目加快复工复产，新开工项目32个", []),
        ("重磅！总投资105亿元，英德这个大项目开工了！", []),
        ("园区举行“项目服务专员”培训会，全市80余名项目服务专员参加。", []),
        # a title or a plaque awarded (TITLE_AFTER, DESCRIPTIVE_BEFORE 获评)
        ("当天，“溧阳市产业工人培训基地”在园区揭牌，今后每年培训技术工人3000人次。", []),
        ("“仙居杨梅产业工匠培训基地”获评浙江省级技能人才培训基地，全年培训2600余人次。", []),
        ("比学赶超看项目　凝心聚力促发展——全市第四季度重点项目观摩活动侧记", []),
        ("中国—东盟跨境电商产业园项目开工。", ["中国—东盟跨境电商产业园项目"]),
        ("每月向金融机构推送项目融资需求清单，推动更多金融资源投向重大项目。", []),
        # a cluster of projects (项目群) and speech verbs name no project
        ("（九）景宁畲乡文旅融合项目群。位于景宁畲族自治县。", []),
        ("调研组一行深入项目现场，详细了解项目进展。", []),
        ("丽水市发布2025年度十大重大产业项目清单。", []),
        ("滨湖文旅综合体项目总投资8亿元。", ["滨湖文旅综合体项目"]),
        # after 在 and a place, the name starts after the verb (SITE_VERB); else it is the place
        ("公司将在鄯善工业园区建设葡萄籽油提取项目，总投资2.8亿元。", ["葡萄籽油提取项目"]),
        ("该公司在开发区投资建设锂电池加工项目。", ["锂电池加工项目"]),
        ("在吐鲁番实施冷链物流中心项目。", ["冷链物流中心项目"]),
        ("签约仪式在滨湖文旅综合体项目现场举行。", []),
        # a part, or a verb opening the words before a head, names no project
        ("目前主体及配套工程已全部完成，累计完成投资4.6亿元。", []),
        ("本网开设栏目，按季度公布全市部分重点项目形象进度。", []),
        # a space parts a headline's phrases; a count in numerals is no name
        ("抢抓黄金施工期 我县重点项目建设跑出加速度", []),
        ("抢抓黄金施工期　威宁火腿产业园开工", ["威宁火腿产业园"]),
        ("西华县　冷链物流园　投资5.5亿元　河南众通冷链物流有限公司", ["西华县 冷链物流园"]),
        ("四季度，我县还将有十五个项目集中开工。", []),
        # a place and one product character name a project; one saying which does not
        ("6．墨脱茶产业园项目\n建设地点：墨脱县", ["墨脱茶产业园项目"]),
        ("通州区新项目开工。", []),
        ("要切实解决项目建设中的困难，推动更多项目纳入省级重点项目。", []),
        # kinds of project, policy words and funds name none
        ("以乡村振兴项目为抓手，推动资金跟着项目走，鼓励民间资本参与重大项目建设。", []),
        ("医疗卫生民生项目加快推进，部分交通项目开工，市人民医院扩建。", []),
        # 新建 ends a name as a verb, but 新建项目 after a name is its head
        ("总投资2.3亿元的紫云自治县民族中学新建项目已于7月30日通过竣工验收。", ["紫云自治县民族中学新建项目"]),
        # the site a project is in is no project; a sentence opening with 位于…的 still names one
        ("该项目选址位于海南区的乌海高新区低碳产业园，总投资36亿元。", []),
        ("位于高新区的年产20万吨PBAT可降解塑料项目开工。", ["年产20万吨PBAT可降解塑料项目"]),
        # words jieba tags as verbal nouns that open a kind of plant (KEEP_LEADING)
        ("延平区的生活垃圾焚烧发电二期项目总投资4.6亿元。", ["生活垃圾焚烧发电二期项目"]),
        # a number and a measure word before a name count parts (COUNT_MEASURE); capacity is no count
        ("走进生产车间，12条粉体生产线整齐排列，项目总投资5亿元。", []),
        ("两条智能化生产线项目开工。", []),
        ("年产50台工业机器人项目开工。", ["年产50台工业机器人项目"]),
        # 从 … 上 is a place along a line, no name
        ("首批产品从全自动生产线上缓缓下线，项目总投资5亿元。", []),
        ("蕲草堂与湖北中医药大学合作共建的蕲艾产业研究院，投资3000万元，年内建成。", ["蕲艾产业研究院"]),
        ("一批牵引性、标志性项目在太行山下拔节生长。", []),
        ("记者走进项目一线，带您看看重点项目的最新进度，总投资5亿元。", []),  # the reader addressed
        # a kind (城建类), a slogan (招商引资一号工程) and a rate (项目履约率) name no project
        ("清单之外，一批城建类项目也在加快推进，总投资5亿元。", []),
        ("年产5万吨类胡萝卜素项目开工，总投资5亿元。", ["年产5万吨类胡萝卜素项目"]),
        ("全市上下坚持“招商引资一号工程”，新签约项目286个。", []),
        ("会议要求，切实提高项目履约率、开工率、资金到位率，项目总投资5亿元。", []),
        # 及 before 配套 (supporting works) joins one name (NAME_JOINED); else it parts two
        ("6月10日，天长市第三水厂及配套管网工程开工，总投资2.6亿元。", ["天长市第三水厂及配套管网工程"]),
        ("新建污水处理厂和配套管网工程，总投资2.6亿元。", ["污水处理厂和配套管网工程"]),
        ("光伏产业园项目及储能电站项目同日开工，总投资2.6亿元。", ["光伏产业园项目", "储能电站项目"]),
    ],
)
def test_chinese_names(text: str, expected: list[str]) -> None:
    assert _names(text, "zh") == expected


def test_anaphors_are_found_as_references() -> None:
    text = "The Jinlong copper project started. The project will be completed next year."
    found = find_project_names(text, split_sentences(text), "en", [])
    refs = [m for m in found if m.field == "project_ref"]
    assert [r.text for r in refs] == ["The project"]
    assert refs[0].sentence_index == 1


@pytest.mark.parametrize(
    ("second", "is_ref"),
    [
        ("It is expected to be completed by the end of the year.", True),
        ("It will be put into production in June.", True),
        ("It was connected to the grid on August 10.", True),
        ("It has a total investment of 2 billion yuan.", True),
        ("It started construction in early July.", True),
        ("It broke ground in May and will be completed next year.", True),
        ("It started to rain in the afternoon.", False),
        ("“It is planned to start construction in May.", True),
        ("It is reported that the county signed 12 projects.", False),  # expletive it
        ("It is understood that approvals will be sped up.", False),
        ("Workers said it is expected to be completed soon.", False),  # not opening the sentence
        # the subject of a subordinate clause opening the sentence
        ("After it is completed and put into production next year, output value will reach 6 billion "
         "yuan.", "it"),
        ("Once it is fully put into operation, it will create 500 jobs.", "it"),
        ("When it reaches full production, sales will be 2 billion yuan.", "it"),
        ("After it rains, the site is closed.", False),
        ("When it comes to investment, the county leads.", False),
    ],
)
def test_a_pronoun_opening_a_project_predicate_is_a_reference(second: str, is_ref: bool | str) -> None:
    text = "The Jinlong copper foil project started in March. " + second
    found = find_project_names(text, split_sentences(text), "en", [])
    refs = [(m.text, m.rule, m.sentence_index) for m in found if m.field == "project_ref"]
    if is_ref == "it":
        assert refs == [("it", "en.project.pronoun.after_it", 1)]
    else:
        assert refs == ([("It", "en.project.pronoun.it", 1)] if is_ref else [])


@pytest.mark.parametrize(
    ("text", "name"),
    [("In Hengdong County the ultra thin electronic glass project started.",
      "ultra thin electronic glass project"),
     # a brand after the place is no venue: no "and" joins it to the place
     ("In Hengdong County Yan Xiangxiang ultra thin electronic glass project site, builders work.",
      "Yan Xiangxiang ultra thin electronic glass project")],
)
def test_place_spans_stop_a_name(text: str, name: str) -> None:
    start = text.index("Hengdong")
    found = find_project_names(text, split_sentences(text), "en", [(start, start + 15)])
    assert [m.value for m in found] == [name]


def test_name_offsets_point_at_the_surface() -> None:
    text = "Intro line.\nThe Weiyin Logistics project will be completed in October."
    (mention,) = find_project_names(text, split_sentences(text), "en", [])
    assert text[mention.start : mention.end] == mention.text == "Weiyin Logistics project"
    assert mention.rule == "en.project.head.project"


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("the Weiyin project", "Weiyin project"), ("  A  solar   plant ", "solar plant"), ("an X park,", "X park")],
)
def test_clean_name(surface: str, expected: str) -> None:
    assert clean_name(surface) == expected


def test_longest_spans_keeps_the_longer_overlap() -> None:
    short = Mention("project_name", "a", "a", 10, 20, "r")
    long = Mention("project_name", "b", "b", 5, 25, "r")
    other = Mention("project_name", "c", "c", 30, 35, "r")
    assert longest_spans([short, long, other]) == [long, other]


def _zh_texts() -> list[str]:
    corpus = Path(__file__).resolve().parents[1] / "corpus" / "articles"
    cases = [c["text"] for kind in ("amounts", "dates", "milestones") for c in load_cases("zh", kind)]
    return cases + [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("zh_*.txt"))]


def test_chinese_tokens_around_the_heads_find_what_the_whole_sentence_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tokenizing only around the head words that may head a name, from the mark before
    each, finds what tokenizing the whole sentence finds (jieba cuts at such marks; names
    do not reach over them)."""
    texts = _zh_texts()
    cut = [find_project_names(t, split_sentences(t), "zh", []) for t in texts]
    monkeypatch.setattr(names, "_token_spans", _whole_sentence)
    whole = [find_project_names(t, split_sentences(t), "zh", []) for t in texts]
    assert sum(map(len, whole)) > 100
    assert cut == whole


def _whole_sentence(
    text: str, sent: Sentence, heads: Sequence[regex.Match[str]], lang: str
) -> list[tuple[int, int]]:
    return [(sent.start, names._tokens_needed_until(text, heads[-1].end(), sent.end, lang))]


@pytest.mark.parametrize(
    "char", ["，", "“", "《", "、", " ", "\u3000", "\x1c", "·", "（", "-", "项", "A", "5", "%", "Ⅱ", "é", "🚀"]
)
def test_chinese_cut_characters_are_those_jieba_cuts_alone(char: str) -> None:
    alone = not jieba.re_han_default.match(char) and not char.isspace()
    assert bool(names._JIEBA_ALONE.match(char)) == alone
    wall = alone and bool(names._CLAUSE_PUNCT.match(char)) and char not in names._PUNCT_INSIDE
    assert bool(names._ZH_WALL.match(char)) == wall


@pytest.mark.parametrize(
    ("second", "ref"),
    [
        ("项目占地300亩，计划今年4月开工。", "项目"),
        ("“项目总投资12亿元，明年建成投产。", "项目"),
        ("项目建成后可年产化妆刷1亿支。", "项目建成后"),
        ("该产业园由吉林风和装备制造有限公司投资建设，总投资12亿元。", "该产业园"),
        ("该数据中心电价比东部地区低约30%。", "该数据中心"),
        ("一期投资15亿元，计划10月底前竣工。", "一期"),
        ("一期工程已于6月中旬封顶。", "一期工程"),
        ("一期、二期共占地500亩。", None),  # the phases listed, no predicate of the first
        ("项目建设要坚持高标准。", None),  # 项目 as a topic, no predicate of a project
        ("全市重点项目计划投资300亿元。", None),  # 项目 inside a phrase, not opening the sentence
        ("据了解，项目计划今年开工。", None),  # opening a later clause only
    ],
)
def test_chinese_references_to_the_project_just_named(second: str, ref: str | None) -> None:
    text = "在洮南市，风电装备产业园内一派繁忙景象。" + second
    found = find_project_names(text, split_sentences(text), "zh", [])
    refs = [(m.text, m.sentence_index) for m in found if m.field == "project_ref"]
    assert refs == ([(ref, 1)] if ref else [])


@pytest.mark.parametrize(
    ("second", "is_ref"),
    [
        ("At present, the equipment is being debugged, and it is expected to start trial production "
         "in mid-October.", True),
        ("The workshop is finished; and it is planned to be put into operation in May.", True),
        ("The county said that it is expected to attract more investment.", False),  # no ", and"
        ("Workers are busy, and it is reported that the site is busy.", False),  # expletive it
    ],
)
def test_it_as_the_subject_of_a_later_clause_is_a_reference(second: str, is_ref: bool) -> None:
    text = "The wind turbine blade plant was completed on August 30. " + second
    found = find_project_names(text, split_sentences(text), "en", [])
    refs = [(m.text, m.rule) for m in found if m.field == "project_ref"]
    assert refs == ([("it", "en.project.pronoun.and_it")] if is_ref else [])

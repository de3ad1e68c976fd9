"""Reference data from public national standards (no policy numbers here).

* Regions: GB/T 2260 administrative division codes for Shanxi province (山西省),
  its 11 prefecture-level cities and their counties/districts.
* Industries: GB/T 4754-2017 国民经济行业分类, all sections and divisions (plus the
  K70 groups the size standard distinguishes).
* Enterprise size: 中小企业划型标准规定 (工信部联企业〔2011〕300号), all 16 rows.
  Thresholds are in units of 10,000 yuan (万元) and persons, exactly as printed.

This module is plain data: importing it does no I/O.
"""

from __future__ import annotations

from functools import lru_cache

SIZE_STANDARD_CITATION = "《中小企业划型标准规定》（工信部联企业〔2011〕300号）第四条"
REGION_CITATION = "GB/T 2260 中华人民共和国行政区划代码"
INDUSTRY_CITATION = "GB/T 4754-2017 国民经济行业分类"

PROVINCE_CODE = "140000"

_CITIES = {
    "140100": ("太原市", "140105 小店区,140106 迎泽区,140107 杏花岭区,140108 尖草坪区,140109 万柏林区,140110 晋源区,140121 清徐县,140122 阳曲县,140123 娄烦县,140181 古交市"),
    "140200": ("大同市", "140212 新荣区,140213 平城区,140214 云冈区,140215 云州区,140221 阳高县,140222 天镇县,140223 广灵县,140224 灵丘县,140225 浑源县,140226 左云县"),
    "140300": ("阳泉市", "140302 城区,140303 矿区,140311 郊区,140321 平定县,140322 盂县"),
    "140400": ("长治市", "140403 潞州区,140404 上党区,140405 屯留区,140406 潞城区,140423 襄垣县,140425 平顺县,140426 黎城县,140427 壶关县,140428 长子县,140429 武乡县,140430 沁县,140431 沁源县"),
    "140500": ("晋城市", "140502 城区,140521 沁水县,140522 阳城县,140524 陵川县,140525 泽州县,140581 高平市"),
    "140600": ("朔州市", "140602 朔城区,140603 平鲁区,140621 山阴县,140622 应县,140623 右玉县,140681 怀仁市"),
    "140700": ("晋中市", "140702 榆次区,140703 太谷区,140721 榆社县,140722 左权县,140723 和顺县,140724 昔阳县,140725 寿阳县,140727 祁县,140728 平遥县,140729 灵石县,140781 介休市"),
    "140800": ("运城市", "140802 盐湖区,140821 临猗县,140822 万荣县,140823 闻喜县,140824 稷山县,140825 新绛县,140826 绛县,140827 垣曲县,140828 夏县,140829 平陆县,140830 芮城县,140881 永济市,140882 河津市"),
    "140900": ("忻州市", "140902 忻府区,140921 定襄县,140922 五台县,140923 代县,140924 繁峙县,140925 宁武县,140926 静乐县,140927 神池县,140928 五寨县,140929 岢岚县,140930 河曲县,140931 保德县,140932 偏关县,140981 原平市"),
    "141000": ("临汾市", "141002 尧都区,141021 曲沃县,141022 翼城县,141023 襄汾县,141024 洪洞县,141025 古县,141026 安泽县,141027 浮山县,141028 吉县,141029 乡宁县,141030 大宁县,141031 隰县,141032 永和县,141033 蒲县,141034 汾西县,141081 侯马市,141082 霍州市"),
    "141100": ("吕梁市", "141102 离石区,141121 文水县,141122 交城县,141123 兴县,141124 临县,141125 柳林县,141126 石楼县,141127 岚县,141128 方山县,141129 中阳县,141130 交口县,141181 孝义市,141182 汾阳市"),
}


def _build_regions() -> dict[str, tuple[str, str | None]]:
    """code -> (full Chinese name, parent code)."""
    out: dict[str, tuple[str, str | None]] = {PROVINCE_CODE: ("山西省", None)}
    for city_code, (city_name, counties) in _CITIES.items():
        out[city_code] = (f"山西省{city_name}", PROVINCE_CODE)
        for item in counties.split(","):
            code, name = item.split(" ")
            out[code] = (f"山西省{city_name}{name}", city_code)
    return out


REGIONS = _build_regions()

SECTIONS = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业", "E": "建筑业", "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业", "J": "金融业", "K": "房地产业",
    "L": "租赁和商务服务业", "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业", "O": "居民服务、修理和其他服务业", "P": "教育",
    "Q": "卫生和社会工作", "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织", "T": "国际组织",
}

_DIVISIONS = """A01 农业|A02 林业|A03 畜牧业|A04 渔业|A05 农、林、牧、渔专业及辅助性活动|
B06 煤炭开采和洗选业|B07 石油和天然气开采业|B08 黑色金属矿采选业|B09 有色金属矿采选业|B10 非金属矿采选业|B11 开采专业及辅助性活动|B12 其他采矿业|
C13 农副食品加工业|C14 食品制造业|C15 酒、饮料和精制茶制造业|C16 烟草制品业|C17 纺织业|C18 纺织服装、服饰业|C19 皮革、毛皮、羽毛及其制品和制鞋业|C20 木材加工和木、竹、藤、棕、草制品业|C21 家具制造业|C22 造纸和纸制品业|C23 印刷和记录媒介复制业|C24 文教、工美、体育和娱乐用品制造业|C25 石油、煤炭及其他燃料加工业|C26 化学原料和化学制品制造业|C27 医药制造业|C28 化学纤维制造业|C29 橡胶和塑料制品业|C30 非金属矿物制品业|C31 黑色金属冶炼和压延加工业|C32 有色金属冶炼和压延加工业|C33 金属制品业|C34 通用设备制造业|C35 专用设备制造业|C36 汽车制造业|C37 铁路、船舶、航空航天和其他运输设备制造业|C38 电气机械和器材制造业|C39 计算机、通信和其他电子设备制造业|C40 仪器仪表制造业|C41 其他制造业|C42 废弃资源综合利用业|C43 金属制品、机械和设备修理业|
D44 电力、热力生产和供应业|D45 燃气生产和供应业|D46 水的生产和供应业|
E47 房屋建筑业|E48 土木工程建筑业|E49 建筑安装业|E50 建筑装饰、装修和其他建筑业|
F51 批发业|F52 零售业|
G53 铁路运输业|G54 道路运输业|G55 水上运输业|G56 航空运输业|G57 管道运输业|G58 多式联运和运输代理业|G59 装卸搬运和仓储业|G60 邮政业|
H61 住宿业|H62 餐饮业|
I63 电信、广播电视和卫星传输服务|I64 互联网和相关服务|I65 软件和信息技术服务业|
J66 货币金融服务|J67 资本市场服务|J68 保险业|J69 其他金融业|
K70 房地产业|K701 房地产开发经营|K702 物业管理|K703 房地产中介服务|K704 房地产租赁经营|K709 其他房地产业|
L71 租赁业|L72 商务服务业|
M73 研究和试验发展|M74 专业技术服务业|M75 科技推广和应用服务业|
N76 水利管理业|N77 生态保护和环境治理业|N78 公共设施管理业|N79 土地管理业|
O80 居民服务业|O81 机动车、电子产品和日用产品修理业|O82 其他服务业|
P83 教育|Q84 卫生|Q85 社会工作|
R86 新闻和出版业|R87 广播、电视、电影和录音制作业|R88 文化艺术业|R89 体育|R90 娱乐业|
S91 中国共产党机关|S92 国家机构|S93 人民政协、民主党派|S94 社会保障|S95 群众团体、社会团体和其他成员组织|S96 基层群众自治组织|
T97 国际组织"""

INDUSTRIES: dict[str, str] = dict(SECTIONS)
for _item in _DIVISIONS.replace("\n", "").split("|"):
    _code, _name = _item.split(" ", 1)
    INDUSTRIES[_code] = _name

# --- size standard rows -----------------------------------------------------
# Each row: label, the indicators "X" (从业人员, persons), "Y" (营业收入, 万元),
# "Z" (资产总额, 万元); `sme` lists the upper bounds (an SME when ANY indicator is
# below its bound); `medium` / `small` list the lower bounds that must ALL be met
# (otherwise the enterprise falls one level); below `small` is micro.
SIZE_GROUPS: dict[str, dict] = {
    "agriculture": {"label": "农、林、牧、渔业", "sme": {"Y": 20000}, "medium": {"Y": 500}, "small": {"Y": 50}},
    "industry": {"label": "工业", "sme": {"X": 1000, "Y": 40000}, "medium": {"X": 300, "Y": 2000}, "small": {"X": 20, "Y": 300}},
    "construction": {"label": "建筑业", "sme": {"Y": 80000, "Z": 80000}, "medium": {"Y": 6000, "Z": 5000}, "small": {"Y": 300, "Z": 300}},
    "wholesale": {"label": "批发业", "sme": {"X": 200, "Y": 40000}, "medium": {"X": 20, "Y": 5000}, "small": {"X": 5, "Y": 1000}},
    "retail": {"label": "零售业", "sme": {"X": 300, "Y": 20000}, "medium": {"X": 50, "Y": 500}, "small": {"X": 10, "Y": 100}},
    "transport": {"label": "交通运输业", "sme": {"X": 1000, "Y": 30000}, "medium": {"X": 300, "Y": 3000}, "small": {"X": 20, "Y": 200}},
    "warehousing": {"label": "仓储业", "sme": {"X": 200, "Y": 30000}, "medium": {"X": 100, "Y": 1000}, "small": {"X": 20, "Y": 100}},
    "postal": {"label": "邮政业", "sme": {"X": 1000, "Y": 30000}, "medium": {"X": 300, "Y": 2000}, "small": {"X": 20, "Y": 100}},
    "accommodation": {"label": "住宿业", "sme": {"X": 300, "Y": 10000}, "medium": {"X": 100, "Y": 2000}, "small": {"X": 10, "Y": 100}},
    "catering": {"label": "餐饮业", "sme": {"X": 300, "Y": 10000}, "medium": {"X": 100, "Y": 2000}, "small": {"X": 10, "Y": 100}},
    "telecom": {"label": "信息传输业", "sme": {"X": 2000, "Y": 100000}, "medium": {"X": 100, "Y": 1000}, "small": {"X": 10, "Y": 100}},
    "software": {"label": "软件和信息技术服务业", "sme": {"X": 300, "Y": 10000}, "medium": {"X": 100, "Y": 1000}, "small": {"X": 10, "Y": 50}},
    "real_estate": {"label": "房地产开发经营", "sme": {"Y": 200000, "Z": 10000}, "medium": {"Y": 1000, "Z": 5000}, "small": {"Y": 100, "Z": 2000}},
    "property": {"label": "物业管理", "sme": {"X": 1000, "Y": 5000}, "medium": {"X": 300, "Y": 1000}, "small": {"X": 100, "Y": 500}},
    "leasing": {"label": "租赁和商务服务业", "sme": {"X": 300, "Z": 120000}, "medium": {"X": 100, "Z": 8000}, "small": {"X": 10, "Z": 100}},
    "other": {"label": "其他未列明行业", "sme": {"X": 300}, "medium": {"X": 100}, "small": {"X": 10}},
}

# Industry code -> size group. A section whose divisions fall into different
# groups maps to None at section level: the division is then needed.
_GROUP_BY_PREFIX = {
    "A": "agriculture", "B": "industry", "C": "industry", "D": "industry",
    "E": "construction", "F51": "wholesale", "F52": "retail",
    "G53": "other",  # 交通运输业不含铁路运输业 → 其他未列明行业
    "G54": "transport", "G55": "transport", "G56": "transport", "G57": "transport",
    "G58": "transport", "G59": "warehousing", "G60": "postal",
    "H61": "accommodation", "H62": "catering",
    "I63": "telecom", "I64": "telecom", "I65": "software",
    "K701": "real_estate", "K702": "property", "K703": "other", "K704": "other",
    "K709": "other", "L": "leasing",
}


def _is_leaf(code: str) -> bool:
    return not any(other != code and other.startswith(code) for other in INDUSTRIES)


_LEAVES = [c for c in INDUSTRIES if _is_leaf(c)]


@lru_cache(maxsize=4096)
def size_groups_for(code: str) -> tuple[str, ...]:
    """All size groups an industry code may fall into (one when it is precise)."""
    groups: list[str] = []
    for leaf in (c for c in _LEAVES if c.startswith(code)):
        group = next((_GROUP_BY_PREFIX[p] for p in sorted(_GROUP_BY_PREFIX, key=len, reverse=True)
                      if leaf.startswith(p)), "other")
        if group not in groups:
            groups.append(group)
    return tuple(groups)


SIZE_LABELS = {"large": "大型企业", "medium": "中型企业", "small": "小型企业", "micro": "微型企业"}
INDICATOR_LABELS = {"X": "从业人员", "Y": "营业收入", "Z": "资产总额"}

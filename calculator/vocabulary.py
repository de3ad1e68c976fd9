"""The vocabulary of facts an enterprise can state, in plain data.

Every fact has a Chinese label and, where useful, the question the calculator
asks when a rule needs it. Events (recognitions, listings, transactions, hires,
loans, investments, exhibitions) are typed by ``kind`` and ``type``.
The browser form is generated from this same vocabulary.
"""

from __future__ import annotations

# name -> (value type, Chinese label, question / help)
# value types: bool, int (persons), money (yuan, integer), percent (Decimal),
# date, region, industry, enum:<name>
FACTS: dict[str, tuple[str, str, str]] = {
    "region": ("region", "所在地区", "企业注册地所在的县（市、区）"),
    "entity_kind": ("enum:entity_kind", "主体类型", "是企业还是个体工商户？"),
    "industry": ("industry", "所属行业", "按国民经济行业分类（GB/T 4754-2017）选择门类或大类"),
    "registration_date": ("date", "登记注册日期", "工商（市场监管）登记注册的日期"),
    "employees": ("int", "从业人员（人）", "期末从业人员数"),
    "revenue": ("money", "营业收入（元）", "上一会计年度营业收入"),
    "assets": ("money", "资产总额（元）", "期末资产总额"),
    "main_business_revenue": ("money", "本年度主营业务收入（元）", "本年度（评定年度）主营业务收入"),
    "prior_max_main_business_revenue": ("money", "以往年度最高主营业务收入（元）", "此前各年度主营业务收入的最高值，用于判断“首次达到”"),
    "above_scale": ("bool", "是否规模以上企业", "是否已纳入统计部门规模以上企业联网直报？"),
    "size": ("enum:size", "自报企业规模", "不填写经营数据时可直接选择企业规模"),
    "annual_report_published": ("bool", "已如实完成企业年报公示", "是否已如实完成企业年报信息公示？"),
    "no_violations": ("bool", "无违法行为", "企业是否无违法行为记录？"),
    "operating_normally": ("bool", "正常生产经营", "企业目前是否正常生产经营？"),
    "disabled_below_quota": ("bool", "安排残疾人就业未达规定比例", "安排残疾人就业是否未达到规定比例？"),
    "small_scale_taxpayer": ("bool", "增值税小规模纳税人", "是否为增值税小规模纳税人？"),
    "disaster_loss": ("bool", "遭受洪涝等灾害重大损失", "是否因洪涝等灾害遭受重大损失？"),
    "in_difficulty": ("bool", "生产经营暂时面临困难", "生产经营是否暂时面临困难？"),
    "strategic_emerging": ("bool", "属于战略性新兴产业", "是否属于战略性新兴产业领域？"),
    "livelihood_service": ("bool", "民生领域服务型企业", "是否为民生领域服务型企业？"),
    "severely_affected": ("bool", "受疫情、灾害或原材料涨价影响严重", "是否受疫情、自然灾害或原材料价格上涨影响严重？"),
    "top_taxpayer": ("bool", "县纳税大户", "是否为县纳税大户？"),
    "supplies_large_enterprise": ("bool", "与大企业配套合作", "是否与大企业形成配套合作？"),
    "base_investor": ("bool", "双创基地投资方", "是否为双创基地的投资方？"),
    "base_operator": ("bool", "双创基地运营主体", "是否为经认定的“双创”基地运营主体？"),
    "in_startup_base": ("bool", "入驻双创基地", "是否入驻“双创”基地或标准化厂房？"),
    "characteristic_industry": ("bool", "属于县特色产业", "是否属于钻石、石雕、家具、传统非遗文化等县特色产业？"),
    "joint_stock_reformed": ("bool", "已完成股份制改造", "是否已完成股份制改造？"),
    "revenue_growth_pct": ("percent", "主营业务收入增长率（%）", "知识产权交易后主营业务收入较上年提升的百分比"),
    "profit_margin_pct": ("percent", "利润率（%）", "知识产权交易后的利润率"),
    "returnee_founder": ("bool", "返乡创业", "是否为在外务工人员返乡创业？"),
    "first_time_founder": ("bool", "首次创办小微企业或从事个体经营", "是否首次创办小微企业或首次从事个体经营？"),
    "service_provider": ("bool", "公共服务平台或服务站运营单位", "是否为建立公共服务窗口平台或中小微企业服务站的单位？"),
    "ip_pledge_financed": ("bool", "知识产权质押融资成功", "是否已成功开展知识产权质押融资？"),
    "stats_staff_qualified": ("bool", "统计人员考核合格", "是否为重点监测企业且统计人员考核合格？"),
    "military_civil_applicant": ("bool", "申报军民融合企业", "是否正在申报军民融合企业（单位）资质、证书？"),
    "energy_compliant": ("bool", "环保排放达标且单位能耗低于省内平均", "环保排放是否达标、单位能耗指标是否低于省内平均水平？"),
    "layoff_rate_ok": ("bool", "裁员率符合稳岗返还要求", "裁员率是否符合稳岗返还政策（中小企业放宽后）的要求？"),
}

ENUMS: dict[str, dict[str, str]] = {
    "entity_kind": {"enterprise": "企业", "individual_business": "个体工商户"},
    "size": {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"},
    "level": {"national": "国家级", "province": "省级", "city": "市级", "county": "县级"},
}

EVENT_KINDS: dict[str, str] = {
    "recognition": "认定与荣誉",
    "listing": "上市挂牌",
    "transaction": "技术与知识产权交易",
    "hire": "吸纳就业",
    "loan": "贷款",
    "investment": "投资与项目投入",
    "exhibition": "参展办展",
}

# kind -> type -> Chinese label
EVENT_TYPES: dict[str, dict[str, str]] = {
    "recognition": {
        "above_scale_entry": "首次“小升规”（年主营业务收入首次达到规模以上并纳入统计联网直报）",
        "tech_sme": "入库国家科技型中小企业信息库（每年评价一次）",
        "high_tech": "认定（含重新认定）为高新技术企业",
        "hightech_leader": "认定为高科技领军企业",
        "specialized": "认定为“专精特新”企业",
        "little_giant": "认定为专精特新“小巨人”企业",
        "tech_center": "认定为企业技术中心",
        "tech_center_excellent": "市级企业技术中心评价获优秀等级",
        "smart_mfg_pilot": "列入智能制造试点示范",
        "new_rnd_institution": "认定为新型研发机构",
        "itss": "通过信息技术服务标准（ITSS）运维成熟度评估",
        "startup_base": "认定为小微企业创业创新（“双创”）基地",
        "service_platform": "认定为中小企业公共服务平台",
        "academician_station": "新组建院士专家工作站",
        "postdoc_station": "新组建博士后科研工作站",
        "well_known_trademark": "获得驰名商标",
        "time_honored_brand": "获得老字号（国家级=中华老字号，省级=三晋老字号）",
        "product_award": "产品获得省级以上行业展评表彰",
        "two_integration": "“两化”融合（国家级=管理体系评定证书，省级=省认定）",
        "dragon_tiger_list": "首次进入全市“龙虎榜”",
        "tech_manager": "市级认定的技术经理人",
    },
    "listing": {
        "main_board": "在主板上市",
        "sme_board": "在中小企业板上市",
        "chinext": "在创业板上市",
        "star": "在科创板上市",
        "neeq": "在全国中小企业股份转让系统（“新三板”）挂牌",
        "neeq_to_ipo": "新三板挂牌企业转板IPO成功",
        "shanxi_equity_financed": "在山西股权交易中心挂牌并融资成功",
        "shanxi_equity": "在山西股权交易中心挂牌",
        "jinxing": "在山西股权交易中心“晋兴板”挂牌",
    },
    "transaction": {
        "tech_sold_platform": "通过山西科技成果转化和知识产权交易管理服务平台交易并在市内转化的科技成果（技术输出方，按实际到账额）",
        "tech_bought_external": "购买市外先进技术成果、经省市技术合同认定机构登记认定的技术合同（按实际支付额）",
        "ip_bought": "购买知识产权（交易买方，按交易金额）",
        "tech_manager_deal": "市级认定技术经理人促成的技术合同交易（按交易额）",
    },
    "hire": {
        "hard_to_employ": "吸纳就业困难人员",
        "intern": "组织就业见习（离校两年内未就业高校毕业生、16-24岁失业青年）",
        "graduate": "招用高校毕业生",
        "worker": "吸纳各类劳动者就业",
        "high_talent": "引进高层次管理人才、高素质专业技术人才",
    },
    "loan": {
        "startup_guarantee": "创业担保贷款",
        "small_guarantee": "小额担保贷款",
        "bank_loan": "银行贷款（企业或法人、实际控制人）",
    },
    "investment": {
        "tech_renovation": "技术改造项目固定资产投资",
        "transformation_tax": "转型技改项目投产后新增税收的地方留成部分",
        "compliance_upgrade": "环保、消防、质检、安检等规范达标投入（单项）",
        "brand_promotion": "电子商务平台、广告宣传、策划、外观设计、包装改良投入（单项）",
        "info_project": "信息化建设项目",
        "training": "企业家素质提升培训费用（单项）",
        "patent_conversion": "专利转化项目（绩效评估较好）",
        "site_rent": "入驻基地的经营场地、厂房租金",
    },
    "exhibition": {
        "major_fair": "参加中国国际中小企业博览会、APEC技展会、山西品牌中华行丝路行等大型展会",
        "provincial_fair": "参加省级以上展销会（单次费用）",
        "hosted_fair": "围绕县特色产业举办特色商品交易会",
    },
}

# Event fields a rule may read, with Chinese labels.
EVENT_FIELDS: dict[str, str] = {
    "date": "日期", "level": "级别", "grade": "等级", "amount": "金额（元）",
    "interest": "已付利息（元）", "count": "人数", "months": "月数",
}

LEVEL_ORDER = {"county": 0, "city": 1, "province": 2, "national": 3}


def fact_label(name: str) -> str:
    return FACTS[name][1] if name in FACTS else name


def event_label(kind: str, type_: str | None = None) -> str:
    if type_:
        return EVENT_TYPES.get(kind, {}).get(type_, f"{kind}.{type_}")
    return EVENT_KINDS.get(kind, kind)

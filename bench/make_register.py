"""Generate a synthetic enterprise register (CSV, Chinese headers) for the batch benchmark.

    python bench/make_register.py 1000000 /tmp/register.csv
Deterministic (seeded); streams rows to disk.
"""

import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calculator._standards import REGIONS  # noqa: E402

HEAD = ["企业名称", "统一社会信用代码", "地区代码", "主体类型", "行业代码", "登记注册日期", "从业人员", "营业收入",
        "资产总额", "是否规上", "无违法行为", "增值税小规模纳税人", "主营业务收入增长率（%）", "事项", "已完整填报"]
INDUSTRIES = ["C34", "C26", "C13", "I65", "F51", "F52", "E47", "G54", "H62", "L72", "M73", "A01", "K701"]
EVENTS = [("listing", "neeq"), ("recognition", "high_tech"), ("recognition", "tech_sme"), ("recognition", "above_scale_entry"),
          ("recognition", "specialized"), ("transaction", "ip_bought"), ("hire", "intern"), ("loan", "bank_loan")]


def main(n: int, out: Path, seed: int = 7) -> None:
    rnd = random.Random(seed)
    regions = [c for c in REGIONS if c != "140000"]
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEAD)
        for i in range(n):
            events = []
            for _ in range(rnd.choice([0, 0, 1, 1, 2, 3])):
                kind, type_ = rnd.choice(EVENTS)
                ev = {"kind": kind, "type": type_, "date": f"{rnd.randint(2015, 2023)}-0{rnd.randint(1, 9)}-10"}
                if kind in ("transaction", "loan"):
                    ev["amount"] = rnd.choice([300000, 1000000, 5000000])
                    if kind == "loan":
                        ev["interest"] = ev["amount"] // 20
                if kind == "hire":
                    ev["count"], ev["months"] = rnd.randint(1, 5), rnd.randint(1, 14)
                if type_ == "specialized":
                    ev["level"] = rnd.choice(["city", "province"])
                events.append(ev)
            w.writerow([f"示例企业{i:07d}", f"9114{i:014d}", rnd.choice(regions), rnd.choice(["企业"] * 9 + ["个体工商户"]),
                        rnd.choice(INDUSTRIES), f"{rnd.randint(2000, 2022)}-0{rnd.randint(1, 9)}-01",
                        rnd.choice([2, 8, 15, 40, 120, 400, 1500]), rnd.choice([300000, 2000000, 12000000, 60000000, 600000000]),
                        rnd.choice(["", 5000000, 80000000]), rnd.choice(["是", "否", ""]), rnd.choice(["是", "否", ""]),
                        rnd.choice(["是", "否", ""]), rnd.choice(["", "12", "35"]),
                        json.dumps(events, ensure_ascii=False) if events else "", rnd.choice(["*", "", "listing"])])


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))

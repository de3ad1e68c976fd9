"""One-off scaffolding: slice a seed document into clauses (id, number, title,
original text), cleaning typesetting artefacts (broken lines, page-break
spaces) without rewording. Used when a document is first encoded; after that
the policy YAML is the source of truth and is edited by hand.

    python tools/seed_clauses.py SEED.txt SPEC.json  > clauses.json
SPEC: [[id, number, title, section, start_marker], ...] in document order.
"""

import json
import re
import sys

CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）《》、，。；：！？]"


def clean(text: str, join_lines: bool, split_head: bool = True) -> str:
    text = text.replace("\u3000", "").replace("\t", " ")
    if join_lines:
        head, _, rest = text.strip().partition("\n")
        if split_head and len(head) < 40 and "。" not in head and not head.endswith(("，", "；")):
            return (clean(head, False) + "\n" + clean(rest, True, False)).strip()
        paras = [re.sub(r"\s*\n\s*", "", p) for p in re.split(r"\n\s*\n(?=\s*(?:\d+、|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）))", text)]
        text = "\n".join(paras)
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    # spaces next to CJK characters are page-break/typesetting artefacts
    text = re.sub(rf"(?<={CJK}) +", "", text)
    text = re.sub(rf" +(?={CJK})", "", text)
    text = re.sub(r"(?<=\d) +(?=[\u4e00-\u9fff%])", "", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff]) +(?=\d)", "", text)
    return text.strip()


def main() -> None:
    seed = open(sys.argv[1], encoding="utf-8").read()
    spec = json.load(open(sys.argv[2], encoding="utf-8"))
    join = len(sys.argv) > 3 and sys.argv[3] == "join"
    starts = []
    pos = 0
    for item in spec:
        marker = item[4]
        i = seed.find(marker, pos)
        if i < 0:
            sys.exit(f"marker not found after {pos}: {marker}")
        starts.append(i)
        pos = i + 1
    out = []
    for n, item in enumerate(spec):
        end = starts[n + 1] if n + 1 < len(spec) else len(seed)
        out.append({"id": item[0], "number": item[1], "title": item[2], "section": item[3],
                    "text": clean(seed[starts[n]:end], join)})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()

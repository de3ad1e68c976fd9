"""One-off scaffolding: merge sliced clauses (from seed_clauses.py) with a
hand-written rules file into one policy YAML in policies/documents/.

    python tools/emit_policy.py CLAUSES.json RULES.yaml OUT.yaml
RULES.yaml: the document metadata plus `clauses:` mapping clause id ->
{title?, informational?, rules?, published_grants?}.
"""

import json
import re
import sys

import yaml


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, data):
    if "\n" in data or len(data) > 80:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str)

_TITLE = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、]\s*|（[一二三四五六七八九十]+）|\d+、)\s*([^。\n]{2,40}?)(?:。|\n)")


def main() -> None:
    clauses = json.load(open(sys.argv[1], encoding="utf-8"))
    meta = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
    extra = meta.pop("clauses")
    out_clauses = []
    for c in clauses:
        e = extra.get(c["id"], {})
        title = e.get("title") or c.get("title")
        if not title:
            m = _TITLE.match(c["text"])
            title = m.group(1) if m else None
        item = {"id": c["id"], "number": c["number"]}
        if title:
            item["title"] = title
        if c.get("section"):
            item["section"] = c["section"]
        item["text"] = c["text"]
        for key in ("informational", "published_grants", "rules"):
            if e.get(key):
                item[key] = e[key]
        out_clauses.append(item)
    unknown = set(extra) - {c["id"] for c in clauses}
    if unknown:
        sys.exit(f"rules for unknown clauses: {unknown}")
    meta["clauses"] = out_clauses
    header = "# yaml-language-server: $schema=../policy.schema.json\n"
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        f.write(header)
        yaml.dump(meta, f, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)


if __name__ == "__main__":
    main()

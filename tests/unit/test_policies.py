"""Code-health of policies/: citations, dates, ids, examples, coverage."""

import re
from collections import Counter

import pytest

from calculator.loader import policy_files, read_yaml, run_examples

from pathlib import Path

POLICIES = Path(__file__).resolve().parents[2] / "policies"


def all_rules(bundle):
    for doc in bundle["documents"]:
        for clause in doc["clauses"]:
            for rule in clause.get("rules", []):
                yield doc, clause, rule


def test_five_documents_encoded(bundle):
    assert {d["source_file"] for d in bundle["documents"]} == {
        "000_289f6a8db31d6f9f.txt", "001_670e86f553bde973.txt", "002_9c21e1df4b099a39.txt",
        "003_0da6e1770402a88f.txt", "004_049470f7ccbf868e.txt"}


def test_every_rule_cites_a_sentence_of_its_clause(bundle):
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    for doc, clause, rule in all_rules(bundle):
        assert rule["department"] and rule["quote"]
        assert squash(rule["quote"]).replace(",", "，") in squash(clause["text"]).replace(",", "，"), rule["id"]


def test_rule_ids_unique_and_clause_ids_unique(bundle):
    ids = Counter(r["id"] for _, _, r in all_rules(bundle))
    assert not [i for i, n in ids.items() if n > 1]
    for doc in bundle["documents"]:
        anchors = Counter(c["id"] for c in doc["clauses"])
        assert not [a for a, n in anchors.items() if n > 1]


def test_dates_are_iso(bundle):
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for doc in bundle["documents"]:
        assert iso.match(doc["date"]) and iso.match(doc["validity"]["from"])
        assert doc["validity"].get("to") is None or iso.match(doc["validity"]["to"])
        assert doc["validity"].get("to") or doc["validity"]["open_ended"]
        for clause in doc["clauses"]:
            for rule in clause.get("rules", []):
                for ex in rule["examples"]:
                    assert iso.match(ex["as_of"])


def test_every_rule_has_eligible_not_eligible_and_unknown_examples(bundle):
    for _, _, rule in all_rules(bundle):
        statuses = {ex["expect"]["status"] for ex in rule["examples"]}
        assert {"eligible", "not_eligible", "unknown"} <= statuses, rule["id"]


def test_every_eligible_monetary_example_states_its_amount(bundle):
    for _, _, rule in all_rules(bundle):
        if rule["amount"]["kind"] in ("fixed", "percent", "tiers", "upgrade_difference", "per_person_month", "up_to"):
            shown = [ex for ex in rule["examples"] if ex["expect"]["status"] == "eligible"
                     and (ex["expect"].get("amount") is not None or ex["expect"].get("max") is not None)]
            assert shown, rule["id"]


def test_all_examples_pass(bundle):
    failed = [r for r in run_examples(bundle) if not r["ok"]]
    assert not failed, failed[:5]


def test_every_clause_is_encoded_or_marked_informational(bundle):
    for doc in bundle["documents"]:
        for clause in doc["clauses"]:
            assert clause.get("rules") or clause.get("informational") or clause.get("published_grants"), clause["id"]


def test_policy_files_have_no_duplicate_keys():
    for f in policy_files(POLICIES):
        read_yaml(f)  # raises PolicyError on a duplicate key


@pytest.mark.parametrize("needle", ["1020", "2000000", "500000", "3"])
def test_key_numbers_from_the_issue_are_encoded(bundle, needle):
    text = str(bundle)
    assert needle in text


def test_scoring_table_adds_to_100_with_grade_bands(bundle):
    doc = next(d for d in bundle["documents"] if d["id"] == "xinjiang-2018-demo-county")
    table = doc["scoring_tables"][0]
    assert table["total"] == 100 and len(table["indicators"]) == 18
    assert [g["grade"] for g in table["grades"]] == ["优", "良", "中", "差"]


def test_every_condition_that_can_fail_has_a_not_eligible_example(bundle, policies):
    """Issue 3: one not-eligible example for each condition of a rule that can fail."""
    import datetime as dt

    from calculator import parse_profile
    from calculator.conditions import Context, describe, evaluate_condition
    from calculator.loader import example_profile
    from calculator.size import size_of

    missing = []
    for doc in bundle["documents"]:
        for clause in doc["clauses"]:
            for rule in clause.get("rules", []):
                when = rule.get("when")
                if not when:
                    continue
                tops = when["all"] if "all" in when else [when]
                window = policies.by_id[rule["id"]][3]
                covered = set()
                for ex in rule["examples"]:
                    if ex["expect"]["status"] != "not_eligible":
                        continue
                    prof = parse_profile(example_profile(doc, ex))
                    ctx = Context(prof, dt.date.fromisoformat(ex["as_of"]), size_of(prof), window)
                    covered |= {i for i, t in enumerate(tops) if evaluate_condition(t, ctx, None)[0] is False}
                missing += [(rule["id"], describe(t)) for i, t in enumerate(tops) if i not in covered]
    assert missing == []

#!/usr/bin/env python3
"""Reads schemathesis's JSON run report (`--report json`) and the served OpenAPI document, prints every failure group
with the operations it was found on, and exits 1 if any (check, operation) pair is not explained in the operation's
`x-anlan-fuzz-explained` (written next to the operation in the Swift source, `APIOperation.fuzzExplained`).

    tests/tools/fuzz_gate.py REPORT.json OPENAPI.json [REPORT.ndjson]

The JSON report names a stateful-phase finding only "Stateful tests"; given the NDJSON report, the gate reads which
operation each stateful failure was on and judges those (check, operation) pairs like the others.

Only the standard library."""
import collections
import json
import sys


def stateful_operations(ndjson_path):
    """(check code, operation) of every failure in the stateful phase, from the NDJSON report."""
    pairs = set()
    for line in open(ndjson_path, encoding="utf-8"):
        event = json.loads(line).get("ScenarioFinished")
        if not event or event.get("phase") != "stateful" or event["status"] != "failure":
            continue
        for checks in event["recorder"]["checks"].values():
            for check in checks:
                if check["status"] == "failure":
                    failure = check["failure_info"]["failure"]
                    pairs.add((failure["code"], failure["operation"]))
    return pairs


def main(report_path, document_path, ndjson_path=None):
    try:
        report = json.load(open(report_path, encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"no schemathesis report ({error}): the run did not finish")
        return 1
    document = json.load(open(document_path, encoding="utf-8"))
    explained = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for check, reason in operation.get("x-anlan-fuzz-explained", {}).items():
                explained[(check, f"{method.upper()} {path}")] = reason
    cases = report["test_cases"]
    print(f"schemathesis: {cases['generated']} cases generated, {cases['with_failures']} with failures, "
          f"{report['operations']['tested']} of {report['operations']['selected']} operations tested")
    stateful = stateful_operations(ndjson_path) if ndjson_path else set()
    unexplained = collections.defaultdict(list)
    for group in report["failures"]:
        print(f"{group['code']} {group['title']}: {group['count']} failures on {len(group['operations'])} operations")
        labels = list(group["operations"])
        if "Stateful tests" in labels and ndjson_path:
            labels.remove("Stateful tests")
            labels += sorted({op for code, op in stateful if code == group["code"]} - set(labels))
        for label in labels:
            reason = explained.get((group["code"], label))
            print(f"    {label}: {'explained: ' + reason if reason else 'NOT EXPLAINED'}")
            if reason is None:
                unexplained[group["code"]].append(label)
    for error in report["errors"]:
        print(f"error: {error['title']} ({error['count']})")
    total = sum(len(v) for v in unexplained.values())
    print(f"unexplained findings: {total}" + "".join(f"; {code} {len(labels)}" for code, labels in sorted(unexplained.items())))
    return 1 if total or report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

#!/usr/bin/env python3
"""Reads schemathesis's JSON run report (`--report json`) and the served OpenAPI document, prints every failure group
with the operations it was found on, and exits 1 if any (check, operation) pair is not explained in the operation's
`x-anlan-fuzz-explained` (written next to the operation in the Swift source, `APIOperation.fuzzExplained`).

    tests/tools/fuzz_gate.py REPORT.json OPENAPI.json

Only the standard library."""
import collections
import json
import sys


def main(report_path, document_path):
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
    unexplained = collections.defaultdict(list)
    for group in report["failures"]:
        print(f"{group['code']} {group['title']}: {group['count']} failures on {len(group['operations'])} operations")
        for label in group["operations"]:
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
    sys.exit(main(*sys.argv[1:3]))

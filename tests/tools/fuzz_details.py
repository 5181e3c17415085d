#!/usr/bin/env python3
"""The first failing request of each (check code, operation) in a schemathesis NDJSON report, with the answer's status
and body: what to read when scripts/fuzz reports a finding.

    tests/tools/fuzz_details.py REPORT.ndjson [CODE]

Only the standard library."""
import base64
import collections
import json
import sys


def main(path, only=None):
    seen, counts = set(), collections.Counter()
    for line in open(path, encoding="utf-8"):
        event = json.loads(line).get("ScenarioFinished")
        if not event or event["status"] != "failure":
            continue
        recorder = event["recorder"]
        for case_id, checks in recorder["checks"].items():
            for check in checks:
                if check["status"] != "failure":
                    continue
                failure = check["failure_info"]["failure"]
                key = (failure["code"], failure["operation"])
                counts[key] += 1
                if key in seen or (only and failure["code"] != only):
                    continue
                seen.add(key)
                case = recorder["cases"].get(case_id, {}).get("value", {})
                response = (recorder["interactions"].get(case_id) or {}).get("response") or {}
                body = response.get("content") or ""
                if isinstance(body, dict) and "$base64" in body:
                    body = base64.b64decode(body["$base64"]).decode("utf-8", "replace")
                elif isinstance(body, dict):
                    body = body.get("text") or json.dumps(body)
                print(f"== {failure['code']} {failure['operation']}: {failure['title']}")
                print(f"   {case.get('method')} {case.get('path')} query={case.get('query')} path_parameters={case.get('path_parameters')}")
                if case.get("body") is not None:
                    print(f"   body={json.dumps(case.get('body'), ensure_ascii=False)[:400]}")
                print(f"   -> {response.get('status_code')} {str(body)[:400]}")
    print("\n".join(f"{n:5d} {code} {operation}" for (code, operation), n in sorted(counts.items())))


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""Anyone can re-check a 双随机 draw: this re-implements algorithm anlan-draw-1 independently, in Python, from
its description, and recomputes every published demo draw from the inputs the API returns."""
import json
import os
import urllib.request

from conftest import api_token

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def draw(inputs):
    rng = SplitMix64(int(inputs["seed"]))
    candidates = sorted(inputs["candidates"], key=lambda c: c["enterpriseId"])
    keyed = []
    for c in candidates:
        u = ((rng.next() >> 11) + 1) * 2.0 ** -53
        keyed.append((u ** (1.0 / c["weight"]), c["enterpriseId"]))
    drawn = [e for _, e in sorted(keyed, key=lambda k: (-k[0], k[1]))[: inputs["count"]]]
    inspectors = sorted(set(inputs["inspectors"]))
    load = {name: 0 for name in inspectors}
    per = inputs["inspectorsPerEnterprise"]
    result = []
    for enterprise in drawn:
        conflicted = set(inputs["conflicts"].get(enterprise, []))
        eligible = [i for i in inspectors if i not in conflicted]
        previous = set(inputs["previous"].get(enterprise, []))
        fresh = [i for i in eligible if i not in previous]
        pool = fresh if len(fresh) >= per else eligible
        ties = {name: rng.next() for name in pool}
        chosen = []
        for _ in range(per):
            pick = min((n for n in pool if n not in chosen), key=lambda n: (load[n], ties[n]))
            chosen.append(pick)
            load[pick] += 1
        result.append({"enterpriseId": enterprise, "inspectors": chosen})
    return result


def get(path, token):
    request = urllib.request.Request(os.environ.get("ANLAN_TEST_BASE_URL", "http://127.0.0.1:8080") + path,
                                     headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def test_every_demo_draw_recomputes_independently(demo_password):
    token = api_token("inspector", demo_password)
    draws = get("/api/v1/random-draws?pageSize=50", token)["items"]
    assert len(draws) >= 4
    for d in draws:
        check = get(f"/api/v1/random-draws/{d['id']}/verification", token)
        assert check["algorithm"] == "anlan-draw-1"
        assert check["matches"] is True
        assert draw(check) == check["stored"], d["title"]

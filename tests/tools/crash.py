#!/usr/bin/env python3
"""Crash harness (issue 15, item 10): kills `anlan serve` with SIGKILL at random moments while several clients write
(inspections with their hazards, documents numbered per kind and year, hazard moves), restarts it, and checks after each
kill that no acknowledged write was lost, that PRAGMA integrity_check is ok, that the audit chain is intact
(`anlan audit verify`) and that document numbers have no gaps.

    tests/tools/crash.py --rounds 3            # the test command's short run
    tests/tools/crash.py --rounds 40           # make crash: the long one

Only the standard library: it runs before or without the test tools' virtual environment."""
import argparse
import datetime
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

PASSWORD = "Crash-2026-Aa"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, data_dir, log):
        self.binary, self.data_dir, self.log = binary, data_dir, log
        self.port, self.process = None, None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.port = free_port()
        env = dict(os.environ, ANLAN_BCRYPT_COST="4")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", self.data_dir,
             "--log-level", "warning"], stdout=self.log, stderr=self.log, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                time.sleep(0.2)
        raise SystemExit("the server did not become ready")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def call(base, method, path, token=None, body=None):
    """Returns (status, json) or (None, None) when the server is gone."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(),
                                     method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None
    except (urllib.error.URLError, ConnectionError, socket.timeout, json.JSONDecodeError):
        return None, None


class Ledger:
    """What the server acknowledged, kept by the harness (which is never killed)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.inspections, self.documents, self.moves = set(), {}, set()

    def add(self, kind, value):
        with self.lock:
            if kind == "inspection":
                self.inspections.add(value)
            elif kind == "document":
                self.documents[value[0]] = value[1]
            else:
                self.moves.add(value)


def writer(base, token, enterprises, ledger, stop, rng):
    while not stop.is_set():
        inspection_id = str(uuid.uuid4())
        day = (datetime.date.today() - datetime.timedelta(days=rng.randint(1, 300))).isoformat()
        status, body = call(base, "POST", "/api/v1/inspections", token, {
            "id": inspection_id, "enterpriseId": rng.choice(enterprises), "source": "complaint", "inspectedOn": day,
            "inspectors": ["inspector", "inspector2"], "confirmSameDay": True,
            "summary": "崩溃测试：检查消防通道与应急照明，发现问题一处。",
            "findings": [{"description": "应急照明损坏", "location": "二号车间", "isMajor": False}]})
        if status is None:
            return
        if status not in (200, 201):
            continue
        ledger.add("inspection", inspection_id)
        status, document = call(base, "POST", "/api/v1/documents", token,
                                {"kind": "inspectionRecord", "inspectionId": inspection_id})
        if status is None:
            return
        if status == 201:
            ledger.add("document", (document["id"], document["number"]))
        for hazard in (body or {}).get("hazards") or []:
            due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
            status, _ = call(base, "POST", f"/api/v1/hazards/{hazard['id']}/events", token,
                             {"event": "order", "dueDate": due, "note": "责令限期整改"})
            if status is None:
                return
            if status == 200:
                ledger.add("move", hazard["id"])


def check(binary, data_dir, ledger):
    """Every acknowledged write is there; the file, the audit chain and the numbering are sound."""
    problems = []
    database = sqlite3.connect(f"file:{data_dir}/anlan.sqlite?mode=ro", uri=True)
    if database.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        problems.append("integrity_check is not ok")
    stored = {row[0] for row in database.execute("SELECT id FROM inspections")}
    lost = [i for i in ledger.inspections if i.lower() not in stored]
    if lost:
        problems.append(f"{len(lost)} acknowledged inspections lost, e.g. {lost[0]}")
    numbers = dict(database.execute("SELECT id, number FROM enforcement_documents"))
    for document_id, number in ledger.documents.items():
        if numbers.get(document_id.lower()) != number:
            problems.append(f"acknowledged document {document_id} ({number}) lost or renumbered")
            break
    statuses = dict(database.execute("SELECT id, status FROM hazards"))
    moved_back = [h for h in ledger.moves if statuses.get(h.lower()) in (None, "found")]
    if moved_back:
        problems.append(f"{len(moved_back)} acknowledged hazard orders lost")
    for kind, year, count, top in database.execute(
            "SELECT kind, year, COUNT(*), MAX(sequence) FROM enforcement_documents GROUP BY kind, year"):
        if count != top:
            problems.append(f"document numbers of {kind} {year} have gaps or repeats: {count} documents, highest {top}")
    database.close()
    verify = subprocess.run([binary, "audit", "verify", "--data-dir", data_dir], capture_output=True, text=True)
    if verify.returncode != 0:
        problems.append("audit chain: " + verify.stdout.strip())
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--binary", default=".build/debug/anlan")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="anlan-crash-")
    data_dir = os.path.join(work, "data")
    log = open(os.path.join(work, "server.log"), "ab")
    env = dict(os.environ, ANLAN_BCRYPT_COST="4")
    subprocess.run([args.binary, "demo", "--data-dir", data_dir, "--password", PASSWORD], check=True,
                   stdout=subprocess.DEVNULL, env=env)
    server = Server(args.binary, data_dir, log)
    ledger = Ledger()
    failures = 0
    for round_number in range(1, args.rounds + 1):
        server.start()
        _, token = call(server.base, "POST", "/api/v1/auth/token", body={"username": "inspector", "password": PASSWORD})
        token = token["token"]
        _, page = call(server.base, "GET", "/api/v1/enterprises?pageSize=200", token)
        enterprises = [e["id"] for e in page["items"]]
        stop = threading.Event()
        threads = [threading.Thread(target=writer, args=(server.base, token, enterprises, ledger, stop,
                                                         random.Random(rng.random())))
                   for _ in range(args.writers)]
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(1.0, 4.0))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join()
        problems = check(args.binary, data_dir, ledger)
        print(f"round {round_number}: killed with {len(ledger.inspections)} inspections, {len(ledger.documents)} documents, "
              f"{len(ledger.moves)} hazard orders acknowledged so far: " + ("ok" if not problems else "; ".join(problems)),
              flush=True)
        failures += bool(problems)
    print(f"crash harness: {args.rounds} rounds, {failures} with problems; "
          f"{len(ledger.inspections)} inspections, {len(ledger.documents)} documents, {len(ledger.moves)} orders checked")
    if failures == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("kept for inspection: " + work)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

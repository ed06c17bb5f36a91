#!/usr/bin/env python3
"""demo_once: `cwtop --demo --once --json` reads the same story minute at
any wall-clock time.

The demo's clock starts at the beginning of its story (unless --epoch pins
it), so the one-shot report is always the quiet warm-up minute: exit 0, every
region read without error, the newest period the story's last minute (39) of
the previous loop, us-east-1's latency far below its 500 ms threshold. Before
this, the demo started wherever the wall clock stood in the 40-minute loop,
and three minutes of every loop (ap-south-1's outage) made it exit 2.
"""
import json
import os
import subprocess
import sys

STORY_MINUTES = 40


def main():
    cwtop = os.environ.get("CWTOP", "./cwtop")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent",
           "LANG": "C.UTF-8"}
    failures = []
    for attempt in range(2):
        run = subprocess.run([cwtop, "--demo", "--once", "--json"], env=env,
                             capture_output=True, text=True, timeout=60)
        if run.returncode != 0:
            failures.append(f"run {attempt}: exit {run.returncode}: {run.stderr.strip()}")
            continue
        report = json.loads(run.stdout)
        minute = report["time"] // 60 % STORY_MINUTES
        if minute != 0:
            failures.append(f"run {attempt}: the demo started at story minute {minute}, not 0")
        for region in report["regions"]:
            if region["error"] is not None:
                failures.append(f"{region['region']}: error {region['error']!r}")
            for series in region["series"]:
                if series["state"] != "OK":
                    failures.append(f"{region['region']} {series['id']}: {series['state']}")
                if series["timestamp"] is not None and \
                        series["timestamp"] // 60 % STORY_MINUTES not in (38, 39):
                    failures.append(f"{region['region']} {series['id']}: newest period "
                                    f"is story minute {series['timestamp'] // 60 % STORY_MINUTES}")
        latency = [s for r in report["regions"] if r["region"] == "us-east-1"
                   for s in r["series"] if s["id"] == "latency"]
        if not latency or not latency[0]["value"] or latency[0]["value"] >= 100:
            failures.append(f"us-east-1 latency: {latency}")
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("demo --once: story minute 0, all regions OK, twice")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""cw_alarms_once: CloudWatch's own alarms (DescribeAlarms) against the demo.

The demo endpoint answers DescribeAlarms with the story's two alarms. With
the virtual clock pinned in story minute 27 (the API latency alarm is in
ALARM during minutes 26-30, the Lambda concurrency alarm during 25-30),
`cwtop --demo --once --json` shows both in ALARM on us-east-1's latency and
concurrency series, with the time they entered it; the text report names
them; --no-cloudwatch-alarms leaves every list empty. In minute 5 both are
OK. Against cwtop-sim with us-east-1 denying access, the report says once
that DescribeAlarms is not allowed, and eu-west-1's alarms are still listed.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests", "lib"))
from cwtop_harness import DEMO_ACCESS_KEY, DEMO_SECRET_KEY, Test, next_time_of_phase  # noqa: E402,E501

SPEED = 20.0


def epoch_for(phase):
    """--epoch such that, at SPEED, virtual time is 30 s into story minute
    `phase` a moment from now (virtual = epoch + (real - epoch) * SPEED)."""
    now = time.time()
    target = next_time_of_phase(now + 120, phase) + 30
    return int(now - (target - now) / (SPEED - 1))


ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent",
       "LANG": "C.UTF-8"}


def run(args, demo=True):
    cwtop = os.environ.get("CWTOP", "./cwtop")
    env = dict(ENV)
    if not demo:
        env.update({"AWS_ACCESS_KEY_ID": DEMO_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": DEMO_SECRET_KEY,
                    "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                    "AWS_EC2_METADATA_DISABLED": "true"})
    head = ["--demo", "--speed", str(SPEED)] if demo else []
    return subprocess.run([cwtop, "--once"] + head + args, env=env, capture_output=True,
                          text=True, timeout=60)


def check_denied(t, failures):
    note = "CloudWatch alarms: no permission (cloudwatch:DescribeAlarms)"
    sim = t.sim(faults=["us-east-1=access-denied"], no_outage=True)
    text = run(["--endpoint", sim.url], demo=False).stdout
    if text.count(note) != 1:
        failures.append("the denial is not said exactly once:\n" + text)
    doc = json.loads(run(["--endpoint", sim.url, "--json"], demo=False).stdout)
    if doc.get("cloudwatch_alarms_note") != note:
        failures.append(f"JSON note: {doc.get('cloudwatch_alarms_note')!r}")
    if not alarms_of(doc, "eu-west-1", "latency"):
        failures.append("eu-west-1's alarms are gone with us-east-1's permission")


def alarms_of(report, region, series_id):
    for r in report["regions"]:
        if r["region"] == region:
            for s in r["series"]:
                if s["id"] == series_id:
                    return s["cloudwatch_alarms"]
    return None


def main(t):
    failures = []
    epoch = epoch_for(27)
    out = run(["--json", "--epoch", str(epoch)])
    report = json.loads(out.stdout)
    minute = report["time"] // 60 % 40
    if minute not in (27, 28, 29):  # a second of real time is 20 s of story
        failures.append(f"the report is of story minute {minute}, not 27")
    lat = alarms_of(report, "us-east-1", "latency")
    if not lat or lat[0]["name"] != "smuppy-api-latency-high" or lat[0]["state"] != "ALARM":
        failures.append(f"us-east-1 latency: {lat}")
    elif not lat[0]["since"] or not 0 < report["time"] - lat[0]["since"] <= 5 * 60:
        failures.append(f"us-east-1 latency alarm since {lat[0]['since']}, now {report['time']}")
    conc = alarms_of(report, "us-east-1", "concurrency")
    if not conc or conc[0]["state"] != "ALARM":
        failures.append(f"us-east-1 concurrency: {conc}")
    p99 = alarms_of(report, "us-east-1", "latency_p99")
    if p99 not in ([], None):
        failures.append(f"an Average alarm matched the p99 series: {p99}")

    text = run(["--epoch", str(epoch)]).stdout
    if "CloudWatch alarm smuppy-api-latency-high: ALARM since" not in text:
        failures.append("the text report does not name the alarm:\n" + text)

    off = json.loads(run(["--json", "--no-cloudwatch-alarms", "--epoch", str(epoch)]).stdout)
    if any(s["cloudwatch_alarms"] for r in off["regions"] for s in r["series"]):
        failures.append("--no-cloudwatch-alarms still lists alarms")

    quiet = json.loads(run(["--json", "--epoch", str(epoch_for(5))]).stdout)
    lat = alarms_of(quiet, "us-east-1", "latency")
    if not lat or lat[0]["state"] != "OK":
        failures.append(f"minute 5: us-east-1 latency: {lat}")

    check_denied(t, failures)

    for f in failures:
        t.check(False, f)
    t.check(not failures, "the story's alarms in ALARM at minute 27, OK at minute 5; "
            "a denial said once")


if __name__ == "__main__":
    # Test's exit runs the summary and sets the exit status.
    with Test("cw_alarms_once", timeout=100, need_tmux=False) as test:
        main(test)

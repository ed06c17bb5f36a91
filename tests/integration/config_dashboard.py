#!/usr/bin/env python3
"""End to end: a configuration of one's own, and AWS files edited while
cwtop runs.

1. A config file adds a metric that is not in the defaults (AWS/SQS
   ApproximateAgeOfOldestMessage of the jobs queue, alarmed above 300 s in
   2 of 3 periods) to the built-in ones. The dashboard shows it in every
   region, and when the demo story backs the queue up it goes into ALARM
   in us-east-1 with the banner naming it; --once against the same
   endpoint reports it in ALARM and exits 1.
2. Credentials come from a shared credentials file whose secret is wrong:
   every region says access denied. The file is then fixed while cwtop
   runs: the regions recover by themselves, no restart, no key press.

cwtop and cwtop-sim share the virtual clock (--speed, --epoch), anchored so
that the story starts a little before the queue backs up."""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests", "lib"))
from cwtop_harness import (DEMO_ACCESS_KEY, DEMO_SECRET_KEY, REGIONS, Test,  # noqa: E402
                           next_time_of_phase)

SPEED = 10.0
LABEL = "Jobs queue age"
CONFIG = """
[cwtop]
regions = us-east-1, eu-west-1, ap-south-1
defaults = yes

# Not a built-in metric: the jobs queue's oldest message, in seconds.
[metric queue_age]
label = %s
namespace = AWS/SQS
metric = ApproximateAgeOfOldestMessage
dimension = QueueName=smuppy-jobs-staging
stats = Maximum
unit = s
threshold = 300
comparison = >
datapoints = 2 of 3
""" % LABEL


def anchor_before_backlog():
    """An --epoch such that, with SPEED, virtual time is now at story minute
    21 (the queue passes 300 s in minute 23)."""
    now = time.time()
    target = next_time_of_phase(now + 60, 21)
    return int(now - (target - now) / (SPEED - 1))


def check_configured_metric(t):
    epoch = anchor_before_backlog()
    sim = t.sim(speed=SPEED, epoch=epoch, no_outage=True)
    cfg = os.path.join(t.tmp, "cwtop.conf")
    with open(cfg, "w") as f:
        f.write(CONFIG)
    args = [t.cwtop, "-c", cfg, "--endpoint", sim.url, "--speed", str(SPEED),
            "--epoch", str(epoch), "--no-bell"]
    pane = t.tmux().start("config", args, width=120, height=34)

    shown = pane.wait_screen(lambda s: s.has_columns() and s.row_of(LABEL) is not None
                             and all(s.values(r) for r in REGIONS), timeout=20)
    t.require(shown is not None, "the configured metric has a row, every region values",
              pane.capture())
    alarm = pane.wait_screen(lambda s: "ALARM" in (s.cell("us-east-1", LABEL) or ""),
                             timeout=60)
    t.check(alarm is not None, "the queue's pane goes into ALARM in us-east-1", pane.capture())
    if alarm:
        # The banner names the newest alarm; the story may fire others too.
        banner = alarm.text.split("\n")[1]
        t.check(banner.lstrip().startswith("ALARM") and (LABEL in banner or "more" in banner),
                "the banner announces the alarm", banner)
        t.check("ALARM" not in (alarm.cell("eu-west-1", LABEL) or "ALARM"),
                "eu-west-1's queue is not in ALARM", alarm.text)

    env = t.base_env()
    once = subprocess.run(args[:-1] + ["--once"], env=env, capture_output=True, text=True,
                          timeout=60)
    line = [l for l in once.stdout.splitlines() if l.startswith("us-east-1") and LABEL in l]
    t.check(once.returncode == 1, "--once exits 1 with the queue in ALARM (%d)" % once.returncode,
            once.stdout + once.stderr)
    t.check(len(line) == 1 and "ALARM" in line[0], "--once shows the queue in ALARM",
            once.stdout)
    pane.keys("q")
    t.check(pane.wait_exit(10) == 0, "q quits with status 0")


def check_credentials_reload(t):
    sim = t.sim(speed=SPEED, no_outage=True)
    creds = os.path.join(t.tmp, "credentials")
    with open(creds, "w") as f:
        f.write("[default]\naws_access_key_id = %s\naws_secret_access_key = wrong\n"
                % DEMO_ACCESS_KEY)
    env = {"AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_ACCESS_KEY_ID": None,
           "AWS_SECRET_ACCESS_KEY": None}
    pane = t.tmux().start("reload", [t.cwtop, "--endpoint", sim.url, "--speed", str(SPEED),
                                     "--no-bell"], width=100, height=30, env=env)
    denied = pane.wait_for(r"access denied", timeout=20)
    t.require(denied is not None, "a wrong secret in the credentials file: access denied",
              pane.capture())
    with open(creds, "w") as f:
        f.write("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                % (DEMO_ACCESS_KEY, DEMO_SECRET_KEY))
    healed = pane.wait_screen(lambda s: "access denied" not in s.text and s.has_columns()
                              and all(s.values(r) for r in REGIONS), timeout=30)
    t.check(healed is not None, "after the file is fixed every region recovers by itself",
            pane.capture())
    t.check(pane.running(), "cwtop ran all along")
    pane.keys("q")
    t.check(pane.wait_exit(10) == 0, "q quits with status 0")


with Test("config_dashboard", timeout=170) as t:
    check_configured_metric(t)
    check_credentials_reload(t)

#!/usr/bin/env python3
"""The endpoint's data faults in a running cwtop: see faults.py.

First the faults that fail one metric's result inside a good answer
(metric-forbidden, metric-internal: the StatusCode and Messages of one
MetricDataResult): the faulted pane says ERROR and why, the other panes of
its region and the region's heading stay healthy, `--once` exits 2 naming
the metric and `--once --json` puts the error in that series' object; once
cleared, the pane recovers by itself. Then faults.py's data group."""

import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faults  # noqa: E402

# kind -> (region, what the pane's error says). The fault's default hits the
# first result of each call: cwtop's first query is its first metric.
SERIES_FAULTS = [
    ("metric-forbidden", "us-east-1", r"Forbidden"),
    ("metric-internal", "eu-west-1", r"InternalError"),
]
FIRST = "API latency"  # the first built-in metric's label


def pane_rows(screen, region, label):
    for lb, rows in faults.panes_of(screen, region).items():
        if lb.startswith(label + " ") or lb == label:
            return rows
    return None


def others_fine(screen, region):
    """Every other pane of region: no ERROR."""
    return [lb for lb, rows in faults.panes_of(screen, region).items()
            if not lb.startswith(FIRST + " ") and "ERROR" in rows[0]]


class DataRun(faults.FaultRun):
    def once(self, json_out):
        t = self.t
        argv = [t.cwtop, "--once", "--endpoint", self.sim.url] + \
            t.cwtop_clock_args(faults.SPEED, self.epoch) + (["--json"] if json_out else [])
        p = subprocess.run(argv, env=t.base_env(), capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout

    def series_fault(self, kind, region, expect):
        t = self.t
        print("--- %s on %s (%.1f s)" % (kind, region, t.elapsed()), flush=True)
        self.sim.fault(kind, region)

        def wide_ok(s):
            rows = pane_rows(s, region, FIRST)
            return rows and len(rows) > 1 and "ERROR" in rows[0] and re.search(expect, rows[1])

        s = self.wide.wait_screen(wide_ok, timeout=20)
        t.check(s is not None, "%s on %s: the %s pane says ERROR and /%s/"
                % (kind, region, FIRST, expect), "\n".join(self.wide.screen().column(region)[:4]))
        s = s or self.wide.screen()
        t.check(faults.healthy(s, region), "%s on %s: the region's heading stays healthy"
                % (kind, region), faults.heading(s, region))
        bad = others_fine(s, region)
        t.check(not bad and len(faults.panes_of(s, region)) >= 6,
                "%s on %s: the region's other panes are not in error" % (kind, region), bad)

        def narrow_ok(s):
            row = s.row_of(FIRST)
            return row is not None and "ERR" in s.cell(region, FIRST) and \
                re.search(r"%s %s.*%s" % (re.escape(region), FIRST, expect), str(s))

        s = self.narrow.wait_screen(narrow_ok, timeout=10)
        t.check(s is not None, "%s on %s: 80x24 says ERR in the pane and the error below the "
                "grid" % (kind, region), self.narrow.capture())

        status, out = self.once(False)
        t.check(status == 2, "%s on %s: --once exits 2 (%d)" % (kind, region, status), out)
        t.check(re.search(r"(?m)^%s\s+error: %s: .*%s" % (re.escape(region), FIRST, expect), out),
                "%s on %s: --once prints an error line naming %s" % (kind, region, FIRST), out)
        status, out = self.once(True)
        t.check(status == 2, "%s on %s: --once --json exits 2" % (kind, region))
        try:
            doc = json.loads(out)
            reg = [r for r in doc["regions"] if r["region"] == region][0]
            ser = [x for x in reg["series"] if x["label"] == FIRST][0]
            others = [x for x in reg["series"] if x["label"] != FIRST and x["error"]]
            ok = reg["error"] is None and ser["state"] == "ERROR" and ser["error"] and \
                re.search(expect, ser["error"]["code"]) and ser["error"]["message"] and \
                not others and doc["exit_status"] == 2
        except (ValueError, KeyError, IndexError, TypeError):
            ok = False
        t.check(ok, "%s on %s: --once --json puts the error in %s's series object only"
                % (kind, region, FIRST), out[:1500])

        self.sim.clear(region)

        def recovered(s):
            rows = pane_rows(s, region, FIRST)
            return rows and "ERROR" not in rows[0] and faults.healthy(s, region)

        s = self.wide.wait_screen(recovered, timeout=20)
        t.check(s is not None, "%s on %s: cleared, the pane recovers by itself" % (kind, region),
                "\n".join(self.wide.screen().column(region)[:4]))

    def run(self, kinds):
        self.start()
        for kind, region, expect in SERIES_FAULTS:
            self.series_fault(kind, region, expect)
        super().run(kinds)


def main():
    with faults.Test("faults_data", timeout=110 + 90) as t:
        run = DataRun(t, "data")
        run.run(faults.GROUPS["data"])


if __name__ == "__main__":
    main()

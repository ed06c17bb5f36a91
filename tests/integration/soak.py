#!/usr/bin/env python3
"""Soak: the real cwtop polls cwtop-sim more than 10,000 times, with flat memory.

Both run their clocks 1000 times faster than real time and cwtop polls every
virtual second (--refresh 1), so each region is polled hundreds of times a
second of real time: a day of the story goes by in under a minute and a half.
The range is 24h, the longest, so the metric store's rings are full from the
first poll and every new period pushes an old one out.

After a warm-up (1,500 polls), cwtop's resident memory (VmRSS) is sampled
until cwtop-sim has answered 10,000 more polls; it must not grow by more than
1 MiB (nor cwtop-sim's by more than 2 MiB). Along the way: cwtop keeps
running, every region is polled, no answer but the story's own outage (503
for ap-south-1) is an error, and at the end q exits with status 0. Under
AddressSanitizer (its quarantine and shadow memory grow by design) the polls
are still run (3,000 of them) and checked, but the memory bound is not:
LeakSanitizer checks for leaks when cwtop exits.
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir",
                                               os.path.join(os.path.dirname(__file__), "..", "..")),
                                "tests", "lib"))
from cwtop_harness import REGIONS, Test, rss_kib  # noqa: E402

SPEED = 1000
WARMUP_POLLS = 1500
SOAK_POLLS = 10000
RSS_BOUND_KIB = 1024
SIM_RSS_BOUND_KIB = 2048
# Under AddressSanitizer both programs are several times slower; the run is
# about memory errors and leaks (LeakSanitizer at exit), so fewer polls do.
ASAN_SOAK_POLLS = 3000


def sanitized(path):
    """Whether the binary was built with AddressSanitizer."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        return b"__asan_init" in data or b"libasan" in data
    except OSError:
        return False


def main():
    with Test("soak", timeout=110) as t:
        asan = sanitized(t.cwtop)
        tmux = t.tmux()
        epoch = t.pick_epoch()
        sim = t.sim(speed=SPEED, epoch=epoch)
        pane = tmux.start("soak", [t.cwtop, "--endpoint", sim.url] +
                          t.cwtop_clock_args(SPEED, epoch) + ["--refresh", "1", "--range", "24h"],
                          80, 24)
        pid = pane.pid()
        t.require(pid is not None, "cwtop started", pane.capture())

        def polls():
            return sim.stats().get("requests", 0)

        t.require(t.wait_until(lambda: polls() >= WARMUP_POLLS, 40, "warm-up"),
                  "cwtop polls fast enough to warm up (%d polls in 40 s)" % WARMUP_POLLS,
                  "%d polls\n%s" % (polls(), pane.capture()))
        start_polls, start_time = polls(), time.time()
        rss0, sim_rss0 = rss_kib(pid), rss_kib(sim.proc.pid)
        samples = [rss0]
        peak = rss0
        end_polls = start_polls
        target = ASAN_SOAK_POLLS if asan else SOAK_POLLS
        while end_polls - start_polls < target and time.time() - start_time < 60:
            time.sleep(0.5)
            r = rss_kib(pid)
            if r is None:
                break
            samples.append(r)
            peak = max(peak, r)
            end_polls = polls()
        took = time.time() - start_time
        rss1, sim_rss1 = rss_kib(pid), rss_kib(sim.proc.pid)
        st = sim.stats()
        done = end_polls - start_polls
        print("soak: %d polls in %.1f s (%.0f a second) after %d of warm-up; cwtop VmRSS %s -> "
              "%s KiB (peak %s), cwtop-sim %s -> %s KiB"
              % (done, took, done / max(took, 0.001), start_polls, rss0, rss1, peak,
                 sim_rss0, sim_rss1))
        print("soak: cwtop-sim counted %s" % st)

        t.check(pane.running(), "cwtop is still running after the soak", pane.capture())
        t.check(done >= target, "at least %d polls after the warm-up (%d, %d in all)"
                % (target, done, end_polls))
        per_region = st.get("regions", {})
        t.check(all(per_region.get(r, 0) >= end_polls // 6 for r in REGIONS),
                "every region is polled (%s)" % per_region)
        statuses = st.get("statuses", {})
        bad = {k: v for k, v in statuses.items() if k not in ("200", "503")}
        t.check(not bad, "every answer is 200, or the story's 503 outage", statuses)
        t.check(set(st.get("errors", {})) <= {"ServiceUnavailableException", "ServiceUnavailable"},
                "no error but the story's outage", st.get("errors"))
        screen = pane.screen()
        t.check(screen.has_columns() and all(len(screen.values(r)) >= 4 for r in REGIONS[:2]),
                "the dashboard still shows values", screen.text)
        if asan:
            print("soak: AddressSanitizer build: memory bound not checked")
        elif rss0 is not None and rss1 is not None:
            t.check(rss1 - rss0 < RSS_BOUND_KIB and peak - rss0 < RSS_BOUND_KIB,
                    "cwtop's memory stays flat: VmRSS %d -> %d KiB (peak %d), under %d KiB "
                    "of growth" % (rss0, rss1, peak, RSS_BOUND_KIB), samples)
            t.check(sim_rss1 - sim_rss0 < SIM_RSS_BOUND_KIB,
                    "cwtop-sim's memory stays flat: VmRSS %d -> %d KiB" % (sim_rss0, sim_rss1))
        pane.keys("q")
        t.check(pane.wait_exit(10) == 0, "q ends cwtop with status 0 after the soak",
                pane.capture())


if __name__ == "__main__":
    main()

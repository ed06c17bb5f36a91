"""cwtop_harness: what the script tests need to drive the real binaries.

- Test: a bounded test run. It owns a temporary directory, a watchdog
  (SIGALRM) and every process the test starts, and cleans all of them up on
  any exit (normal end, failure, exception, SIGTERM/SIGINT/SIGHUP, watchdog).
  It counts checks, failures and known bugs and turns them into the
  automake exit status: 0 pass, 1 fail, 77 skip (no tmux), 99 error (no
  binaries).
- Sim: cwtop-sim on a free 127.0.0.1 port (its "listening on" line read back),
  with its faults switched at run time through POST /_sim/fault and its
  counters read from GET /_sim/stats and GET /_sim/story.
- Tmux / Pane: cwtop inside a private tmux server (tmux -L NAME, its own
  config, killed on exit whatever happens): screen captured as text or with escapes,
  patterns waited for with timeouts, keys sent, the window resized, the
  process's pid and exit status and the terminal state after it exits.
- Screen: a captured screen parsed into region columns, so that tests can
  ask "what does us-east-1's column say".

Python 3 standard library only. Everything talks to 127.0.0.1 only: the
proxy variables are removed from every child's environment and urllib is
given no proxy handler.
"""

import atexit
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DEMO_ACCESS_KEY = "AKIDCWTOPDEMO"
DEMO_SECRET_KEY = "cwtop-demo-secret-key"
REGIONS = ("us-east-1", "eu-west-1", "ap-south-1")
STORY_MINUTES = 40

# The only variables children inherit from the tester's environment (see
# Test.base_env): never proxies, AWS settings or colour preferences.
_INHERITED = ("LD_LIBRARY_PATH", "TMPDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
              "MSAN_OPTIONS", "TSAN_OPTIONS")

ESC_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
ESC_ANY = re.compile(r"\x1b(\[[0-9;:?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78MDEHc])")
CLOCK_RE = re.compile(r"\b(\d\d):(\d\d):(\d\d) UTC\b")


class TestFailure(Exception):
    """A check that the rest of the test depends on failed."""


def _now():
    return time.monotonic()


def _log(msg):
    print(msg, flush=True)


def strip_escapes(text):
    return ESC_ANY.sub("", text)


def colour_escapes(text):
    """The colour-setting SGR sequences (30-37, 38, 40-47, 48, 90-97,
    100-107) in text, as strings; 39 and 49 (the defaults) do not count."""
    found = []
    for m in ESC_SGR.finditer(text):
        params = [p for p in re.split("[;:]", m.group(1)) if p != ""]
        for p in params:
            n = int(p)
            if 30 <= n <= 38 or 40 <= n <= 48 or 90 <= n <= 97 or 100 <= n <= 107:
                found.append(m.group(0))
                break
    return found


def styled_lines(capture):
    """Split a screen captured with escapes (capture-pane -e) into lines of
    (text, style) spans. The style carries over from line to line, as
    tmux writes an escape only where the style changes. A style is a dict:
    fg, bg (None, an int 0-255 or an (r, g, b) tuple), bold, reverse, dim,
    underline."""
    style = _default_style()
    lines = []
    for raw in capture.split("\n"):
        spans = []
        pos = 0
        for m in ESC_SGR.finditer(raw):
            if m.start() > pos:
                spans.append((strip_escapes(raw[pos:m.start()]), dict(style)))
            _apply_sgr(style, m.group(1))
            pos = m.end()
        if pos < len(raw):
            spans.append((strip_escapes(raw[pos:]), dict(style)))
        lines.append(spans)
    return lines


def style_at(capture, row, word, start=0):
    """The style of the first occurrence of word on screen row `row` at or
    after column `start`, or None. Columns count characters."""
    lines = styled_lines(capture)
    if row >= len(lines):
        return None
    col = 0
    text = "".join(t for t, _ in lines[row])
    at = text.find(word, start)
    if at < 0:
        return None
    for t, st in lines[row]:
        if col <= at < col + len(t):
            return st
        col += len(t)
    return None


def _default_style():
    return {"fg": None, "bg": None, "bold": False, "reverse": False, "dim": False,
            "underline": False}


def _apply_sgr(style, text):
    params = [int(p) if p else 0 for p in re.split("[;:]", text)] if text else [0]
    i = 0
    while i < len(params):
        p = params[i]
        if p == 0:
            style.update(_default_style())
        elif p == 1:
            style["bold"] = True
        elif p == 2:
            style["dim"] = True
        elif p == 4:
            style["underline"] = True
        elif p == 7:
            style["reverse"] = True
        elif p == 22:
            style["bold"] = style["dim"] = False
        elif p == 24:
            style["underline"] = False
        elif p == 27:
            style["reverse"] = False
        elif 30 <= p <= 37:
            style["fg"] = p - 30
        elif 90 <= p <= 97:
            style["fg"] = p - 90 + 8
        elif p == 39:
            style["fg"] = None
        elif 40 <= p <= 47:
            style["bg"] = p - 40
        elif 100 <= p <= 107:
            style["bg"] = p - 100 + 8
        elif p == 49:
            style["bg"] = None
        elif p in (38, 48) and i + 1 < len(params):
            key = "fg" if p == 38 else "bg"
            if params[i + 1] == 5 and i + 2 < len(params):
                style[key] = params[i + 2]
                i += 2
            elif params[i + 1] == 2 and i + 4 < len(params):
                style[key] = tuple(params[i + 2:i + 5])
                i += 4
        i += 1


# --- Screens ------------------------------------------------------------------


class Screen:
    """A captured screen (plain text) and its region columns.

    The region heading row is the first row that names every region as a
    word of its own (not the header's comma-separated list); each
    region's column runs from its name to the column before the next one
    (the separator). Works for both layouts: one row per metric (narrow) and
    one column of panes per region (wide)."""

    def __init__(self, text, regions=REGIONS):
        self.text = text
        self.lines = text.split("\n")
        self.regions = regions
        self.heading_row = None
        self.starts = {}
        # Not the last two rows: the status line names every region too.
        for y, line in enumerate(self.lines[:max(1, len(self.lines) - 2)]):
            found = {}
            for r in regions:
                m = re.search(r"(?:^|[ │|▶])(%s)(?= |$)" % re.escape(r), line)
                if not m:
                    break
                found[r] = m.start(1)
            else:
                self.heading_row = y
                self.starts = found
                break

    def has_columns(self):
        return self.heading_row is not None

    def heading(self, region):
        """The region's heading text (its name and poll status)."""
        return self.column(region, self.heading_row, self.heading_row + 1)

    def _bounds(self, region):
        start = self.starts[region]
        ends = sorted(s for s in self.starts.values() if s > start)
        return start, (ends[0] - 1) if ends else None

    def grid_end(self):
        """The row after the grid: the first blank row below the heading,
        or the status line."""
        last = max(self.heading_row + 1, len(self.lines) - 2)
        for y in range(self.heading_row + 1, last):
            if not self.lines[y].strip():
                return y
        return last

    def column(self, region, first=None, last=None):
        """The region's column, rows first..last-1 (default: the grid's rows
        below the heading), one string per row."""
        if not self.has_columns():
            return []
        start, end = self._bounds(region)
        first = self.heading_row + 1 if first is None else first
        last = self.grid_end() if last is None else last
        return [line[start:end] for line in self.lines[first:last]]

    def row_of(self, label):
        for y, line in enumerate(self.lines):
            if label in line:
                return y
        return None

    def cell(self, region, label):
        """The text of region's pane on the row that carries label (narrow
        layout: the metric's row)."""
        y = self.row_of(label)
        if y is None or not self.has_columns():
            return None
        return self.column(region, y, y + 1)[0]

    def values(self, region):
        """Every value drawn in region's column of the grid: numbers with
        their unit or suffix ("107ms", "16.5k", "3,895", "98.6k/s")."""
        return re.findall(r"(?<![\w.:])\d[\d,.]*(?:[kMG]|ms| ms| s|/s)?(?![\w:])",
                          "\n".join(self.column(region)))

    def clock(self):
        """The header's clock as seconds of the day, or None."""
        m = CLOCK_RE.search(self.lines[0] if self.lines else "")
        if not m:
            return None
        return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))

    def __contains__(self, s):
        return s in self.text

    def __str__(self):
        return self.text


# --- The test run -----------------------------------------------------------------


class Test:
    """One bounded test run; use as a context manager:

        with Test("e2e_dashboard", timeout=120) as t:
            sim = t.sim(speed=60)
            ...
            t.check(cond, "what must hold", detail)
    """

    def __init__(self, name, timeout=120, need_tmux=True):
        self.name = name
        self.timeout = timeout
        self.started = _now()
        self.failures = []
        self.checks = 0
        self.known = []
        self.xpass = []
        self._cleanups = []
        self._cleaned = False
        self.cwtop = os.environ.get("CWTOP") or self._guess_binary("cwtop")
        self.cwtop_sim = os.environ.get("CWTOP_SIM") or self._guess_binary("cwtop-sim")
        for path in (self.cwtop, self.cwtop_sim):
            if not path or not os.access(path, os.X_OK):
                _log("ERROR: no binary %s (set CWTOP and CWTOP_SIM, or run make check)" % path)
                sys.exit(99)
        if need_tmux and not shutil.which("tmux"):
            self.skip("tmux is not installed")
        self.tmp = tempfile.mkdtemp(prefix="cwtop-%s-" % name)
        self._cleanups.append(lambda: shutil.rmtree(self.tmp, ignore_errors=True))
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        self._start_reaper()

    # -- the shared virtual clock --
    def cwtop_has_epoch(self):
        """Whether cwtop takes --epoch (cwtop-sim always does)."""
        if os.environ.get("CWTOP_TEST_NO_EPOCH"):  # to test the fallback
            return False
        if not hasattr(self, "_has_epoch"):
            p = subprocess.run([self.cwtop, "--help"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=10,
                               env=self.base_env())
            self._has_epoch = b"--epoch" in p.stdout
        return self._has_epoch

    def pick_epoch(self):
        """An anchor for a clock shared by cwtop-sim and cwtop. Without
        cwtop --epoch, cwtop anchors its clock at the second it starts:
        then the anchor is the next whole second but one, and
        cwtop_clock_args waits for it."""
        if self.cwtop_has_epoch():
            return int(time.time())
        return wait_for_real_second(0.0) + 1

    def cwtop_clock_args(self, speed, epoch):
        """cwtop's arguments for the clock cwtop-sim got (speed, epoch).
        Without cwtop --epoch: sleeps until just after the anchor second,
        so that cwtop must be started right away."""
        args = ["--speed", _num(speed)]
        if self.cwtop_has_epoch():
            return args + ["--epoch", str(int(epoch))]
        time.sleep(max(0.0, epoch + 0.02 - time.time()))
        return args

    def _start_reaper(self):
        """A watcher that outlives this process if it is killed outright
        (SIGKILL: no cleanup can run): once our pid is gone it runs the
        commands collected in reap.sh (stop cwtop-sim, kill the tmux
        servers) and removes the temporary directory."""
        self._reap = os.path.join(self.tmp, "reap.sh")
        open(self._reap, "w").close()
        script = ('while kill -0 %d 2>/dev/null; do sleep 1; done; sh %s; rm -rf %s'
                  % (os.getpid(), _shell_quote(self._reap), _shell_quote(self.tmp)))
        self._reaper = subprocess.Popen(["sh", "-c", script], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)

        def stop_reaper():
            self._reaper.kill()
            self._reaper.wait()

        self._cleanups.append(stop_reaper)

    def reap_later(self, command):
        """A shell command the watcher runs if this process dies uncleanly."""
        with open(self._reap, "a") as f:
            f.write(command + "\n")

    @staticmethod
    def _guess_binary(name):
        top = os.environ.get("top_builddir", os.getcwd())
        return os.path.join(top, name)

    # -- life cycle --
    def __enter__(self):
        atexit.register(self.cleanup)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        signal.signal(signal.SIGALRM, self._on_watchdog)
        signal.alarm(int(self.timeout))
        _log("%s: started (bounded to %d s)" % (self.name, self.timeout))
        return self

    def __exit__(self, exc_type, exc, tb):
        signal.alarm(0)
        if exc_type is TestFailure:
            self.failures.append(str(exc))
            _log("FAIL: %s" % exc)
        elif exc_type is not None and exc_type is not SystemExit:
            import traceback

            traceback.print_exception(exc_type, exc, tb)
            self.failures.append("%s: %s" % (exc_type.__name__, exc))
        self.cleanup()
        if exc_type is SystemExit:
            return False
        sys.exit(self.summary())

    def _on_signal(self, sig, _frame):
        raise TestFailure("interrupted by signal %d" % sig)

    def _on_watchdog(self, _sig, _frame):
        raise TestFailure("the test ran out of its %d s" % self.timeout)

    def on_cleanup(self, fn):
        self._cleanups.append(fn)

    def cleanup(self):
        if self._cleaned:
            return
        self._cleaned = True
        for fn in reversed(self._cleanups):
            try:
                fn()
            except Exception as e:  # cleanup must go on whatever happens
                _log("cleanup: %s" % e)

    def elapsed(self):
        return _now() - self.started

    def summary(self):
        took = self.elapsed()
        for k in self.known:
            _log("XFAIL (known bug) %s" % k)
        for k in self.xpass:
            _log("XPASS %s" % k)
        if self.failures or self.xpass:
            _log("%s: FAIL: %d of %d checks failed, %d known bugs no longer show, in %.1f s"
                 % (self.name, len(self.failures), self.checks, len(self.xpass), took))
            for f in self.failures:
                _log("  - %s" % f)
            return 1
        _log("%s: PASS: %d checks (%d known bugs still there) in %.1f s"
             % (self.name, self.checks, len(self.known), took))
        return 0

    # -- verdicts --
    def skip(self, why):
        _log("SKIP: %s" % why)
        sys.exit(77)

    def check(self, cond, what, detail=None):
        """A check that does not stop the test. Returns cond."""
        self.checks += 1
        if cond:
            _log("ok %d - %s" % (self.checks, what))
            return True
        _log("not ok %d - %s" % (self.checks, what))
        if detail is not None:
            _log(_indent(str(detail)))
        self.failures.append(what)
        return False

    def require(self, cond, what, detail=None):
        """A check the rest of the test depends on: stops the test."""
        if not self.check(cond, what, detail):
            raise TestFailure(what)

    def known_bug(self, bug, cond, what, detail=None):
        """A check that fails today because of a reported bug. A failure is
        reported as XFAIL and does not fail the test; a pass means the bug is
        fixed, and fails the test (XPASS) so that the mark gets removed."""
        self.checks += 1
        if cond:
            _log("XPASS %d - %s (known bug %s no longer shows: remove the mark)"
                 % (self.checks, what, bug))
            self.xpass.append("%s: %s" % (bug, what))
            return True
        _log("xfail %d - %s (known bug %s)" % (self.checks, what, bug))
        if detail is not None:
            _log(_indent(str(detail)))
        self.known.append("%s: %s" % (bug, what))
        return False

    # -- environments --
    def base_env(self, extra=None):
        """An environment for cwtop and cwtop-sim built from nothing: PATH,
        the sanitizers' options, HOME and the AWS files in the temporary
        directory (absent), no instance metadata, the demo credentials, a
        UTF-8 locale. Nothing else of the tester's (no proxies, no AWS
        profile, no NO_COLOR). extra adds variables (None removes one)."""
        env = {k: os.environ[k] for k in _INHERITED if k in os.environ}
        env.update({
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "AWS_CONFIG_FILE": os.path.join(self.tmp, "aws-config-absent"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.tmp, "aws-credentials-absent"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": DEMO_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": DEMO_SECRET_KEY,
            "LANG": "C.UTF-8",
            "LC_CTYPE": "C.UTF-8",
        })
        if extra:
            for k, v in extra.items():
                if v is None:
                    env.pop(k, None)
                else:
                    env[k] = v
        return env

    # -- processes --
    def sim(self, **kw):
        s = Sim(self, **kw)
        self.on_cleanup(s.stop)
        return s

    def tmux(self):
        t = Tmux(self)
        self.on_cleanup(t.kill)
        return t

    def wait_until(self, pred, timeout, what, interval=0.1):
        """Poll pred() until it returns something true; returns it, or None
        after timeout seconds."""
        deadline = _now() + timeout
        while True:
            v = pred()
            if v:
                return v
            if _now() >= deadline:
                return None
            time.sleep(interval)


def _indent(text):
    return "\n".join("    | " + line for line in text.rstrip("\n").split("\n"))


# --- cwtop-sim ------------------------------------------------------------------


class Sim:
    """cwtop-sim on a free port of 127.0.0.1."""

    def __init__(self, test, speed=None, epoch=None, faults=(), no_outage=False, quiet=True,
                 start_timeout=10):
        self.test = test
        argv = [test.cwtop_sim, "--port", "0", "--bind", "127.0.0.1"]
        if speed is not None:
            argv += ["--speed", _num(speed)]
        if epoch is not None:
            argv += ["--epoch", str(int(epoch))]
        for f in faults:
            argv += ["--fault", f]
        if no_outage:
            argv.append("--no-outage")
        if quiet:
            argv.append("--quiet")
        self.argv = argv
        self.log_path = os.path.join(test.tmp, "cwtop-sim-%d.log" % id(self))
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=self._log, env=test.base_env(),
                                     start_new_session=True)
        test.reap_later("kill -TERM %d 2>/dev/null" % self.proc.pid)
        self.url = self._read_listening(start_timeout)
        m = re.match(r"http://127\.0\.0\.1:(\d+)$", self.url)
        if not m:
            self.stop()
            raise TestFailure("cwtop-sim listens somewhere else than 127.0.0.1: %s" % self.url)
        self.port = int(m.group(1))
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _read_listening(self, timeout):
        deadline = _now() + timeout
        buf = b""
        fd = self.proc.stdout.fileno()
        while _now() < deadline:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                buf += chunk
                m = re.search(rb"listening on (http://\S+)\n", buf)
                if m:
                    return m.group(1).decode()
            elif self.proc.poll() is not None:
                break
        self.stop()
        raise TestFailure("cwtop-sim did not say 'listening on' within %d s: %r %s"
                          % (timeout, buf, self.log_tail()))

    def log_tail(self, n=20):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-n:]).decode("utf-8", "replace")
        except OSError:
            return ""

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stdout:
            self.proc.stdout.close()
        self._log.close()

    # -- control requests --
    def _request(self, method, path, body=None, timeout=5):
        data = body.encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self._opener.open(req, timeout=timeout) as res:
                return res.status, res.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def fault(self, kind, region="all", arg=None, count=None):
        body = "region=%s&kind=%s" % (region, kind)
        if arg is not None:
            body += "&arg=%s" % arg
        if count is not None:
            body += "&count=%s" % count
        status, text = self._request("POST", "/_sim/fault", body)
        if status != 200:
            raise TestFailure("POST /_sim/fault %s: %s %s" % (body, status, text))
        return json.loads(text)

    def clear(self, region="all"):
        return self.fault("none", region)

    def reset(self):
        status, text = self._request("POST", "/_sim/reset", "")
        if status != 200:
            raise TestFailure("POST /_sim/reset: %s %s" % (status, text))

    def stats(self):
        status, text = self._request("GET", "/_sim/stats")
        if status != 200:
            raise TestFailure("GET /_sim/stats: %s %s" % (status, text))
        return json.loads(text)

    def story(self):
        status, text = self._request("GET", "/_sim/story")
        if status != 200:
            raise TestFailure("GET /_sim/story: %s %s" % (status, text))
        return json.loads(text)


def _num(x):
    return ("%.6f" % x).rstrip("0").rstrip(".") if isinstance(x, float) else str(x)


def story_phase(t):
    """The story minute of virtual time t (sim_story_phase)."""
    return (int(t) // 60) % STORY_MINUTES


def next_time_of_phase(after, phase):
    """The first virtual time >= after at which the story minute `phase`
    begins."""
    minute = int(after) // 60
    loop_start = (minute - minute % STORY_MINUTES) * 60
    t = loop_start + phase * 60
    while t < after:
        t += STORY_MINUTES * 60
    return t


# When cwtop shows the default latency alarm of us-east-1 (measured: the
# story breaches in minutes 23-29, cwtop evaluates 3 of 3 periods with its
# 60 s publishing lag, so ALARM shows from about 27:10 to 32:00 of the
# story): a window safely inside that.
ALARM_SHOWN_FROM = 27 * 60 + 30
ALARM_SHOWN_UNTIL = 31 * 60 + 30


def plan_alarm_speed(start, arrive=12.0, min_speed=3.0, max_speed=60.0):
    """A clock speed for a run that starts at virtual time `start` (=
    real time, as cwtop anchors its clock at its start) and must see the
    story's us-east-1 latency alarm soon: (speed, seconds until the alarm
    shows, seconds it keeps showing), all real. The alarm shows for 4
    virtual minutes, so the slower the better; the faster, the sooner."""
    loop = STORY_MINUTES * 60
    base = start - start % loop
    for lo in (base + ALARM_SHOWN_FROM, base + loop + ALARM_SHOWN_FROM):
        hi = lo - ALARM_SHOWN_FROM + ALARM_SHOWN_UNTIL
        if start >= lo and hi - start >= 30 * min_speed:
            return min_speed, 0.0, (hi - start) / min_speed
        if start < lo:
            speed = min(max_speed, max(min_speed, (lo - start) / arrive))
            return speed, (lo - start) / speed, (hi - lo) / speed
    raise AssertionError("unreachable")


def anchor_for(real_start, virtual_start, speed):
    """The anchor (--epoch) that makes a clock running speed times faster
    read virtual_start at the real time real_start: virtual = anchor +
    (real - anchor) * speed."""
    return int(round((speed * real_start - virtual_start) / (speed - 1)))


def wait_for_real_second(fraction=0.05):
    """Sleep to just after the next whole second of the real clock and
    return that second: a process started now reads that second as "now"
    (how a test gives cwtop-sim --epoch and cwtop the same anchor, since
    cwtop anchors its virtual clock at its start)."""
    now = time.time()
    second = int(now) + 1
    time.sleep(max(0.0, second + fraction - now))
    return second


# --- tmux ---------------------------------------------------------------------------

_WRAPPER = r"""#!/bin/sh
# Runs one program in a tmux pane; records what the harness checks after it
# exits: the exit status and the terminal modes before and after.
dir=$1; shift
. "$dir/env"
printf '%s\n' "$$" > "$dir/shell.pid"
stty -g > "$dir/stty.before" 2>/dev/null
echo "cwtop-harness: before the program"
"$@"
rc=$?
stty -g > "$dir/stty.after" 2>/dev/null
echo "$rc" > "$dir/status.tmp" && mv "$dir/status.tmp" "$dir/status"
echo "cwtop-harness: the program exited with status $rc"
exec sleep 3600
"""


class Tmux:
    """A private tmux server: tmux -L NAME -f CONF, CONF in the temporary
    directory (nobody's ~/.tmux.conf; no status line)."""

    _count = 0

    def __init__(self, test):
        Tmux._count += 1
        self.test = test
        self.name = "cwtop-test-%d-%d" % (os.getpid(), Tmux._count)
        self.wrapper = os.path.join(test.tmp, "run-in-pane.sh")
        with open(self.wrapper, "w") as f:
            f.write(_WRAPPER)
        self.conf = os.path.join(test.tmp, "tmux.conf")
        with open(self.conf, "w") as f:
            # No status line: the program gets the whole window from the
            # start. (Not window-size manual: tmux 3.3a's server dies on the
            # next new-session -x -y with it. No client ever attaches, so a
            # window keeps its -x/-y size until resize-window.)
            f.write("set-option -g status off\n")
        self.panes = {}
        self.started = False
        test.reap_later("tmux -L %s kill-server 2>/dev/null" % self.name)

    def cmd(self, *args, check=True, timeout=10):
        argv = ["tmux", "-L", self.name, "-f", self.conf] + list(args)
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout,
                           env=self.test.base_env())
        if check and p.returncode != 0:
            raise TestFailure("tmux %s: %s" % (" ".join(args),
                                                p.stderr.decode("utf-8", "replace").strip()))
        return p.stdout.decode("utf-8", "replace")

    def start(self, session, argv, width=80, height=24, env=None, term="tmux-256color"):
        """Run argv in a new session (its own window of width x height).
        env: extra variables for the program (None values remove one)."""
        d = os.path.join(self.test.tmp, "pane-%s-%s" % (self.name, session))
        os.makedirs(d)
        full_env = self.test.base_env(env)
        if term is not None:
            full_env["TERM"] = term
        elif "TERM" not in full_env:
            full_env["TERM"] = "tmux-256color"
        # The program gets exactly these variables (env -i, then the file
        # sourced by the wrapper), whatever the tmux server's environment.
        with open(os.path.join(d, "env"), "w") as f:
            for k, v in sorted(full_env.items()):
                if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", k):
                    f.write("%s=%s\nexport %s\n" % (k, _shell_quote(v), k))
        words = ["env", "-i", "/bin/sh", self.wrapper, d] + list(argv)
        command = " ".join(_shell_quote(w) for w in words)
        args = ["new-session", "-d", "-s", session, "-x", str(width), "-y", str(height)]
        self.started = True
        self.cmd(*(args + [command]))
        pane = Pane(self, session, d, argv)
        self.panes[session] = pane
        return pane

    def kill(self):
        if not self.started:
            return
        pids = []
        for pane in self.panes.values():
            pids += pane.program_pids()
        self.cmd("kill-server", check=False)
        # The programs got SIGHUP with the server; make sure they are gone.
        deadline = _now() + 3
        for pid in pids:
            while _pid_alive(pid) and _now() < deadline:
                time.sleep(0.05)
            if _pid_alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def _shell_quote(s):
    if re.match(r"^[A-Za-z0-9_./=:,+-]+$", s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


def _pid_alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return False


def _children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return out


def rss_kib(pid):
    """VmRSS of pid in KiB, or None."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class Pane:
    """The one pane of a tmux session, running one program via the wrapper."""

    def __init__(self, tmux, session, d, argv):
        self.tmux = tmux
        self.session = session
        self.dir = d
        self.argv = argv
        self._pid = None

    # -- the screen --
    def capture(self, escapes=False):
        args = ["capture-pane", "-p", "-t", self.session]
        if escapes:
            args.insert(1, "-e")
        text = self.tmux.cmd(*args)
        return text[:-1] if text.endswith("\n") else text

    def screen(self, regions=REGIONS):
        return Screen(self.capture(), regions)

    def info(self, fmt):
        return self.tmux.cmd("display-message", "-p", "-t", self.session, fmt).strip()

    def size(self):
        w, h = self.info("#{pane_width} #{pane_height}").split()
        return int(w), int(h)

    def wait_for(self, pattern, timeout=10, escapes=False, interval=0.1):
        """Wait until the screen matches pattern (a regex string or a
        predicate on the captured text). Returns the match (or the
        predicate's value), or None after timeout."""
        deadline = _now() + timeout
        while True:
            text = self.capture(escapes)
            if callable(pattern):
                v = pattern(text)
            else:
                v = re.search(pattern, text)
            if v:
                return v
            if _now() >= deadline:
                return None
            time.sleep(interval)

    def wait_screen(self, pred, timeout=10, interval=0.1):
        """Wait until pred(Screen) is true; returns the Screen or None."""
        box = {}

        def test(text):
            s = Screen(text)
            if pred(s):
                box["s"] = s
                return True
            return False

        return box["s"] if self.wait_for(test, timeout, interval=interval) else None

    # -- input --
    def keys(self, *keys):
        """tmux key names (Enter, Escape, C-l, ...) or literal strings."""
        self.tmux.cmd("send-keys", "-t", self.session, *keys)

    def literal(self, text):
        self.tmux.cmd("send-keys", "-l", "-t", self.session, text)

    def resize(self, width, height):
        self.tmux.cmd("resize-window", "-t", self.session, "-x", str(width), "-y", str(height))

    # -- the program --
    def shell_pid(self):
        path = os.path.join(self.dir, "shell.pid")
        try:
            with open(path) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def pid(self, timeout=5):
        """The program's pid (the wrapper's child), or None."""
        if self._pid and _pid_alive(self._pid):
            return self._pid
        deadline = _now() + timeout
        name = os.path.basename(self.argv[0])[:15]
        while True:
            sh = self.shell_pid()
            for c in _children(sh) if sh else []:
                try:
                    with open("/proc/%d/comm" % c) as f:
                        if f.read().strip() == name:
                            self._pid = c
                            return c
                except OSError:
                    continue
            if _now() >= deadline:
                return None
            time.sleep(0.05)

    def program_pids(self):
        pid = self._pid or (self.pid(timeout=0) if self.exit_status() is None else None)
        return [pid] if pid else []

    def running(self):
        return self.exit_status() is None and self.pid(timeout=0.5) is not None

    def signal(self, sig):
        pid = self.pid()
        if not pid:
            raise TestFailure("no %s process to signal" % self.argv[0])
        os.kill(pid, sig)

    def exit_status(self):
        try:
            with open(os.path.join(self.dir, "status")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def wait_exit(self, timeout=10):
        """The program's exit status, or None if it is still running."""
        deadline = _now() + timeout
        while _now() < deadline:
            st = self.exit_status()
            if st is not None:
                return st
            time.sleep(0.05)
        return None

    def stty(self, which):
        try:
            with open(os.path.join(self.dir, "stty." + which)) as f:
                return f.read().strip()
        except OSError:
            return None

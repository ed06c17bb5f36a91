"""Start, query and stop cwtop-sim (the local CloudWatch endpoint)."""

import json
import os
import subprocess
import time
import urllib.request

DEMO_ACCESS_KEY = "AKIDCWTOPDEMO"
DEMO_SECRET_KEY = "cwtop-demo-secret-key"


class Sim:
    def __init__(self, binary, extra_args=()):
        self.proc = subprocess.Popen([binary, "--port", "0", "--quiet", *extra_args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        prefix = "listening on "
        if not line.startswith(prefix):
            self.stop()
            raise RuntimeError(f"cwtop-sim did not start: {line!r}")
        self.url = line[len(prefix):]

    def _request(self, path, body=None):
        data = body.encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data,
                                     method="POST" if data is not None else "GET")
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.read().decode()

    def stats(self):
        return json.loads(self._request("/_sim/stats"))

    def reset(self):
        self._request("/_sim/reset", "")

    def fault(self, region, kind, arg=None):
        body = f"region={region}&kind={kind}"
        if arg is not None:
            body += f"&arg={arg}"
        self._request("/_sim/fault", body)

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def wait_for_polls(sim, regions, count, timeout):
    """Wait until every region has answered `count` GetMetricData with 200."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        st = sim.stats()
        if st.get("statuses", {}).get("200", 0) >= count * len(regions) and all(
                st.get("regions", {}).get(r, 0) >= count for r in regions):
            return st
        time.sleep(0.1)
    return sim.stats()

"""Run a full-screen program under a pseudo-terminal and measure what it costs.

The program gets a pty of a fixed size as its controlling terminal; we read
everything it writes (so it never blocks on a full pty buffer), timestamp
each read, and at the end of the window sample /proc/PID/stat (utime+stime)
and /proc/PID/status (VmHWM) before asking it to quit.
"""

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")

# A quiet gap this long ends the first paint (the burst that draws the
# whole screen). Shorter than every refresh interval measured here
# (htop 1.5 s, btop 2 s, cwtop 1 s), longer than any single paint.
FIRST_PAINT_GAP = 0.5


def proc_cpu_seconds(pid):
    """utime+stime of the whole process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    # The command name may contain spaces or parentheses: split after the
    # last ')'. Fields from there: state(3) ... utime(14) stime(15).
    rest = text[text.rindex(")") + 2:].split()
    utime, stime = int(rest[11]), int(rest[12])
    return (utime + stime) / CLK_TCK, utime / CLK_TCK, stime / CLK_TCK


def proc_status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def smaps_rollup_kb(pid):
    """/proc/PID/smaps_rollup: the kB fields (Rss, Pss, Pss_Anon, Pss_File,
    Shared_Clean, Private_Dirty, Anonymous, ...) summed over all mappings."""
    out = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[0].endswith(":") and parts[2] == "kB":
                    out[parts[0][:-1]] = int(parts[1])
    except OSError:
        return None
    return out


def smaps_by_file(pid, top=8, field="Rss"):
    """Resident kB per mapped file (libraries) and for anonymous memory.
    field="File" counts only file pages (Rss - Anonymous): a library's
    written .data/.bss pages are anonymous (copy-on-write), not shared."""
    sizes, name = {}, None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            first = line.split(None, 1)[0]
            if "-" in first and not first.endswith(":"):
                parts = line.split()
                name = os.path.basename(parts[5]) if len(parts) > 5 else "[anon]"
            elif first == "Rss:":
                sizes[name] = sizes.get(name, 0) + int(line.split()[1])
            elif first == "Anonymous:" and field == "File":
                sizes[name] = sizes.get(name, 0) - int(line.split()[1])
    return sorted(sizes.items(), key=lambda kv: -kv[1])[:top]  # top=None: all


def _set_ctty():
    # Runs in the child after setsid(): make the pty (fd 0) the controlling
    # terminal so SIGWINCH and job control behave as in a real terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def first_paint_end(reads, gap=FIRST_PAINT_GAP):
    """Time (s since start) at which the first burst of output ended."""
    if not reads:
        return None
    last = reads[0][0]
    for t, _ in reads[1:]:
        if t - last >= gap:
            return last
        last = t
    return last


def measure(argv, *, cols, rows, seconds, env, settle=None, quit_keys=b"q", cwd=None,
            smaps=False):
    """Run argv for `seconds` under a cols x rows pty. Returns a dict.

    With `settle` (seconds), CPU is also sampled at that moment, so that the
    steady-state cost (settle..end) can be told apart from start-up."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                            start_new_session=True, preexec_fn=_set_ctty, close_fds=True)
    os.close(slave)
    try:
        return _measure(proc, master, t0, seconds, settle, quit_keys, smaps, argv, cols, rows)
    finally:
        if proc.returncode is None:  # interrupted: leave nothing behind
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
        try:
            os.close(master)
        except OSError:
            pass


def _measure(proc, master, t0, seconds, settle, quit_keys, smaps, argv, cols, rows):
    reads = []  # (seconds since t0, bytes)
    tail = bytearray()
    deadline = t0 + seconds
    exited_early = False
    settle_at = t0 + settle if settle is not None else None
    settle_sample = None
    while True:
        now = time.monotonic()
        if settle_at is not None and settle_sample is None and now >= settle_at:
            settle_sample = (now - t0, proc_cpu_seconds(proc.pid)[0])
        if now >= deadline:
            break
        wake = deadline if settle_sample is not None or settle_at is None else settle_at
        r, _, _ = select.select([master], [], [], max(0.0, wake - now))
        if not r:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the slave side is closed, the program ended
            data = b""
        if not data:
            exited_early = True
            break
        reads.append((time.monotonic() - t0, len(data)))
        tail += data
        del tail[:-8192]
    elapsed = time.monotonic() - t0
    result = {"argv": argv, "cols": cols, "rows": rows, "seconds": elapsed,
              "exited_early": exited_early or proc.poll() is not None}
    if not result["exited_early"]:
        cpu, ut, st = proc_cpu_seconds(proc.pid)
        result.update(cpu_s=cpu, utime_s=ut, stime_s=st,
                      vmhwm_kb=proc_status_kb(proc.pid, "VmHWM"),
                      vmrss_kb=proc_status_kb(proc.pid, "VmRSS"),
                      rss_anon_kb=proc_status_kb(proc.pid, "RssAnon"),
                      rss_file_kb=proc_status_kb(proc.pid, "RssFile"),
                      rss_shmem_kb=proc_status_kb(proc.pid, "RssShmem"))
        if smaps:
            result["smaps_top"] = smaps_by_file(proc.pid)
            result["smaps_files"] = smaps_by_file(proc.pid, top=None, field="File")
            result["smaps_rollup"] = smaps_rollup_kb(proc.pid)
    total = sum(n for _, n in reads)
    fp = first_paint_end(reads)
    after = sum(n for t, n in reads if fp is not None and t > fp)
    result.update(bytes=total, first_paint_s=fp,
                  first_paint_bytes=total - after, bytes_after_paint=after,
                  bps=total / elapsed,
                  bps_after_paint=(after / (elapsed - fp)) if fp is not None else None,
                  writes=len(reads))
    if result.get("cpu_s") is not None:
        result["cpu_pct"] = 100.0 * result["cpu_s"] / elapsed
        if settle_sample is not None:
            ts, cs = settle_sample
            result.update(settle_s=ts, steady_cpu_s=result["cpu_s"] - cs,
                          steady_cpu_pct=100.0 * (result["cpu_s"] - cs) / (elapsed - ts))
    result["rusage"] = _stop(proc, master, quit_keys)
    result["exit_status"] = result["rusage"].pop("status")
    if result["exited_early"]:
        result["tail"] = bytes(tail[-600:]).decode("utf-8", "replace")
    return result


def _drain(master, until):
    while time.monotonic() < until:
        r, _, _ = select.select([master], [], [], max(0.0, until - time.monotonic()))
        if not r:
            return
        try:
            if not os.read(master, 65536):
                return
        except OSError:
            return


def _stop(proc, master, quit_keys):
    """Quit as a user would (keys), then SIGTERM, then SIGKILL; reap with
    wait4 so the CPU of the whole run, quitting included, is available as
    a cross-check of the /proc sample (microseconds instead of ticks)."""
    steps = [("keys", 3.0), (signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)]
    for how, wait in steps:
        if proc.returncode is not None:
            break
        try:
            if how == "keys":
                os.write(master, quit_keys)
            else:
                os.killpg(proc.pid, how)
        except OSError:
            pass
        end = time.monotonic() + wait
        while time.monotonic() < end:
            _drain(master, min(end, time.monotonic() + 0.05))
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = status
                # ru_maxrss is not used: it counts the forked Python
                # child before exec. VmHWM (per address space) is right.
                return {"status": status, "how": str(how),
                        "ru_cpu_s": ru.ru_utime + ru.ru_stime}
    return {"status": proc.returncode, "how": "did not exit", "ru_cpu_s": None}

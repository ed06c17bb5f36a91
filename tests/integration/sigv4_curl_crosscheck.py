#!/usr/bin/env python3
"""Cross-check cwtop's SigV4 signer against an independent one: curl's --aws-sigv4.

curl signs a GetMetricData-like POST and sends it to a one-shot listener on
127.0.0.1 that records the raw request. The same request (same signed
headers, values as they went over the wire, same body and date) is then
signed by cwtop's signer (tests/unit/test_aws_sigv4 --sign) and the two
Authorization values must be equal byte for byte. Run three ways: with a
fixed X-Amz-Date, with the date curl picks itself, and with a session token.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "FwoGZXIvYXdzEBYaDExampleSessionToken+/=="
REGION = "us-east-1"
SERVICE = "monitoring"
BODY = (
    '{"StartTime":1767225600,"EndTime":1767229200,"MetricDataQueries":[{"Id":"m1",'
    '"MetricStat":{"Metric":{"Namespace":"AWS/EC2","MetricName":"CPUUtilization",'
    '"Dimensions":[{"Name":"InstanceId","Value":"i-0123456789abcdef0"}]},'
    '"Period":60,"Stat":"Average"}}],"ScanBy":"TimestampDescending"}'
)


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


class OneShotListener:
    """Accept one connection, record the raw request, answer 200."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(15)
        self.port = self.sock.getsockname()[1]
        self.raw = None
        self.error = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.sock.accept()
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            m = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
            want = int(m.group(1)) if m else 0
            while len(body) < want:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                body += chunk
            self.raw = (head, body)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                         b"Connection: close\r\n\r\n{}")
            conn.close()
        except OSError as e:
            self.error = str(e)
        finally:
            self.sock.close()

    def wait(self):
        self.thread.join(20)
        if self.raw is None:
            fail("the listener recorded no request (%s)" % self.error)
        return self.raw


def run_curl(extra_headers):
    listener = OneShotListener()
    cmd = ["curl", "-sS", "--max-time", "10", "--noproxy", "*",
           "--aws-sigv4", "aws:amz:%s:%s" % (REGION, SERVICE),
           "--user", "%s:%s" % (ACCESS_KEY, SECRET_KEY),
           "-H", "Content-Type: application/x-amz-json-1.0",
           "-H", "X-Amz-Target: GraniteServiceVersion20100801.GetMetricData"]
    for h in extra_headers:
        cmd += ["-H", h]
    cmd += ["--data-binary", BODY, "http://127.0.0.1:%d/" % listener.port]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    if res.returncode != 0:
        fail("curl failed (%d): %s" % (res.returncode, res.stderr.decode(errors="replace")))
    return listener.wait()


def parse_request(head, body):
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    path, _, query = target.partition("?")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name, value))
    return method, path, query, headers, body


def header_values(headers, name):
    return [v.strip() for n, v in headers if n.lower() == name]


def cwtop_sign(tool, method, path, query, headers, body, amz_date, token):
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(("%s\n%s\n%s\n" % (method, path, query)).encode("latin-1"))
        for name, value in headers:
            f.write(("%s:%s\n" % (name, value)).encode("latin-1"))
        f.write(b"\n" + body)
        name = f.name
    try:
        res = subprocess.run([tool, "--sign", REGION, SERVICE, amz_date, ACCESS_KEY, SECRET_KEY,
                              token or "-", name],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    finally:
        os.unlink(name)
    if res.returncode != 0:
        fail("cwtop's signer refused the request: %s" % res.stderr.decode(errors="replace"))
    return res.stdout.decode().rstrip("\n")


def check(tool, label, extra_headers, fixed_date=None, token=None, token_as_header=True):
    head, body = run_curl(extra_headers)
    method, path, query, headers, body = parse_request(head, body)
    if body != BODY.encode():
        fail("%s: the listener did not get the body curl was given" % label)
    authz = header_values(headers, "authorization")
    if len(authz) != 1:
        fail("%s: expected one Authorization header, got %d" % (label, len(authz)))
    authz = authz[0]
    m = re.match(r"AWS4-HMAC-SHA256 Credential=[^,]+, SignedHeaders=([a-z0-9;-]+), "
                 r"Signature=[0-9a-f]{64}$", authz)
    if not m:
        fail("%s: unexpected Authorization from curl: %s" % (label, authz))
    signed = m.group(1).split(";")
    dates = header_values(headers, "x-amz-date")
    if not dates:
        fail("%s: curl sent no X-Amz-Date" % label)
    amz_date = dates[0]
    if fixed_date:
        # curl 7.88 honours a user-supplied X-Amz-Date (and sends it twice:
        # its own copy and ours, both with the same value).
        if any(d != fixed_date for d in dates):
            fail("%s: curl did not use the X-Amz-Date it was given: %s" % (label, dates))
        if "/%s/" % fixed_date[:8] not in authz:
            fail("%s: curl's credential scope does not use the given date" % label)
    # The headers curl signed, with their values as sent. A repeated header
    # that curl duplicated with one and the same value is signed once by
    # curl, so it is passed once here.
    to_sign = []
    for name in signed:
        if name == "x-amz-security-token" and not token_as_header:
            continue
        values = header_values(headers, name)
        if not values:
            fail("%s: curl signed %s but did not send it" % (label, name))
        if len(set(values)) == 1:
            values = values[:1]
        to_sign += [(name.title(), v) for v in values]
    ours = cwtop_sign(tool, method, path, query, to_sign, body, amz_date, token)
    if ours != authz:
        fail("%s: Authorization differs\n  curl:  %s\n  cwtop: %s" % (label, authz, ours))
    print("ok - %s: %s" % (label, authz))


def main():
    builddir = os.environ.get("top_builddir", ".")
    tool = os.path.join(builddir, "tests", "unit", "test_aws_sigv4")
    if not os.access(tool, os.X_OK):
        skip("%s is not built (cmocka missing?)" % tool)
    if not shutil.which("curl"):
        skip("curl is not installed")
    help_all = subprocess.run(["curl", "--help", "all"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL).stdout
    if b"--aws-sigv4" not in help_all:
        skip("this curl has no --aws-sigv4 (needs 7.75 or later)")

    check(tool, "fixed date", ["X-Amz-Date: 20260102T030405Z"], fixed_date="20260102T030405Z")
    check(tool, "curl's own date", [])
    # The token is sent as a header that curl signs; cwtop is given it only
    # in the credentials and must add and sign x-amz-security-token itself.
    check(tool, "session token", ["X-Amz-Date: 20260102T030405Z",
                                  "X-Amz-Security-Token: " + TOKEN],
          fixed_date="20260102T030405Z", token=TOKEN, token_as_header=False)
    check(tool, "session token as a header", ["X-Amz-Security-Token: " + TOKEN], token=TOKEN)


if __name__ == "__main__":
    main()

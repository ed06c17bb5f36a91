#!/usr/bin/env python3
"""Integration: `cwtop --once --json` against moto's CloudWatch server.

moto is an independent implementation of the CloudWatch API, and boto3 is
the reference for what a correct client reads. The test seeds metrics in
three regions with boto3's put_metric_data, runs the real cwtop binary, and
checks that every datapoint cwtop reports equals what boto3's own
get_metric_data returns for the same query, that the alarm evaluation and
the exit status are right, that the CloudWatch alarms cwtop lists per
series (DescribeAlarms) are the ones boto3's describe_alarms returns with
the same states, and that moto's HTML error page for a statistic
it does not support gives a clear one-line error naming the region.

Skipped (exit 77) when moto or boto3 is not installed."""

import datetime
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import boto3  # noqa: F401
    import moto  # noqa: F401
except ImportError as e:
    print(f"SKIP: moto/boto3 not installed ({e})")
    sys.exit(77)

CWTOP = os.environ.get("CWTOP", "./cwtop")
REGIONS = ["us-east-1", "eu-west-1", "ap-south-1"]
API_DIMS = [{"Name": "ApiName", "Value": "smuppy-api"}, {"Name": "Stage", "Value": "staging"}]
TABLE_DIMS = [{"Name": "TableName", "Value": "smuppy-feeds-staging"}]
QUEUE_DIMS = [{"Name": "QueueName", "Value": "smuppy-jobs-staging"}]

# id -> (namespace, metric, dimensions, stat, per_second)
METRICS = {
    "latency": ("AWS/ApiGateway", "Latency", API_DIMS, "Average", False),
    "requests": ("AWS/ApiGateway", "Count", API_DIMS, "Sum", True),
    "concurrency": ("AWS/Lambda", "ConcurrentExecutions", [], "Maximum", False),
    "ddb_read": ("AWS/DynamoDB", "ConsumedReadCapacityUnits", TABLE_DIMS, "Sum", True),
    "queue_age": ("AWS/SQS", "ApproximateAgeOfOldestMessage", QUEUE_DIMS, "Maximum", False),
}

CONFIG = """
[cwtop]
regions = us-east-1, eu-west-1, ap-south-1
range = 1h

[metric latency]
label = API latency
namespace = AWS/ApiGateway
metric = Latency
dimension = ApiName=smuppy-api
dimension = Stage=staging
stats = Average
unit = ms
threshold = 500
comparison = >
datapoints = 3
periods = 3

[metric requests]
label = API requests
namespace = AWS/ApiGateway
metric = Count
dimension = ApiName=smuppy-api
dimension = Stage=staging
stats = Sum
per_second = yes
unit = /s

[metric concurrency]
label = Lambda concurrency
namespace = AWS/Lambda
metric = ConcurrentExecutions
stats = Maximum
threshold = 18000
comparison = >
datapoints = 2
periods = 2

[metric ddb_read]
label = DDB read feeds
namespace = AWS/DynamoDB
metric = ConsumedReadCapacityUnits
dimension = TableName=smuppy-feeds-staging
stats = Sum
per_second = yes
unit = /s

# Not in the defaults: the queue's oldest message, alarmed at 5 minutes.
[metric queue_age]
label = Jobs queue age
namespace = AWS/SQS
metric = ApproximateAgeOfOldestMessage
dimension = QueueName=smuppy-jobs-staging
stats = Maximum
unit = s
threshold = 300
comparison = >
datapoints = 2
periods = 3
"""

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto():
    port = free_port()
    log = open(os.path.join(tmp, "moto.log"), "w")
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                             "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
            return proc, port
        except Exception:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    print("FAIL: moto server did not start")
    sys.exit(1)


def client(region, port):
    return boto3.client("cloudwatch", region_name=region,
                        endpoint_url=f"http://127.0.0.1:{port}",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def utc(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)


def value_for(mid, region, k, j):
    """The seeded samples: region- and minute-dependent, several per minute."""
    r = REGIONS.index(region)
    if mid == "latency":
        # us-east-1 breaches 500 ms for the newest six minutes: ALARM.
        hot = region == "us-east-1" and k <= 6
        return (620.0 if hot else 40.0 + 10 * r) + 3.5 * k + j
    if mid == "requests":
        return 600000.0 + 1000 * k + 10 * j + r
    if mid == "concurrency":
        return 1000.0 * (r + 1) + 17 * k + j
    if mid == "ddb_read":
        return 90000.0 + 250.5 * k + j + r
    # queue_age: ap-south-1's queue backs up (ALARM), the others drain.
    return 420.0 + k if region == "ap-south-1" else 5.0 + k + j


def seed(port, base):
    for region in REGIONS:
        cw = client(region, port)
        for mid, (ns, name, dims, _stat, _ps) in METRICS.items():
            data = [{"MetricName": name, "Dimensions": dims, "Timestamp": utc(base - 60 * k + 5 + 7 * j),
                     "Value": value_for(mid, region, k, j)}
                    for k in range(1, 11) for j in range(3)]
            cw.put_metric_data(Namespace=ns, MetricData=data)


# CloudWatch's own alarms: name -> (region, metric id, statistic key, stat,
# threshold, M, N, state forced with set_alarm_state or None).
ALARMS = {
    "api-latency-high": ("us-east-1", "latency", "Statistic", "Average", 450.0, 2, 3, "ALARM"),
    "api-latency-p99": ("us-east-1", "latency", "ExtendedStatistic", "p99", 900.0, 1, 1, None),
    "lambda-concurrency": ("eu-west-1", "concurrency", "Statistic", "Maximum", 18000.0, 2, 2,
                           "OK"),
}


def seed_alarms(port):
    for name, (region, mid, key, stat, thr, m, n, state) in ALARMS.items():
        ns, metric, dims, _stat, _ps = METRICS[mid]
        cw = client(region, port)
        cw.put_metric_alarm(AlarmName=name, Namespace=ns, MetricName=metric, Dimensions=dims,
                            Period=60, EvaluationPeriods=n, DatapointsToAlarm=m, Threshold=thr,
                            ComparisonOperator="GreaterThanThreshold", **{key: stat})
        if state:
            cw.set_alarm_state(AlarmName=name, StateValue=state, StateReason="test")


def alarm_matches(alarm, mid):
    ns, metric, dims, stat, _ps = METRICS[mid]
    want = {(d["Name"], d["Value"]) for d in dims}
    got = {(d["Name"], d["Value"]) for d in alarm.get("Dimensions", [])}
    return (alarm.get("Namespace") == ns and alarm.get("MetricName") == metric and got == want
            and (alarm.get("Statistic") or alarm.get("ExtendedStatistic")) == stat)


def reference_alarms(port, region, mid):
    """What boto3's describe_alarms says about the series' alarms."""
    out = []
    for page in client(region, port).get_paginator("describe_alarms").paginate(
            AlarmTypes=["MetricAlarm"]):
        for a in page["MetricAlarms"]:
            if alarm_matches(a, mid):
                since = a.get("StateTransitionedTimestamp") or a.get("StateUpdatedTimestamp")
                out.append({"name": a["AlarmName"], "state": a["StateValue"],
                            "since": int(since.timestamp()) if since else None})
    return out


def reference(port, region, mid, start, end):
    ns, name, dims, stat, _ps = METRICS[mid]
    got = client(region, port).get_metric_data(
        MetricDataQueries=[{"Id": "q", "MetricStat": {
            "Metric": {"Namespace": ns, "MetricName": name, "Dimensions": dims},
            "Period": 60, "Stat": stat}}],
        StartTime=utc(start), EndTime=utc(end))
    res = got["MetricDataResults"][0]
    return {int(t.timestamp()): v for t, v in zip(res["Timestamps"], res["Values"])}


def run_cwtop(args, env, timeout=60):
    return subprocess.run([CWTOP] + args, env=env, capture_output=True, text=True,
                          timeout=timeout)


def check_json_run(port, env, base):
    run = run_cwtop(["-c", cfg, "--once", "--json"], env)
    check(run.returncode == 1, f"--once --json exit status 1 (ALARM), got {run.returncode}: "
          f"{run.stderr.strip()}")
    doc = json.loads(run.stdout)
    check(doc.get("exit_status") == run.returncode, "exit_status in the JSON matches")
    regions = {r["region"]: r for r in doc["regions"]}
    check(sorted(regions) == sorted(REGIONS), "all three regions reported")
    start = base - 3600
    for region in REGIONS:
        rep = regions[region]
        check(rep["error"] is None, f"{region}: no error ({rep['error']})")
        series = {s["id"]: s for s in rep["series"]}
        for mid in METRICS:
            s = series.get(mid)
            check(s is not None, f"{region}/{mid} present")
            if s is None:
                continue
            ref = reference(port, region, mid, start, base + 60)
            mine = dict(zip(s["timestamps"], s["values"]))
            check(len(ref) == 10, f"{region}/{mid}: boto3 sees the 10 seeded minutes ({len(ref)})")
            check(mine == ref, f"{region}/{mid}: cwtop's datapoints equal boto3's\n"
                  f"   cwtop {sorted(mine.items())}\n   boto3 {sorted(ref.items())}")
            newest = max(ref)
            want = ref[newest] / 60 if METRICS[mid][4] else ref[newest]
            check(s["timestamp"] == newest, f"{region}/{mid}: newest timestamp {s['timestamp']}")
            check(abs(s["value"] - want) < 1e-9 * max(1, abs(want)),
                  f"{region}/{mid}: latest value {s['value']} == {want}")
            ref_alarms = reference_alarms(port, region, mid)
            mine_alarms = [{k: a[k] for k in ("name", "state", "since")}
                           for a in s.get("cloudwatch_alarms", [])]
            check(mine_alarms == ref_alarms, f"{region}/{mid}: cwtop's CloudWatch alarms equal "
                  f"boto3's describe_alarms\n   cwtop {mine_alarms}\n   boto3 {ref_alarms}")
        lat = series["latency"]["state"]
        check(lat == ("ALARM" if region == "us-east-1" else "OK"), f"{region} latency state {lat}")
        q = series["queue_age"]["state"]
        check(q == ("ALARM" if region == "ap-south-1" else "OK"), f"{region} queue_age state {q}")
        check(series["concurrency"]["state"] == "OK", f"{region} concurrency OK")
    lat_alarms = {s["id"]: s for s in regions["us-east-1"]["series"]}["latency"]
    lat_alarms = lat_alarms["cloudwatch_alarms"]
    check([a["name"] for a in lat_alarms] == ["api-latency-high"],
          f"only the Average alarm is on the Average series: {lat_alarms}")
    check(bool(lat_alarms) and "threshold 450 ms differs from cwtop's 500 ms" in
          (lat_alarms[0].get("differs") or ""), f"the rule's difference is said: {lat_alarms}")


def check_table_run(env):
    run = run_cwtop(["-c", cfg, "--once"], env)
    check(run.returncode == 1, f"--once exit status 1, got {run.returncode}")
    lines = run.stdout.splitlines()
    check(any("us-east-1" in l and "API latency" in l and "ALARM" in l for l in lines),
          "table shows us-east-1 API latency in ALARM")
    check(any("ap-south-1" in l and "Jobs queue age" in l and "ALARM" in l for l in lines),
          "table shows the SQS metric (not a default) in ALARM")
    check(any(l.startswith("us-east-1") and "CloudWatch alarm api-latency-high: ALARM" in l
              for l in lines), "table shows the CloudWatch alarm's state")


def check_html_error(env):
    """moto answers a statistic it does not implement (p99) with an HTML 500
    page, as a broken proxy would: one clear line per region, exit 2."""
    bad = os.path.join(tmp, "bad.conf")
    with open(bad, "w") as f:
        f.write("[cwtop]\nregions = eu-west-1\n\n[metric p99]\nnamespace = AWS/ApiGateway\n"
                "metric = Latency\ndimension = ApiName=smuppy-api\ndimension = Stage=staging\n"
                "stats = p99\nunit = ms\n")
    run = run_cwtop(["-c", bad, "--once"], env, timeout=90)
    check(run.returncode == 2, f"HTML 500 page: exit status 2, got {run.returncode}")
    err = [l for l in run.stdout.splitlines() if "error" in l]
    check(len(err) == 1 and "eu-west-1" in err[0] and "500" in err[0],
          f"HTML 500 page: one error line naming the region and status: {err}")
    check("<html" not in run.stdout.lower() and "\x1b" not in run.stdout,
          "the HTML body is not dumped")


tmp = tempfile.mkdtemp(prefix="cwtop-moto-")
cfg = os.path.join(tmp, "cwtop.conf")
with open(cfg, "w") as f:
    f.write(CONFIG)
moto_proc, moto_port = start_moto()
try:
    # Seed and read inside one minute, so cwtop's window and boto3's see
    # the same periods.
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)
    base = int(time.time()) // 60 * 60
    seed(moto_port, base)
    seed_alarms(moto_port)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "XDG_CONFIG_HOME": tmp,
           "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_CONFIG_FILE": os.path.join(tmp, "none"),
           "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "none"),
           "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_ENDPOINT_URL_CLOUDWATCH": f"http://127.0.0.1:{moto_port}"}
    check_json_run(moto_port, env, base)
    check_table_run(env)
    check_html_error(env)
finally:
    moto_proc.terminate()
    try:
        moto_proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        moto_proc.kill()

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all checks passed")

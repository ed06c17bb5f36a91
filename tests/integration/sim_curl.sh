#!/bin/sh
# sim_curl: cwtop-sim answers a request signed by curl's own SigV4 signer
# (not cwtop's), and refuses one signed with the wrong secret, as CloudWatch
# does. The server is always stopped, even when a check fails.
set -u

if [ -z "${CWTOP_SIM:-}" ] || [ ! -x "$CWTOP_SIM" ]; then
	echo "skip: CWTOP_SIM is not set to the built cwtop-sim"
	exit 77
fi
if ! command -v curl >/dev/null 2>&1 || ! curl --help all 2>/dev/null | grep -q -- --aws-sigv4; then
	echo "skip: this curl has no --aws-sigv4 (needs curl 7.75 or later)"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sim_curl.XXXXXX") || exit 1
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*"
	for f in "$tmp"/*.body "$tmp/sim.err"; do
		[ -f "$f" ] && { echo "--- $f"; head -c 2000 "$f"; echo; }
	done
	exit 1
}

# The files exist before the child opens them, so the wait loop below
# never reads a file that is not there yet.
: >"$tmp/sim.out"
: >"$tmp/sim.err"
"$CWTOP_SIM" --port 0 >"$tmp/sim.out" 2>"$tmp/sim.err" &
pid=$!

# Wait (at most 10 s) for "listening on http://127.0.0.1:PORT".
url=
i=0
while [ $i -lt 100 ]; do
	url=$(sed -n 's/^listening on \(http:\/\/[0-9.]*:[0-9]*\)$/\1/p' "$tmp/sim.out")
	[ -n "$url" ] && break
	kill -0 "$pid" 2>/dev/null || fail "cwtop-sim exited before listening"
	sleep 0.1
	i=$((i + 1))
done
[ -n "$url" ] || fail "cwtop-sim did not say it was listening"

now=$(date +%s)
end=$((now / 60 * 60))
start=$((end - 600))
body='{"MetricDataQueries":[{"Id":"lat","MetricStat":{"Metric":{"Namespace":"AWS/ApiGateway","MetricName":"Latency","Dimensions":[{"Name":"ApiName","Value":"smuppy-api"},{"Name":"Stage","Value":"staging"}]},"Period":60,"Stat":"Average"}},{"Id":"conc","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"ConcurrentExecutions"},"Period":60,"Stat":"Maximum"}}],"StartTime":'$start',"EndTime":'$end'}'

# sigv4_call NAME SECRET [extra curl args...]: status into $tmp/NAME.status
sigv4_call() {
	name=$1
	secret=$2
	shift 2
	curl -sS --max-time 20 -o "$tmp/$name.body" -D "$tmp/$name.headers" \
		-w '%{http_code}' \
		--aws-sigv4 "aws:amz:us-east-1:monitoring" \
		--user "AKIDCWTOPDEMO:$secret" \
		-H "Content-Type: application/x-amz-json-1.0" \
		-H "X-Amz-Target: GraniteServiceVersion20100801.GetMetricData" \
		"$@" -d "$body" "$url/" >"$tmp/$name.status" 2>"$tmp/$name.curlerr" ||
		fail "$name: curl failed: $(cat "$tmp/$name.curlerr")"
}

# 1. Signed with the demo secret: 200 and datapoints.
sigv4_call good cwtop-demo-secret-key
[ "$(cat "$tmp/good.status")" = 200 ] || fail "good request: HTTP $(cat "$tmp/good.status")"
grep -qi '^content-type: application/x-amz-json-1.0' "$tmp/good.headers" ||
	fail "good request: wrong Content-Type"
grep -qi '^x-amzn-RequestId: ' "$tmp/good.headers" || fail "good request: no x-amzn-RequestId"
grep -q '"MetricDataResults":\[{"Id":"lat"' "$tmp/good.body" || fail "good request: no results"
grep -q '"Values":\[[0-9]' "$tmp/good.body" || fail "good request: no datapoints"
grep -q '"StatusCode":"Complete"' "$tmp/good.body" || fail "good request: not Complete"

# 2. The wrong secret: 403 InvalidSignatureException (SignatureDoesNotMatch
#    in query mode).
sigv4_call bad not-the-secret -H "x-amzn-query-mode: true"
[ "$(cat "$tmp/bad.status")" = 403 ] || fail "wrong secret: HTTP $(cat "$tmp/bad.status")"
grep -q '"__type":"com.amazon.coral.service#InvalidSignatureException"' "$tmp/bad.body" ||
	fail "wrong secret: wrong __type"
grep -qi '^x-amzn-query-error: SignatureDoesNotMatch;Sender' "$tmp/bad.headers" ||
	fail "wrong secret: no x-amzn-query-error"

# 3. A fault switched on at run time: throttled, then cleared.
curl -sS --max-time 10 -o /dev/null -d 'region=us-east-1&kind=throttle' "$url/_sim/fault" ||
	fail "cannot set a fault"
sigv4_call throttled cwtop-demo-secret-key
[ "$(cat "$tmp/throttled.status")" = 400 ] || fail "throttle: HTTP $(cat "$tmp/throttled.status")"
grep -q 'ThrottlingException' "$tmp/throttled.body" || fail "throttle: wrong __type"
curl -sS --max-time 10 -o /dev/null -d 'region=us-east-1&kind=none' "$url/_sim/fault" ||
	fail "cannot clear a fault"
sigv4_call again cwtop-demo-secret-key
[ "$(cat "$tmp/again.status")" = 200 ] || fail "after clearing: HTTP $(cat "$tmp/again.status")"

# 4. The counts agree.
curl -sS --max-time 10 "$url/_sim/stats" >"$tmp/stats.body" || fail "no stats"
grep -q '"requests":4' "$tmp/stats.body" || fail "stats: $(cat "$tmp/stats.body")"

# 5. SIGTERM stops it cleanly.
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ $rc -eq 0 ] || fail "cwtop-sim exited with $rc on SIGTERM"
echo "ok: cwtop-sim answered curl's SigV4 as CloudWatch does"
exit 0

#!/bin/sh
# check-layers: the layering rules of HACKING.md, checked on the source.
#
#  1. Only widgets/term.c includes curses: widgets draw into a canvas.
#  2. Widgets never see the network: no libcurl, json-c, AWS, HTTP, poller
#     or session header under widgets/.
#  3. Only the wiring (src/app.c, src/main.c) and the key table include
#     widget headers from src/.
#  4. libcurl is used in src/http.c alone; json-c only where untrusted JSON is
#     decoded or JSON is written (the list below).
# Exits 1 and names every offending line.
top=${1:-${top_srcdir:-.}}
cd "$top" || exit 1
bad=0

offend() {
	echo "layer rule broken: $1"
	echo "$2" | sed 's/^/    /'
	bad=1
}

hits=$(grep -n '#include *<n\?curses' src/*.[ch] widgets/*.[ch] | grep -v '^widgets/term\.c:')
[ -z "$hits" ] || offend "only widgets/term.c includes curses" "$hits"

hits=$(grep -n '#include' widgets/*.[ch] |
	grep -E 'curl/|json-c/|src/(aws_|http|cloudwatch|poller|session|sim_|once|app)')
[ -z "$hits" ] || offend "widgets see no network, AWS or app module" "$hits"

hits=$(grep -n '#include "widgets/' src/*.[ch] |
	grep -v -E '^src/(app\.c|main\.c|keymap\.h):')
[ -z "$hits" ] || offend "only src/app.c, src/main.c and src/keymap.h include widgets" "$hits"

hits=$(grep -n '#include <curl/' src/*.[ch] widgets/*.[ch] | grep -v '^src/http\.c:')
[ -z "$hits" ] || offend "libcurl is used in src/http.c alone" "$hits"

hits=$(grep -n '#include <json-c/' src/*.[ch] widgets/*.[ch] |
	grep -v -E '^src/(cloudwatch|cw_alarms|aws_creds_json|once|sim_server)\.c:')
[ -z "$hits" ] || offend "json-c only in cloudwatch.c, cw_alarms.c, aws_creds_json.c, once.c, sim_server.c" "$hits"

[ $bad -eq 0 ] && echo "layers: all rules hold"
exit $bad

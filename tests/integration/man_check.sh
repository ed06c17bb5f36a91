#!/bin/sh
# man_check: the man pages against the option table.
#
#  1. both pages render without a single groff warning;
#  2. every option `cwtop --list-options` prints (from the one option table
#     in src/settings_opts.c) is in the tag of a paragraph of cwtop(1), and
#     every config key is the tag of one of cwtop.conf(5) ("key = type").
# Exit 77 (skipped) without groff. tests/unit/test_settings.c checks the
# same table against the man sources without the binary.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cwtop=${CWTOP:-./cwtop}
page1=$srcdir/man/cwtop.1
page5=$srcdir/man/cwtop.conf.5

if ! command -v groff >/dev/null 2>&1; then
	echo "SKIP: groff is not installed"
	exit 77
fi

status=0
for page in "$page1" "$page5"; do
	warnings=$(groff -ww -z -man "$page" 2>&1)
	if [ -n "$warnings" ]; then
		echo "FAIL: groff warns about $page:"
		echo "$warnings"
		status=1
	fi
done

# The tag of each tagged paragraph (the line after .TP or .TQ), as text:
# "\-" is "-", font escapes, quotes and the macro name are dropped.
tags() {
	awk 'prev ~ /^\.T[PQ]$/ { print } { prev = $0 }' "$1" |
		sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/"//g' -e 's/^\.[A-Z]* *//'
}
tags1=$(tags "$page1")
tags5=$(tags "$page5")

list=$(timeout 10 "$cwtop" --list-options </dev/null 2>/dev/null)
case $list in
option\ --*) ;;
*)
	if [ "$status" -ne 0 ]; then
		exit "$status"
	fi
	echo "SKIP: '$cwtop --list-options' printed no option list (main.c must call"
	echo "settings_list_options() for MODE_LIST_OPTIONS); groff checks passed"
	exit 77
	;;
esac

checked=0
while read -r kind name; do
	case $kind in
	option)
		# "--regions list", "-c, --config file": the name as a word of a tag.
		pattern="(^|[ ,])$name([ ,]|\$)"
		tags=$tags1
		page=cwtop.1
		;;
	key | metric-key)
		pattern="^$name = "
		tags=$tags5
		page=cwtop.conf.5
		;;
	*)
		echo "FAIL: unexpected line from --list-options: $kind $name"
		status=1
		continue
		;;
	esac
	if ! printf '%s\n' "$tags" | grep -qE -- "$pattern"; then
		echo "FAIL: $page does not document $kind $name"
		status=1
	fi
	checked=$((checked + 1))
done <<END
$list
END

echo "checked $checked options and keys against cwtop.1 and cwtop.conf.5"
exit "$status"

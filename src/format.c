/* format: numbers and durations for people, pure. */
#include "config.h"

#include "src/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

char *format_thousands(char *out, size_t outlen, double v)
{
	char digits[32];
	char tmp[48];
	size_t n, i, o = 0;
	int neg = v < 0;

	if (!isfinite(v) || fabs(v) >= 1e18) {
		snprintf(out, outlen, "n/a");
		return out;
	}
	snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	n = strlen(digits);
	if (neg && strcmp(digits, "0") != 0)
		tmp[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			tmp[o++] = ',';
		tmp[o++] = digits[i];
	}
	tmp[o] = '\0';
	snprintf(out, outlen, "%s", tmp);
	return out;
}

/* scaled: v with a k/M/G suffix and 3 significant digits at most. */
static void scaled(char *out, size_t outlen, double v)
{
	static const char suffix[] = {'\0', 'k', 'M', 'G', 'T'};
	double a = fabs(v);
	size_t i = 0;

	while (a >= 999.5 && i + 1 < sizeof(suffix)) {
		a /= 1000;
		v /= 1000;
		i++;
	}
	if (i == 0 && a == floor(a))
		snprintf(out, outlen, "%.0f", v);
	else if (a < 9.995)
		snprintf(out, outlen, "%.2f%.1s", v, &suffix[i]);
	else if (a < 99.95)
		snprintf(out, outlen, "%.1f%.1s", v, &suffix[i]);
	else
		snprintf(out, outlen, "%.0f%.1s", v, &suffix[i]);
}

char *format_value(char *out, size_t outlen, double v, const char *unit)
{
	char num[32];

	if (!unit)
		unit = "";
	if (!isfinite(v)) {
		snprintf(out, outlen, "n/a");
	} else if (strcmp(unit, "ms") == 0) {
		if (fabs(v) >= 10000)
			snprintf(out, outlen, "%.1f s", v / 1000);
		else if (fabs(v) >= 100 || v == floor(v))
			snprintf(out, outlen, "%.0f ms", v);
		else
			snprintf(out, outlen, "%.1f ms", v);
	} else if (strcmp(unit, "/s") == 0) {
		scaled(num, sizeof(num), v);
		snprintf(out, outlen, "%s/s", num);
	} else if (strcmp(unit, "%") == 0) {
		snprintf(out, outlen, fabs(v) < 10 ? "%.2f%%" : "%.1f%%", v);
	} else if (unit[0] == '\0') {
		if (fabs(v) >= 1e7)
			scaled(out, outlen, v);
		else if (v == floor(v))
			format_thousands(out, outlen, v);
		else if (fabs(v) >= 100)
			format_thousands(out, outlen, v);
		else
			snprintf(out, outlen, "%.2f", v);
	} else {
		scaled(num, sizeof(num), v);
		snprintf(out, outlen, "%s %s", num, unit);
	}
	return out;
}

char *format_compact(char *out, size_t outlen, double v, const char *unit)
{
	char num[32];

	if (!isfinite(v)) {
		snprintf(out, outlen, "n/a");
		return out;
	}
	/* A second or more reads better as seconds: "2.83s", not "2.83kms". */
	if (unit && strcmp(unit, "ms") == 0 && fabs(v) >= 999.5) {
		scaled(num, sizeof(num), v / 1000);
		snprintf(out, outlen, "%ss", num);
		return out;
	}
	if (fabs(v) < 100 && v != floor(v))
		snprintf(num, sizeof(num), fabs(v) < 10 ? "%.2f" : "%.1f", v);
	else
		scaled(num, sizeof(num), v);
	if (unit && strcmp(unit, "ms") == 0)
		snprintf(out, outlen, "%sms", num);
	else if (unit && strcmp(unit, "%") == 0)
		snprintf(out, outlen, "%s%%", num);
	else
		snprintf(out, outlen, "%s", num);
	return out;
}

char *format_age(char *out, size_t outlen, int64_t s)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(out, outlen, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(out, outlen, "%lldm", (long long)(s / 60));
	else if (s < 86400)
		snprintf(out, outlen, "%lldh%02lldm", (long long)(s / 3600),
			 (long long)(s % 3600 / 60));
	else
		snprintf(out, outlen, "%lldd", (long long)(s / 86400));
	return out;
}

char *format_utc(char *out, size_t outlen, int64_t epoch, int with_date)
{
	struct tm tm;
	time_t t = (time_t)epoch;

	if (!gmtime_r(&t, &tm)) {
		snprintf(out, outlen, "?");
		return out;
	}
	strftime(out, outlen, with_date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
	return out;
}

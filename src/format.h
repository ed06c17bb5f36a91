/* format: numbers and durations for people, pure.
 *
 * "612 ms", "27.5k/s", "18,240", "2m13s". Used by the panes, the zoomed
 * chart's axis and `--once`. */
#ifndef CWTOP_FORMAT_H
#define CWTOP_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* format_value: v in unit ("ms", "/s", "%", "" for a plain count, or any
 * other unit, appended after a space). Returns out. Non-finite values
 * print as "n/a". */
char *format_value(char *out, size_t outlen, double v, const char *unit);
/* format_compact: at most 6 columns, for narrow panes and axis labels:
 * "612ms", "27.5k", "18.2k", "1.2M". */
char *format_compact(char *out, size_t outlen, double v, const char *unit);
/* format_thousands: an integer with comma separators: "18,240". */
char *format_thousands(char *out, size_t outlen, double v);
/* format_age: seconds as "45s", "3m", "2h05m", "3d". */
char *format_age(char *out, size_t outlen, int64_t seconds);
/* format_utc: "HH:MM:SS" (with_date: "YYYY-MM-DD HH:MM:SS") in UTC. */
char *format_utc(char *out, size_t outlen, int64_t epoch, int with_date);

#endif

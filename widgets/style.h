/* style: the UI roles every widget draws with. Themes map a role to
 * colours and attributes; widgets never name a colour. The one table of
 * roles and their built-in defaults lives in widgets/style.c. */
#ifndef CWTOP_STYLE_H
#define CWTOP_STYLE_H

enum style_role {
	ROLE_NORMAL,
	ROLE_TITLE,
	ROLE_BORDER,
	ROLE_HEADER,
	ROLE_STATUS,
	ROLE_HINT,
	ROLE_OK,
	ROLE_WARN,
	ROLE_ALARM,
	ROLE_STALE,
	ROLE_ERROR,
	ROLE_NODATA,
	ROLE_SPARK,
	ROLE_SPARK_ALARM,
	ROLE_SPARK_PROVISIONAL,
	ROLE_THRESHOLD,
	ROLE_FOCUS,
	ROLE_BANNER,
	ROLE_AXIS,
	ROLE_COUNT
};

/* style_role_name: "alarm", "spark_alarm"... as used in theme files. */
const char *style_role_name(enum style_role r);
/* style_role_from_name: -1 when unknown. */
int style_role_from_name(const char *name);

#endif

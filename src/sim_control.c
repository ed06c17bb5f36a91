/* sim_control: the demo endpoint's unsigned control requests (/_sim/...). */
#include "config.h"

#include "src/sim_control.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/clock.h"
#include "src/sim_faults.h"
#include "src/sim_json.h"
#include "src/sim_story.h"

/* form_value: the decoded value of key in an x-www-form-urlencoded body. */
static bool form_value(const char *body, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key);

	for (const char *p = body; p && *p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);

		if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			size_t o = 0;

			for (size_t i = klen + 1; i < len && o + 1 < outlen; i++) {
				char c = p[i];

				if (c == '+') {
					c = ' ';
				} else if (c == '%' && i + 2 < len) {
					char hex[3] = {p[i + 1], p[i + 2], 0};

					c = (char)strtol(hex, NULL, 16);
					i += 2;
				}
				out[o++] = c;
			}
			out[o] = '\0';
			return true;
		}
		p = amp ? amp + 1 : NULL;
	}
	return false;
}

static void control_fault(struct sim_server *s, const char *body, struct sim_reply *r)
{
	char region[64] = "", kind[64] = "", arg[32] = "", cnt[32] = "", spec_text[160], err[200];
	struct sim_fault_spec spec;

	form_value(body, "region", region, sizeof(region));
	form_value(body, "arg", arg, sizeof(arg));
	form_value(body, "count", cnt, sizeof(cnt));
	if (!form_value(body, "kind", kind, sizeof(kind))) {
		sim_reply_text(r, 400, "text/plain", "kind is required\n");
		return;
	}
	snprintf(spec_text, sizeof(spec_text), "%s=%s%s%s", region[0] ? region : "all", kind,
		 arg[0] && !strchr(kind, ':') ? ":" : "", strchr(kind, ':') ? "" : arg);
	if (sim_fault_spec_parse(spec_text, &spec, err, sizeof(err)) < 0 ||
	    (cnt[0] && sim_fault_parse_number(cnt, &spec.count) < 0) ||
	    sim_server_add_fault(s, &spec) < 0) {
		sim_reply_text(r, 400, "text/plain", "bad fault\n");
		return;
	}
	buf_reset(&r->body);
	buf_printf(&r->body, "{\"region\":");
	sim_json_str(&r->body, spec.region[0] ? spec.region : "all");
	buf_printf(&r->body, ",\"kind\":");
	sim_json_str(&r->body, sim_fault_name(spec.kind));
	buf_printf(&r->body, ",\"arg\":%ld,\"count\":%ld}", spec.arg, spec.count);
	r->content_type = "application/json";
}

void sim_control(struct sim_server *s, const char *url, const char *method, const char *body,
		 struct sim_reply *r)
{
	bool post = strcmp(method, "POST") == 0, get = strcmp(method, "GET") == 0;

	r->content_type = "application/json";
	if (post && strcmp(url, "/_sim/fault") == 0) {
		control_fault(s, body, r);
	} else if (get && strcmp(url, "/_sim/stats") == 0) {
		char *json = sim_server_stats_json(s);

		buf_printf(&r->body, "%s", json);
		free(json);
	} else if (post && strcmp(url, "/_sim/reset") == 0) {
		sim_server_reset(s);
		buf_printf(&r->body, "{}");
	} else if (get && strcmp(url, "/_sim/story") == 0) {
		int64_t now = clock_now();

		buf_printf(&r->body, "{\"now\":%" PRId64 ",\"phase\":%d,\"caption\":", now,
			   sim_story_phase(now));
		sim_json_str(&r->body, sim_story_caption(sim_story_phase(now)));
		buf_printf(&r->body, "}");
	} else {
		sim_reply_text(r, 404, "text/plain", "no such control request\n");
	}
}

/* bench/libfloor.c: the memory every process that links cwtop's libraries
 * pays before it stores anything (bench/run's "library floor").
 *
 * It links what cwtop links (libcurl, ncursesw, libcrypto, json-c, inih,
 * libmicrohttpd) and touches each once as cwtop's start-up and first poll
 * do: the locale, curses on the terminal, curl_global_init and one POST to
 * a local endpoint (plain HTTP, as bench/run's cwtop-sim), one
 * HMAC-SHA256 (a SigV4 step), one JSON parse, one INI parse, one libm
 * call (cwtop links -lm). Then it waits
 * for 'q' on the terminal (at most 120 s) so that bench/run can read
 * /proc/PID/status and smaps as it does for cwtop.
 *
 * Built by bench/run with cc and pkg-config; not part of cwtop's build. */
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <curses.h>
#include <ini.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static size_t discard(char *data, size_t size, size_t n, void *userp)
{
	(void)data;
	(void)userp;
	return size * n;
}

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
	(void)section;
	(void)name;
	(void)value;
	++*(int *)user;
	return 1;
}

/* One request to url, as the poller's first call would make (a POST). */
static long one_post(const char *url)
{
	CURL *e = curl_easy_init();
	long status = 0;

	if (!e)
		return -1;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, "{}");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 10L);
	if (curl_easy_perform(e) == CURLE_OK)
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(e);
	return status;
}

static void wait_for_q(void)
{
	struct pollfd pfd = {.fd = 0, .events = POLLIN};
	char c = 0;

	for (int i = 0; i < 120 && c != 'q'; i++)
		if (poll(&pfd, 1, 1000) > 0 && read(0, &c, 1) != 1)
			break;
}

int main(int argc, char **argv)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	struct json_object *doc;
	int ini_keys = 0;
	volatile double half = 2.5;
	long status;

	if (argc != 2) {
		fprintf(stderr, "usage: libfloor URL\n");
		return 2;
	}
	setlocale(LC_ALL, "");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	HMAC(EVP_sha256(), "key", 3, (const unsigned char *)"data", 4, mac, &maclen);
	doc = json_tokener_parse("{\"MetricDataResults\":[{\"Id\":\"m0\",\"Values\":[1.5]}]}");
	ini_parse_string("[metric a]\nnamespace = AWS/EC2\n", on_ini, &ini_keys);
	status = one_post(argv[1]);
	initscr();
	start_color();
	mvprintw(0, 0, "libfloor: HTTP %ld, mac %u B, json %s, ini %d, microhttpd %s, %g", status,
		 maclen, doc ? "ok" : "?", ini_keys, MHD_get_version(), floor(half));
	refresh();
	wait_for_q();
	endwin();
	json_object_put(doc);
	curl_global_cleanup();
	return 0;
}

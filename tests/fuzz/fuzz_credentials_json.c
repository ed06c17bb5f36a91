/* fuzz_credentials_json: aws_credentials_parse_json, the reader of what
 * credential_process prints and what the container agent and instance
 * metadata answer. The input is the whole document.
 *
 * Accepted: a key id and a secret that are non-empty, bounded and free of
 * control characters (they go into HMAC keys and HTTP headers), a session
 * token the same or absent. Refused: a one-line error safe to print that
 * never quotes the document's SecretAccessKey, and nothing left allocated
 * (LeakSanitizer checks that). */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "src/aws_credentials.h"
#include "src/sanitize.h"
#include "tests/fuzz/fuzz.h"

/* Bounds the header does not name but every use needs: a key id is at most
 * 127 bytes, a secret 1 KiB, a token 16 KiB (aws_credentials.c). */
#define KEY_ID_MAX 128
#define SECRET_MAX 1025
#define TOKEN_MAX  16385

/* secret_of: the document's SecretAccessKey as a lenient json-c reads it,
 * or NULL. Only secrets of 8 bytes or more are looked for in the error (a
 * shorter one may well be a piece of a message). */
static char *secret_of(const uint8_t *data, size_t size)
{
	struct json_object *root, *v;
	char *text = malloc(size + 1), *secret = NULL;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	root = json_tokener_parse(text);
	free(text);
	if (root && json_object_object_get_ex(root, "SecretAccessKey", &v) &&
	    json_object_is_type(v, json_type_string) && strlen(json_object_get_string(v)) >= 8)
		secret = strdup(json_object_get_string(v)); /* up to a "\u0000" */
	json_object_put(root);
	return secret;
}

/* The parser's own words (aws_creds_json.c, aws_credentials.c): a "secret"
 * that is a piece of one of them is no leak when the error shows it. */
static const char *const fixed_words[] = {
	"not a JSON document of at most 1 MiB",
	"invalid JSON (data after the object)",
	"the JSON is not an object",
	"Version is not 1",
	"Code is \"\", not \"Success\"",
	"AccessKeyId and SecretAccessKey must be strings",
	"SessionToken (or Token) must be a string",
	"Expiration must be a string",
	"Expiration \"\" is not an ISO 8601 time",
	"credentials JSON: the access key id is not [A-Za-z0-9_-]{1,127}",
	"credentials JSON: the secret access key is empty, too long or not printable ASCII",
	"credentials JSON: the session token is empty, too long or not printable ASCII",
};

static int in_fixed_words(const char *secret)
{
	char buf[160];
	size_t i;
	int e;

	for (i = 0; i < sizeof(fixed_words) / sizeof(fixed_words[0]); i++)
		if (strstr(fixed_words[i], secret))
			return 1;
	for (e = 0; e < 32; e++) {
		snprintf(buf, sizeof(buf), "invalid JSON (%s)",
			 json_tokener_error_desc((enum json_tokener_error)e));
		if (strstr(buf, secret))
			return 1;
	}
	return 0;
}

/* echoed: the messages that quote Code or Expiration (sanitized, cut to 63
 * bytes as aws_creds_safe does), built from the document, hold it. */
static int echoed(const uint8_t *data, size_t size, const char *secret)
{
	static const char *const quoted[][3] = {
		{"Code", "Code is \"", "\", not \"Success\""},
		{"Expiration", "Expiration \"", "\" is not an ISO 8601 time"},
	};
	struct json_object *root, *v;
	char *text = malloc(size + 1);
	size_t i;
	int hit = 0;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	root = json_tokener_parse(text);
	free(text);
	for (i = 0; root && i < sizeof(quoted) / sizeof(quoted[0]); i++) {
		if (json_object_object_get_ex(root, quoted[i][0], &v) &&
		    json_object_is_type(v, json_type_string)) {
			const char *raw = json_object_get_string(v);
			char shown[64], msg[256];

			sanitize_copy(shown, sizeof(shown), raw, strlen(raw));
			snprintf(msg, sizeof(msg), "%s%s%s", quoted[i][1], shown, quoted[i][2]);
			if (strstr(msg, secret))
				hit = 1;
		}
	}
	json_object_put(root);
	return hit;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aws_credentials c;
	char err[256];

	memset(&c, 0xA5, sizeof(c)); /* the parser must not read what was there */
	memset(err, 0xA5, sizeof(err));
	if (aws_credentials_parse_json((const char *)data, size, &c, err, sizeof(err)) == 0) {
		FUZZ_CHECK(c.access_key_id && c.access_key_id[0]);
		FUZZ_CHECK(fuzz_text_safe(c.access_key_id, KEY_ID_MAX));
		FUZZ_CHECK(c.secret_access_key && c.secret_access_key[0]);
		FUZZ_CHECK(fuzz_text_safe(c.secret_access_key, SECRET_MAX));
		FUZZ_CHECK(!c.session_token ||
			   (c.session_token[0] && fuzz_text_safe(c.session_token, TOKEN_MAX)));
		FUZZ_CHECK(!strchr(c.access_key_id, ' ') && !strchr(c.secret_access_key, ' '));
		FUZZ_CHECK(fuzz_text_safe(c.source, sizeof(c.source)));
		aws_credentials_clear(&c);
		FUZZ_CHECK(!c.access_key_id && !c.secret_access_key && !c.session_token);
		return 0;
	}
	FUZZ_CHECK(fuzz_text_safe(err, sizeof(err)));
	FUZZ_CHECK(err[0]);
	FUZZ_CHECK(!c.access_key_id && !c.secret_access_key && !c.session_token);
	if (size) {
		char *secret = secret_of(data, size);

		if (secret) {
			FUZZ_CHECK(!strstr(err, secret) || echoed(data, size, secret) ||
				   in_fixed_words(secret));
			free(secret);
		}
	}
	aws_credentials_clear(&c);
	return 0;
}

#include "tests/fuzz/replay.c"

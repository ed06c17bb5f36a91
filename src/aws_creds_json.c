/* aws_creds_json: the credential JSON that credential_process writes and
 * the container agent and instance metadata answer with.
 *
 * The document is untrusted: bounded in size and depth, strict JSON, valid
 * UTF-8, nothing after the object, and every string checked for embedded
 * NULs. json-c keeps its own copies of the secrets; they are wiped before
 * the tree is freed. */
#include "config.h"

#include "src/aws_credentials.h"

#include <string.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "src/aws_credentials_impl.h"
#include "src/iso8601.h"
#include "src/say.h"
#include "src/xalloc.h"

#define JSON_MAX_BYTES (1024 * 1024)
#define JSON_MAX_DEPTH 16

/* json_string: the string member key of obj. 1 found, 0 absent or null,
 * -1 present but not a clean string. */
static int json_string(struct json_object *obj, const char *key, const char **out)
{
	struct json_object *v;
	const char *s;
	int len;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	len = json_object_get_string_len(v);
	if (!s || len < 0 || memchr(s, '\0', (size_t)len))
		return -1; /* "\u0000" inside */
	*out = s;
	return 1;
}

static bool version_is_one(struct json_object *v)
{
	if (json_object_is_type(v, json_type_int))
		return json_object_get_int64(v) == 1;
	if (json_object_is_type(v, json_type_double))
		return json_object_get_double(v) == 1.0;
	return false;
}

int aws_creds_parse_json(const char *json, size_t len, bool require_version,
			 struct aws_credentials *out, char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *root = NULL, *v;
	const char *ak, *sk, *token = NULL, *exp, *code;
	enum json_tokener_error jerr;
	size_t end;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!json || len == 0 || len > JSON_MAX_BYTES || memchr(json, '\0', len)) {
		say(err, errlen, "not a JSON document of at most 1 MiB");
		return -1;
	}
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (!tok)
		fatal("out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, json, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		/* A top-level scalar ("null", "1") ends only at a terminator;
		 * an object never needs one, so this ends in an error or in
		 * "not an object". */
		root = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		end = len;
	}
	if (jerr != json_tokener_success) {
		say(err, errlen, "invalid JSON (%s)", json_tokener_error_desc(jerr));
		goto out;
	}
	for (size_t i = end; i < len; i++) {
		if (json[i] != ' ' && json[i] != '\t' && json[i] != '\r' && json[i] != '\n') {
			say(err, errlen, "invalid JSON (data after the object)");
			goto out;
		}
	}
	if (!json_object_is_type(root, json_type_object)) {
		say(err, errlen, "the JSON is not an object");
		goto out;
	}
	if (json_object_object_get_ex(root, "Version", &v) ? !version_is_one(v) : require_version) {
		say(err, errlen, "Version is not 1");
		goto out;
	}
	if (json_string(root, "Code", &code) < 0 || (code && strcmp(code, "Success") != 0)) {
		char c[64];

		say(err, errlen, "Code is \"%s\", not \"Success\"",
		    aws_creds_safe(c, sizeof(c), code));
		goto out;
	}
	if (json_string(root, "AccessKeyId", &ak) != 1 ||
	    json_string(root, "SecretAccessKey", &sk) != 1) {
		say(err, errlen, "AccessKeyId and SecretAccessKey must be strings");
		goto out;
	}
	if (json_string(root, "SessionToken", &token) < 0 ||
	    (!token && json_string(root, "Token", &token) < 0)) {
		say(err, errlen, "SessionToken (or Token) must be a string");
		goto out;
	}
	switch (json_string(root, "Expiration", &exp)) {
	case -1:
		say(err, errlen, "Expiration must be a string");
		goto out;
	case 1:
		if (iso8601_parse(exp, &out->expiration) < 0) {
			char e[64];

			say(err, errlen, "Expiration \"%s\" is not an ISO 8601 time",
			    aws_creds_safe(e, sizeof(e), exp));
			goto out;
		}
		break;
	default:
		break;
	}
	aws_creds_set_keys(out, ak, sk, token);
	rc = 0;
out:
	if (root) {
		/* json-c holds the secrets in its strings: wipe before freeing. */
		const char *keys[] = {"AccessKeyId", "SecretAccessKey", "SessionToken", "Token"};

		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (json_object_object_get_ex(root, keys[i], &v) &&
			    json_object_is_type(v, json_type_string))
				OPENSSL_cleanse((void *)json_object_get_string(v),
						(size_t)json_object_get_string_len(v));
		}
		json_object_put(root);
	}
	json_tokener_free(tok);
	if (rc < 0)
		aws_credentials_clear(out);
	return rc;
}

int aws_credentials_parse_json(const char *json, size_t len, struct aws_credentials *out, char *err,
			       size_t errlen)
{
	char scratch[8];
	int rc;

	if (!err || !errlen) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	rc = aws_creds_parse_json(json, len, false, out, err, errlen);
	if (rc == 0 && aws_creds_validate(out, "credentials JSON", err, errlen) < 0) {
		aws_credentials_clear(out);
		return -1;
	}
	return rc;
}

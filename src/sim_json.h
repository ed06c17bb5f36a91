/* sim_json: JSON text as the demo endpoint writes it.
 *
 * The endpoint writes its answers by hand rather than through json-c so
 * that they are byte for byte what the service's Java serializer sends:
 * numbers as Double.toString writes them ("41.0", "1.76597778E9"), which
 * is what cwtop's parser has to read from the real service. */
#ifndef CWTOP_SIM_JSON_H
#define CWTOP_SIM_JSON_H

#include <stddef.h>

#include "src/buf.h"

/* sim_json_str: s as a JSON string literal (escaped), appended to b; NULL
 * is written as "". */
void sim_json_str(struct buf *b, const char *s);
/* sim_java_double: x as Double.toString writes it: the shortest digits
 * that read back to x, "41.0" for integers, scientific notation outside
 * [1e-3, 1e7). out needs 32 bytes. */
void sim_java_double(char *out, size_t outlen, double x);
/* sim_json_num: x written by sim_java_double, appended to b. */
void sim_json_num(struct buf *b, double x);

#endif

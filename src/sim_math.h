/* sim_math: metric math in GetMetricData, the part the demo needs.
 *
 * Supported: numbers, query ids, + - * / ^, parentheses, [a, b] arrays,
 * SEARCH('{Namespace,Dim,...} MetricName="X" Dim="V"', 'Stat', Period),
 * SUM / AVG / MIN / MAX (across an array per timestamp; over the points of a
 * single series as a scalar), ABS, CEIL, FLOOR. CloudWatch's other functions
 * give a result with no data and a Messages entry saying so; anything else
 * is a ValidationError. */
#ifndef CWTOP_SIM_MATH_H
#define CWTOP_SIM_MATH_H

#include <stdbool.h>

#include "src/sim_query.h"

#define SIM_MAX_EXPR_LEN 2048 /* a longer Expression: ValidationError */

/* sim_math_eval: evaluate q (an expression, or a metric another expression
 * names) once, into q->full or q->list; the queries it names are evaluated
 * as needed. False on an error or a cycle, with q->msg_value saying what;
 * what cwtop-sim does not evaluate is not an error: q->msg_code is then
 * "Unsupported". Bounded: nesting, and the datapoints the expressions of a
 * request may copy. */
bool sim_math_eval(struct sim_gmd *g, struct sim_mdq *q);

#endif

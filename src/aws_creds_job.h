/* aws_creds_job: walk the credential chain without stopping the event loop.
 *
 * Resolving credentials may wait: credential_process runs a program (up to
 * 60 s), container credentials and IMDS are HTTP calls (1-3 s). The
 * dashboard must keep answering keys and polling meanwhile, so a refresh runs
 * aws_credentials_resolve() in a forked child, which sends the result back
 * through a pipe; the loop waits on the pipe's descriptor with everything
 * else. One job, one child; secrets cross the pipe only. */
#ifndef CWTOP_AWS_CREDS_JOB_H
#define CWTOP_AWS_CREDS_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "src/aws_config.h"
#include "src/aws_credentials.h"

struct creds_job;

enum creds_job_state {
	CREDS_JOB_RUNNING,
	CREDS_JOB_DONE,   /* *out holds the new credentials */
	CREDS_JOB_FAILED, /* err says which source failed, never a secret */
};

/* creds_job_start: start resolving for profile (explicit_profile as for
 * aws_credentials_resolve). NULL with err when no child can be started. */
struct creds_job *creds_job_start(const struct aws_profile *profile, bool explicit_profile,
				  char *err, size_t errlen);

/* creds_job_fd: readable when the job has news (its result or its end). */
int creds_job_fd(const struct creds_job *job);

/* creds_job_poll: read what the child sent so far, never blocking. Once it
 * returns DONE or FAILED the job is over (free it). */
enum creds_job_state creds_job_poll(struct creds_job *job, struct aws_credentials *out, char *err,
				    size_t errlen);

/* creds_job_free: stop the child if it still runs, reap it, wipe what it
 * sent. NULL is fine. */
void creds_job_free(struct creds_job *job);

#endif

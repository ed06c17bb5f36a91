#!/bin/sh
# credential_process fixture: fails with a message on stderr.
echo "cannot reach the identity provider" >&2
exit 3

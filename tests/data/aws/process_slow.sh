#!/bin/sh
# credential_process fixture: never answers (the test's timeout kills it and
# the sleep it started).
sleep 30
echo '{}'

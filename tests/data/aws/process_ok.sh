#!/bin/sh
# credential_process fixture: credentials in the CLI's format. The access key
# id is the first argument, so the test sees how the command line was split.
echo "this goes to stderr and must not reach the terminal" >&2
cat <<JSON
{
  "Version": 1,
  "AccessKeyId": "$1",
  "SecretAccessKey": "processsecret",
  "SessionToken": "processtoken",
  "Expiration": "2030-01-02T03:04:05Z"
}
JSON

#!/bin/sh
# credential_process fixture: no Version (the CLI requires it).
echo '{"AccessKeyId": "AKIDNOVERSION", "SecretAccessKey": "s"}'

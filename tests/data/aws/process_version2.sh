#!/bin/sh
# credential_process fixture: a Version this reader does not know.
echo '{"Version": 2, "AccessKeyId": "AKIDV2", "SecretAccessKey": "s"}'

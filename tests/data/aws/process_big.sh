#!/bin/sh
# credential_process fixture: more output than the 64 KiB cap.
head -c 100000 /dev/zero | tr '\0' 'a'

#!/bin/sh
# credential_process fixture: closes its output, then lingers.
exec >/dev/null
sleep 30

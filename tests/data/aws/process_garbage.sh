#!/bin/sh
# credential_process fixture: not JSON, with a terminal escape in it.
printf '\033]0;owned\007this is not json\n'

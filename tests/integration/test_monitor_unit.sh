#!/bin/bash
# dist/erwatch-monitor.service as `make install` writes it: systemd accepts
# it (systemd-analyze verify), it runs the installed binary with the
# monitor's options, and its sandbox is the one docs/monitor.md promises:
# a dynamic user, its own state directory, no capability, a read-only
# system.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}" "${ERW_BUILD_DIR:?}"
. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"

U=$ERW_BUILD_DIR/gen/erwatch-monitor.service
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
live_check "the unit is generated" [ -s "$U" ]
exe=$(sed -n 's/^ExecStart=\([^ ]*\) .*/\1/p' "$U")
live_check "ExecStart runs the installed erwatch ($exe)" \
    [ "$(basename "$exe")" = erwatch ]
for k in DynamicUser=yes StateDirectory=erwatch-monitor \
    CapabilityBoundingSet= ProtectSystem=strict NoNewPrivileges=yes \
    "ExecReload=/bin/kill -HUP \$MAINPID"; do
	live_check "unit has $k" grep -qxF "$k" "$U"
done
# verify needs the program to exist: point it at the built one
sed "s|^ExecStart=[^ ]*|ExecStart=$ERWATCH|" "$U" >"$T/erwatch-monitor.service"
out=$(systemd-analyze verify --man=no "$T/erwatch-monitor.service" 2>&1); rc=$?
live_check "systemd-analyze verify: clean ($out)" [ "$rc:$out" = "0:" ]
# the options it passes are ones erwatch accepts
args=$(sed -n 's/^ExecStart=[^ ]* //p' "$U")
# shellcheck disable=SC2086
out=$("$ERWATCH" $args --help 2>&1); rc=$?
live_check "erwatch accepts the unit's command line" [ $rc = 0 ]
live_summary

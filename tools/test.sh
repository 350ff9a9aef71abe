#!/usr/bin/env bash
# test.sh - README command 2, as root: installs what the tests need, then runs every test:
# unit tests (Surefire) and the end-to-end tests in network namespaces (Failsafe, @Tag("e2e")).
# Extra arguments go to Maven (e.g. -DskipE2E=true, -pl vnetd -am).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
tools/install-deps.sh || exit $?
echo "[test] $(java -version 2>&1 | head -1); $(mvn -v 2>/dev/null | head -1)"
exec mvn -B -ntp verify "$@"

#!/usr/bin/env bash
# Makes sure Debian's Postgres server binaries (initdb, pg_ctl) are available for the store's
# integration tests (tests/support/postgres.ts starts a throwaway cluster with them). Idempotent and
# quiet: it does nothing when they are already on PATH or in /usr/lib/postgresql/*/bin.
set -euo pipefail

have_postgres() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then return 0; fi
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then return 0; fi
  done
  return 1
}

if have_postgres; then exit 0; fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "scripts/install-postgres.sh: initdb/pg_ctl not found and apt-get is not available; install the Postgres server package of your OS" >&2
  exit 1
fi
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "scripts/install-postgres.sh: installing Postgres needs root (or sudo): apt-get install -y postgresql" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "scripts/install-postgres.sh: installing Debian's postgresql package for the store tests" >&2
log="$(mktemp)"
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive bash -c 'apt-get update && apt-get install -y --no-install-recommends postgresql' >"$log" 2>&1; then
  echo "scripts/install-postgres.sh: apt-get could not install postgresql:" >&2
  tail -n 20 "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
# The package's own cluster is not used (the tests start their own); stop it so it holds no port.
"${sudo[@]}" service postgresql stop >/dev/null 2>&1 || true
if ! have_postgres; then
  echo "scripts/install-postgres.sh: postgresql installed but initdb/pg_ctl are still missing" >&2
  exit 1
fi

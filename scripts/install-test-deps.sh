#!/usr/bin/env bash
# Installs what the test suite needs from Debian, once: Chromium (and an emoji font) for the
# fake-Slack viewer's browser test. Idempotent and fast when everything is there (it only checks files). Add a package
# as "<debian package>:<file that proves it is installed>".
set -euo pipefail

PACKAGES=(
  "chromium:/usr/bin/chromium"
  # Slack messages are full of emoji; without a font the viewer's screenshots show empty boxes.
  "fonts-noto-color-emoji:/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
)

missing=()
for entry in "${PACKAGES[@]}"; do
  package="${entry%%:*}"
  proof="${entry#*:}"
  [[ -e "$proof" ]] || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: apt-get not found; install ${missing[*]} with your package manager" >&2
  exit 1
fi
sudo=()
if [[ "$(id -u)" != 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-test-deps: need root (or sudo) to install ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "install-test-deps: installing ${missing[*]} from Debian" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
echo "install-test-deps: done" >&2

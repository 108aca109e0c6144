#!/usr/bin/env bash
# Install Node 24 (the runtime `runs.using: node24` gives the action on GitHub) into a private
# cache folder, so the e2e test can run the committed bundle under it as well as under the
# machine's own node. Uses the `node` package from the npm registry through npm itself.
#
#   bash actions/decrypt/scripts/install-node24.sh      # prints the path of the node binary
#
# HUSH_NODE24_DIR overrides the folder (default: actions/decrypt/.cache/node24).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir="${HUSH_NODE24_DIR:-$here/.cache/node24}"
bin="$dir/node_modules/.bin/node"

if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q '^v24\.'; then
  echo "$bin"
  exit 0
fi

mkdir -p "$dir"
# The `node` package fetches the platform binary (node-<os>-<arch>) in its install script.
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error node@24 >&2
version="$("$bin" --version)"
case "$version" in
  v24.*) echo "$bin" ;;
  *) echo "install-node24: expected Node 24, got $version" >&2; exit 1 ;;
esac

#!/usr/bin/env bash
# Install one Node major line into a private cache folder, from the `node` package on the npm
# registry (its install script fetches the platform binary), so tests and benches can run under
# Node lines other than the machine's own. Prints the path of the node binary; exits non-zero when
# the line cannot be installed (CI must fail, not skip).
#
#   bash scripts/install-node.sh 24        # → …/.cache/node/24/node_modules/node/bin/node
#
# HUSH_NODE_CACHE overrides the cache folder (default: <repo>/.cache/node).
set -euo pipefail
major="${1:-}"
case "$major" in
  ''|*[!0-9]*) echo "usage: install-node.sh MAJOR (e.g. 24)" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${HUSH_NODE_CACHE:-$root/.cache/node}/$major"
bin="$dir/node_modules/.bin/node"

if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "^v$major\."; then
  echo "$bin"
  exit 0
fi

mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "node@$major" >&2
version="$("$bin" --version 2>/dev/null || true)"
case "$version" in
  "v$major".*) echo "$bin" ;;
  *) echo "install-node: expected Node $major, got '${version:-nothing}'" >&2; exit 1 ;;
esac

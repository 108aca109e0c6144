#!/usr/bin/env bash
# Rebuild dist/index.js the way CI does: from a clean clone of HEAD (plus this folder's own
# working-tree sources), so other packages' uncommitted edits never leak into the committed bundle.
#
#   bash actions/decrypt/scripts/build-dist.sh && git commit -m "action: rebuild dist" -- actions/decrypt/dist
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone -q "$root" "$tmp/repo"
rm -rf "$tmp/repo/actions/decrypt/src"
cp -R "$here/src" "$tmp/repo/actions/decrypt/src"
cp "$here/package.json" "$here/action.yml" "$here/tsconfig.json" "$tmp/repo/actions/decrypt/"
cd "$tmp/repo"
pnpm install --frozen-lockfile --offline >/dev/null
pnpm --filter @hush/action-decrypt build
cp actions/decrypt/dist/index.js actions/decrypt/dist/licenses.txt "$here/dist/"

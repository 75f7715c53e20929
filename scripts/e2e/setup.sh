#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench, from npm) for the offline e2e suite (test/e2e/)
# into a cache outside the repository, keyed by version:
#   ${LAZYMM_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lazymm-e2e}/code-server-<version>/
# A second run finds the finished install and does nothing. Prints the code-server binary's path
# as its last line of stdout; the install's own chatter goes to stderr and to a log file.
# Needs the Debian packages of scripts/install-deps.sh (compilers for native addons, libkrb5-dev,
# ripgrep, chromium) and Node's headers; reaches only the npm registry (no GitHub downloads).
# Each step says why it is there; a failed install leaves its npm log beside the cache.
set -euo pipefail

VERSION=4.100.3                  # the newest code-server whose engines.node is 20 (VS Code 1.100.3)
RG_PACKAGE=1.15.11               # @vscode/ripgrep inside that code-server ...
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz   # ... and the archive it downloads

cache="${LAZYMM_E2E_CACHE:-${XDG_CACHE_HOME:-${HOME:?set HOME or LAZYMM_E2E_CACHE}/.cache}/lazymm-e2e}"
dest="$cache/code-server-$VERSION"
bin="$dest/node_modules/.bin/code-server"

installed() { [ -f "$dest/.installed" ] && [ -x "$bin" ]; }
if installed; then echo "$bin"; exit 0; fi

fail() { echo "scripts/e2e/setup.sh: $*" >&2; exit 1; }

# What the native addons (argon2, kerberos, node-pty, ...) and the browser need.
missing=()
for cmd in cc c++ make python3 pkg-config krb5-config rg tar; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
command -v "${LAZYMM_CHROMIUM:-chromium}" >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] || fail "missing ${missing[*]}: run scripts/install-deps.sh first (Debian packages for the e2e suite)"
[ "$(uname -m)" = x86_64 ] || fail "only x86_64 is set up (the ripgrep archive name is for x86_64)"

# node-gyp builds against these headers instead of downloading them.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
[ -f "$node_prefix/include/node/node_api.h" ] || fail "no Node headers at $node_prefix/include/node (install Node with its headers, e.g. Debian's nodejs or the official tarball)"

mkdir -p "$cache"
# One install at a time (test files may run in parallel); the loser of the race finds it done.
exec 9>"$cache/.lock-code-server-$VERSION"
flock 9
if installed; then echo "$bin"; exit 0; fi

work="$(mktemp -d "$cache/.code-server-$VERSION.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log="$cache/code-server-$VERSION.install.log"
echo "lazymm e2e: installing code-server $VERSION into $dest (log: $log) ..." >&2
start=$(date +%s)

# @vscode/ripgrep downloads rg from GitHub unless its cache under $TMPDIR holds the archive: hand
# it Debian's rg, with a private TMPDIR so nothing outside $work is touched.
tmp="$work/tmp"
mkdir -p "$tmp/vscode-ripgrep-cache-$RG_PACKAGE"
tar -czf "$tmp/vscode-ripgrep-cache-$RG_PACKAGE/$RG_ASSET" -C "$(dirname "$(readlink -f "$(command -v rg)")")" rg

cat >"$work/package.json" <<JSON
{ "name": "lazymm-e2e-code-server", "private": true, "description": "code-server for lazymm's e2e suite (scripts/e2e/setup.sh)" }
JSON

# --unsafe-perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`.
if ! (cd "$work" && TMPDIR="$tmp" npm_config_nodedir="$node_prefix" npm_config_yes=true \
      npm install --unsafe-perm --no-audit --no-fund --loglevel=error "code-server@$VERSION") >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  fail "npm install code-server@$VERSION failed (full log: $log)"
fi
rm -rf "$tmp"

# --config: without it code-server writes ~/.config/code-server/config.yaml.
printf 'auth: none\n' >"$work/config.yaml"
got="$("$work/node_modules/.bin/code-server" --config "$work/config.yaml" --version 2>/dev/null | head -n 1)" || true
case "$got" in "$VERSION "*) ;; *) fail "the installed code-server says '$got', expected $VERSION (log: $log)";; esac
[ -x "$work/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] || fail "code-server installed without ripgrep (log: $log)"

echo "$VERSION installed $(date -u +%FT%TZ) in $(( $(date +%s) - start )) s" >"$work/.installed"
rm -rf "$dest"
mv "$work" "$dest"
trap - EXIT
echo "lazymm e2e: code-server $VERSION ready in $(( $(date +%s) - start )) s" >&2
echo "$bin"

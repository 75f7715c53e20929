#!/usr/bin/env bash
# The Debian packages the test suite and the bench need. Part of the README's test command, so a
# fresh machine needs nothing else; CI runs it as root, a developer through sudo.
#   libicu72           Microsoft's SARIF validator (@microsoft/sarif-multitool, a .NET program)
#   linux-source-6.12  the real-kernel corpus test (unpacked by scripts/corpus.sh into .cache/)
#   ripgrep            lists the corpus's candidate files; the bench's reference for a tree scan
#   coccinelle         spatch, the bench's reference for an equivalent semantic patch
# and for the e2e suite (test/e2e: code-server from npm driven in Debian's chromium; the tests
# install code-server themselves, once, with scripts/e2e/setup.sh):
#   chromium                                the browser the workbench runs in
#   build-essential python3 pkg-config      native addons of code-server (argon2, node-pty, ...)
#   libkrb5-dev                             code-server's kerberos addon builds from source
#   fonts-dejavu-core                       a font for the screenshots
#   (ripgrep, above, stands in for the ripgrep code-server would download from GitHub)
set -euo pipefail
packages=(libicu72 linux-source-6.12 ripgrep coccinelle chromium build-essential python3 pkg-config libkrb5-dev fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Prepares the real-kernel corpus for the corpus test and the bench: the .c/.h files of Debian's
# linux-source-6.12 tarball, unpacked once into the ignored .cache/ (kernel sources are never
# committed). Idempotent: a stamp written after a complete unpack makes later runs return at once.
#
#   scripts/corpus.sh            # prints the tree's path on stdout
#   LAZYMM_LINUX_TARBALL=...     # another tarball (same layout: linux-source-X/...)
#   LAZYMM_LINUX_TREE=...        # another destination
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tarball=${LAZYMM_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
dest=${LAZYMM_LINUX_TREE:-$root/.cache/linux-source-6.12}
stamp=$dest/.lazymm-unpacked

if [ ! -r "$tarball" ]; then
  echo "corpus: $tarball not found: apt-get install linux-source-6.12" >&2
  exit 1
fi
# The stamp names the tarball it came from, so a package upgrade (a new 6.12.y) unpacks again, and
# the layout (which files), so a change to this script does too.
want="$(basename "$tarball") $(stat -c '%s %Y' "$tarball") layout-2"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$dest"
  exit 0
fi

start=$(date +%s%N)
# Only sources: 1.4 GB instead of 1.6, and nothing we would not read. --strip-components drops the
# tarball's linux-source-6.12/ prefix so paths read like a kernel checkout (kernel/fork.c).
# The top Makefile too: it names the exact kernel version, which the corpus test's expected
# findings (line numbers) were reviewed against.
top=$(basename "$tarball" .tar.xz)/Makefile
extract() { tar -xJf "$tarball" -C "$1" --strip-components=1 --wildcards '*.c' '*.h' "$top"; }
if [ -e "$dest" ]; then
  # A tree without a (matching) stamp: an interrupted or manual unpack. Extracting over it keeps it
  # usable for anyone reading it meanwhile, and rewrites every file to the tarball's content.
  rm -f "$stamp"
  extract "$dest"
else
  # Unpack beside the destination and rename at the end, so a concurrent run never sees half a tree.
  mkdir -p "$(dirname "$dest")"
  tmp=$(mktemp -d "$dest.partial.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  extract "$tmp"
  if ! mv -T "$tmp" "$dest" 2>/dev/null; then
    # Another run won the race; its tree is as good as ours.
    rm -rf "$tmp"
  fi
fi
echo "$want" > "$stamp"
files=$(find "$dest" -type f \( -name '*.c' -o -name '*.h' \) | wc -l)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf 'corpus: unpacked %s .c/.h files from %s in %d.%01d s\n' "$files" "$tarball" $((ms / 1000)) $((ms % 1000 / 100)) >&2
echo "$dest"

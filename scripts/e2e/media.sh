#!/usr/bin/env bash
# Copies the README's screenshots from the last e2e run (.cache/e2e/artifacts/, written by
# test/e2e/*.test.ts) into docs/media/. Run after `npm test` when the workbench's look changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
artifacts=.cache/e2e/artifacts
cp "$artifacts/diagnostics.png" docs/media/diagnostics.png
cp "$artifacts/simulator-timeline.png" docs/media/simulator-workbench.png
echo "docs/media/diagnostics.png docs/media/simulator-workbench.png updated from $artifacts"

#!/usr/bin/env bash
# scripts/pack.sh <destination folder> [package folder] — packs an npm package (this one by default, or
# e.g. simulator or test/bench/floor) into the destination, without its scripts, and prints the
# tarball's path. The test, benchmark and start scripts pack the same way, so it is written here once.
set -euo pipefail
destination=$1
package=${2:-.}
name=$(cd "$package" && npm pack --silent --ignore-scripts --pack-destination "$destination" | tail -n 1)
echo "$destination/$name"

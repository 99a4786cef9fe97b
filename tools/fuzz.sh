#!/usr/bin/env bash
# The long fuzz run (docs/reliability.md, "Mutated files"): CASES in-process cases (default 10000) spread evenly over
# the twelve readers (nine file formats, gzipped IDX and PGM, checkpoints), CLI_CASES of them (default 90) through the real program, all from SEED (default 7); prints the
# table of cases per reader × outcome and exits non-zero when any case crashed, hung, left files behind, printed more
# than one line or an exception name, or was accepted but did not read back. Every case is reproducible from its
# reader, seed and index (tests/Reliability/Fuzz/FuzzCase.cs). Writes fuzz-table.txt and fuzz-log.tsv (every case:
# outcome, reader, seed, index, exit code, seconds, mutation, stderr) into OUT (default the current folder).
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${1:-10000}
SEED=${2:-7}
CLI=${3:-90}
OUT=$(realpath "${OUT:-.}")
dotnet build tests -v q -nologo >/dev/null
status=0
TORCHAE_FUZZ_CASES=$CASES TORCHAE_FUZZ_SEED=$SEED TORCHAE_FUZZ_CLI=$CLI \
TORCHAE_FUZZ_TABLE="$OUT/fuzz-table.txt" TORCHAE_FUZZ_LOG="$OUT/fuzz-log.tsv" \
  dotnet test tests --no-build --filter "FullyQualifiedName~FuzzTests.LongRun" --logger "console;verbosity=minimal" || status=$?
cat "$OUT/fuzz-table.txt"
exit $status

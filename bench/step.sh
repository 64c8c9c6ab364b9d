#!/usr/bin/env bash
# step.sh measures a training step against its arithmetic. A step of the
# notebook's model (batch 16) is 10.4 MFLOP: 8.96 in the products (forward,
# kernel gradient and input gradient of each Dense layer), about 1.2 in
# Adam (some 12 operations on each of 102,000 weights) and 0.2 in
# BatchNorm, LeakyReLU, the biases and the loss (docs/performance.md). The
# peak is the highest GFLOP/s that the product kernels' benchmarks
# (BenchmarkDenseForward, BenchmarkDenseGradKernel, BenchmarkDenseGradInput)
# reach on this CPU; the step is the CPU time of BenchmarkTrainStep. Both
# run with GOMAXPROCS=1 and unpinned, one after the other in every round,
# so that each round's step meets its own round's peak: a shared machine
# runs both faster or slower by turns (on the 2-vCPU Zen 5 of
# docs/performance.md the peak moved between 183 and 214 GFLOP/s within
# minutes). It prints the CPU, each round's peak, step and ratio, the
# median of the rounds' ratios, and the strictest figure: the median step
# against the best peak of all rounds. It is not part of go test.
#
# Each round also times the training net's forward and backward pass on
# Gorgonia's TapeMachine and as the same ops called in order without it
# (BenchmarkTrainingRun in model): the difference is what the TapeMachine's
# per-instruction dispatch adds to a step. The last line gives the step
# without it, against the same arithmetic: not the goal's measure, an
# estimate of what is left once Gorgonia's own cost is set aside.
#
# Usage: bench/step.sh [-n RUNS] [-h]
#
#   -n RUNS   rounds (default 5)
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

runs=5
while getopts "n:h" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	h)
		usage
		exit 0
		;;
	*)
		usage >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))
if (($# > 0)); then
	echo "step.sh: unexpected argument '$1' (see -h)" >&2
	exit 2
fi
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
	echo "step.sh: -n wants a positive integer, got '$runs'" >&2
	exit 2
fi

# The step's arithmetic in MFLOP (see above).
step_mflop=10.4

cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bench/cpu.sh
echo "building the benchmarks" >&2
go test -c -o "$tmp/kernels.test" ./internal/kernels
go test -c -o "$tmp/training.test" ./training
go test -c -o "$tmp/model.test" ./model

peak=0
steps=()
ratios=()
dispatches=()
leans=()
for ((r = 1; r <= runs; r++)); do
	# The best GFLOP/s of any product benchmark in this round.
	best=$(cd "$root/internal/kernels" && GOMAXPROCS=1 "$tmp/kernels.test" -test.run '^$' \
		-test.bench '^BenchmarkDense(Forward|GradKernel|GradInput)$' -test.benchtime 2000x |
		awk '{ for (i = 2; i < NF; i++) if ($(i+1) == "GFLOP/s" && $i > best) best = $i } END { printf "%.1f", best }')
	# The step's CPU time per iteration (its wall time where getrusage is
	# not there).
	step=$(cd "$root/training" && GOMAXPROCS=1 "$tmp/training.test" -test.run '^$' \
		-test.bench '^BenchmarkTrainStep$' -test.benchtime 2s |
		awk '/^BenchmarkTrainStep/ { for (i = 2; i < NF; i++) { if ($(i+1) == "cpu-ns/op") cpu = $i; if ($(i+1) == "ns/op") wall = $i } }
			END { printf "%.0f", cpu != "" ? cpu : wall }')
	if [[ -z $best || $best == 0.0 || -z $step || $step == 0 ]]; then
		echo "step.sh: round $r: a benchmark printed no figure" >&2
		exit 1
	fi
	# The step against this round's arithmetic at this round's peak.
	ratio=$(awk -v p="$best" -v s="$step" -v f="$step_mflop" 'BEGIN { printf "%.3f", (s / 1000) / (f * 1e6 / (p * 1e9) * 1e6) }')
	echo "round $r/$runs: products' best $best GFLOP/s, step $(awk -v s="$step" 'BEGIN { printf "%.1f", s / 1000 }') µs, step / arithmetic $ratio" >&2
	# What the TapeMachine's dispatch adds to a run, in ns.
	dispatch=$(cd "$root/model" && GOMAXPROCS=1 "$tmp/model.test" -test.run '^$' \
		-test.bench '^BenchmarkTrainingRun$' -test.benchtime 5000x |
		awk '/^BenchmarkTrainingRun\/(tape|ops)/ { for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") t[$1 ~ /tape/ ? "tape" : "ops"] = $i }
			END { printf "%.0f", t["tape"] - t["ops"] }')
	# The dispatch is a difference of wall times, the step a CPU time: on a
	# loaded machine the difference can fall below 0 or pass the step.
	# Such a round says so and counts its dispatch as 0.
	note=""
	if ((dispatch < 0 || dispatch >= step)); then
		note=" (wall times disturbed by other load: counted as 0)"
		dispatch=0
	fi
	lean=$(awk -v p="$best" -v s="$step" -v d="$dispatch" -v f="$step_mflop" 'BEGIN { printf "%.3f", ((s - d) / 1000) / (f * 1e6 / (p * 1e9) * 1e6) }')
	echo "  the TapeMachine's dispatch: $(awk -v d="$dispatch" 'BEGIN { printf "%.1f", d / 1000 }') µs of the step$note; without it, step / arithmetic $lean" >&2
	peak=$(awk -v a="$peak" -v b="$best" 'BEGIN { print (b > a ? b : a) }')
	steps+=("$step")
	ratios+=("$ratio")
	dispatches+=("$dispatch")
	leans+=("$lean")
done

median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
awk -v peak="$peak" -v step="$(median "${steps[@]}")" -v ratio="$(median "${ratios[@]}")" -v mflop="$step_mflop" -v n="$runs" \
	-v dispatch="$(median "${dispatches[@]}")" -v lean="$(median "${leans[@]}")" 'BEGIN {
	arith = mflop * 1e6 / (peak * 1e9) * 1e6
	printf "step / arithmetic, median of the %d rounds: %.2f\n", n, ratio
	printf "peak (best of the rounds): %.1f GFLOP/s, so %.1f MFLOP take %.1f µs\n", peak, mflop, arith
	printf "step (median of the rounds, CPU time): %.1f µs, %.2f times that\n", step / 1000, step / 1000 / arith
	printf "without the TapeMachine dispatch (median %.1f µs a step; an estimate, not the goal measure): median step / arithmetic %.2f\n", dispatch / 1000, lean
}'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

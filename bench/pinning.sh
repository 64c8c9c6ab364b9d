#!/usr/bin/env bash
# pinning.sh runs the training benchmarks unpinned and pinned to one CPU
# (taskset -c 0), alternating the two, and prints the median of each and
# their ratio: the check that a training step stays on one core by itself,
# without taskset. With REF set it also builds the benchmarks at that git
# revision and alternates all four (REF unpinned, REF pinned, this tree
# unpinned, this tree pinned).
#
# Usage: bench/pinning.sh [-n RUNS] [-h]
#
# Environment:
#   N=5                      rounds (also -n); each round runs every variant once
#   BENCH='^BenchmarkEpoch$|^BenchmarkTrainStep$'   the benchmarks (go test -bench)
#   BENCHTIME=1s             go test -benchtime
#   PROCS="1 default"        GOMAXPROCS settings to run: 1, default (unset) or a number
#   REF=                     a git revision to compare with (e.g. a commit before a change)
#   CPU=0                    the CPU taskset pins to
#
# Every figure is printed with the CPU model and the load average at the
# start and end; on a shared machine compare the cpu-ns/op (CPU time per
# iteration) as well as ns/op.
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

runs=${N:-5}
while (($# > 0)); do
	case $1 in
	-n)
		(($# >= 2)) || { echo "pinning.sh: -n needs a number" >&2; exit 2; }
		runs=$2
		shift 2
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		echo "pinning.sh: unknown argument '$1' (see -h)" >&2
		exit 2
		;;
	esac
done
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
	echo "pinning.sh: runs must be a positive integer, got '$runs'" >&2
	exit 2
fi
bench=${BENCH:-'^BenchmarkEpoch$|^BenchmarkTrainStep$'}
benchtime=${BENCHTIME:-1s}
procs=${PROCS:-1 default}
cpu=${CPU:-0}
ref=${REF:-}
command -v taskset >/dev/null || { echo "pinning.sh: needs taskset (util-linux)" >&2; exit 1; }

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bench/cpu.sh

names=()
bins=()
echo "building the benchmarks" >&2
go test -c -o "$tmp/new.test" ./training
if [[ -n $ref ]]; then
	mkdir "$tmp/ref"
	git archive "$ref" | tar -x -C "$tmp/ref"
	(cd "$tmp/ref" && go test -c -o "$tmp/ref.test" ./training)
	names+=("$ref")
	bins+=("$tmp/ref.test")
fi
names+=("tree")
bins+=("$tmp/new.test")

# results: one line per benchmark run: variant procs pin name ns cpu-ns
results=$tmp/results
: >"$results"
for ((r = 1; r <= runs; r++)); do
	for p in $procs; do
		for i in "${!bins[@]}"; do
			for pin in unpinned pinned; do
				env=()
				[[ $p != default ]] && env=(GOMAXPROCS="$p")
				pre=()
				[[ $pin == pinned ]] && pre=(taskset -c "$cpu")
				(cd training && env "${env[@]}" "${pre[@]}" "${bins[$i]}" -test.run '^$' -test.bench "$bench" -test.benchtime "$benchtime") |
					awk -v v="${names[$i]}" -v p="$p" -v pin="$pin" '
						/^Benchmark/ {
							name = $1; sub(/-[0-9]+$/, "", name); ns = "-"; cpu = "-"
							for (f = 3; f < NF; f++) {
								if ($(f + 1) == "ns/op") ns = $f
								if ($(f + 1) == "cpu-ns/op") cpu = $f
							}
							print v, p, pin, name, ns, cpu
						}' >>"$results"
			done
		done
	done
	echo "round $r/$runs done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done

# median of the values on stdin
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%-10s %-10s %-9s %-22s %14s %14s\n' variant GOMAXPROCS pin benchmark "ns/op" "cpu-ns/op"
while read -r v p pin name; do
	ns=$(awk -v v="$v" -v p="$p" -v pin="$pin" -v n="$name" '$1 == v && $2 == p && $3 == pin && $4 == n { print $5 }' "$results" | median)
	cpu=$(awk -v v="$v" -v p="$p" -v pin="$pin" -v n="$name" '$1 == v && $2 == p && $3 == pin && $4 == n && $6 != "-" { print $6 }' "$results" | median)
	printf '%-10s %-10s %-9s %-22s %14.0f %14.0f\n' "$v" "$p" "$pin" "$name" "$ns" "${cpu:-0}"
done < <(awk '{ print $1, $2, $3, $4 }' "$results" | awk '!seen[$0]++')
echo
echo "unpinned / pinned (medians of $runs):"
while read -r v p name; do
	awk -v v="$v" -v p="$p" -v n="$name" '
		$1 == v && $2 == p && $4 == n { k = $3; ns[k] = ns[k] " " $5; cpu[k] = cpu[k] " " $6 }
		function med(s,   a, c, i, j, t) {
			c = split(s, a, " "); for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
		}
		END {
			printf "%-10s GOMAXPROCS=%-8s %-22s wall %.2f", v, p, n, med(ns["unpinned"]) / med(ns["pinned"])
			if (cpu["pinned"] !~ /-/ && med(cpu["pinned"]) > 0) printf ", CPU %.2f", med(cpu["unpinned"]) / med(cpu["pinned"])
			printf "\n"
		}' "$results"
done < <(awk '{ print $1, $2, $4 }' "$results" | awk '!seen[$0]++')
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

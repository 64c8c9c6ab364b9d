#!/usr/bin/env bash
# speedup.sh measures the experiments sweep's parallel speed-up.
#
# It runs the same sweep N times one run at a time (-parallel 1) and N times
# with the default parallelism (GOMAXPROCS), alternating so that a change in
# the machine's load hits both alike, and prints each pair's wall times,
# their ratio, the median ratio, and the cores each sweep kept busy (CPU
# time / wall time, from sweep.json); it also checks that both sweeps'
# results.csv agree in every loss. The goal is a ratio of at most 0.6. On a
# shared machine other processes take CPU from both sweeps: read the
# cores-busy figures before the ratio. It is not part of go test.
#
# Usage: bench/speedup.sh [-n PAIRS] [-h]
#
#   -n PAIRS   alternated pairs of sweeps (default 3, or N)
#
# Environment:
#   N=3          pairs (also -n)
#   EPOCHS=50    epochs of every run
#   SEEDS=1,2,3  the sweep's seeds
#   CONFIGS=...  the sweep's configurations (default the exercise's seven)
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

pairs=${N:-3}
while getopts "n:h" opt; do
	case $opt in
	n) pairs=$OPTARG ;;
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
	echo "speedup.sh: unexpected argument '$1' (see -h)" >&2
	exit 2
fi
epochs=${EPOCHS:-50}
for v in "pairs=$pairs" "EPOCHS=$epochs"; do
	if ! [[ ${v#*=} =~ ^[1-9][0-9]*$ ]]; then
		echo "speedup.sh: ${v%%=*} wants a positive integer, got '${v#*=}'" >&2
		exit 2
	fi
done
seeds=${SEEDS:-1,2,3}
configs=${CONFIGS:-bn100_l2,bn50_l2,bn25_l2,bn50_l3,bn10_l2,bn5_l2,bn2_l2}

cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/autoencoder" .

field() { # field NAME FILE: a number from sweep.json
	sed -n "s/^ *\"$1\": \([0-9.]*\),*$/\1/p" "$2"
}

ratios=()
for ((i = 1; i <= pairs; i++)); do
	for mode in seq par; do
		p=0
		[[ $mode == seq ]] && p=1
		"$work/autoencoder" experiments -configs "$configs" -seeds "$seeds" -epochs "$epochs" \
			-parallel "$p" -out "$work/$mode$i" >/dev/null
	done
	s=$(field wall_seconds "$work/seq$i/sweep.json")
	p=$(field wall_seconds "$work/par$i/sweep.json")
	sc=$(field cpu_seconds "$work/seq$i/sweep.json")
	pc=$(field cpu_seconds "$work/par$i/sweep.json")
	r=$(awk -v p="$p" -v s="$s" 'BEGIN { printf "%.3f", p / s }')
	printf 'pair %d: sequential %6.1f s (%.2f cores busy), parallel %6.1f s (%.2f cores busy), ratio %s\n' \
		"$i" "$s" "$(awk -v c="$sc" -v w="$s" 'BEGIN { print c / w }')" \
		"$p" "$(awk -v c="$pc" -v w="$p" 'BEGIN { print c / w }')" "$r"
	cut -d, -f1-9 "$work/seq$i/results.csv" >"$work/seq.losses"
	cut -d, -f1-9 "$work/par$i/results.csv" >"$work/par.losses"
	cmp -s "$work/seq.losses" "$work/par.losses" ||
		echo "pair $i: the parallel sweep's losses differ from the sequential one's" >&2
	ratios+=("$r")
done
printf '%s\n' "${ratios[@]}" | sort -n |
	awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
		printf "median parallel/sequential wall-time ratio over %d pairs: %.3f (goal <= 0.6)\n", NR, m }'

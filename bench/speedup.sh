#!/bin/sh
# speedup.sh: the experiments sweep's parallel speed-up, measured.
#
# Runs the same sweep N times one run at a time (-parallel 1) and N times with
# the default parallelism (GOMAXPROCS), alternating so that a change in the
# machine's load hits both alike, and prints each pair's wall times, their
# ratio, the median ratio, and the cores each sweep kept busy (CPU time / wall
# time, from sweep.json); it also checks that both sweeps' results.csv agree
# in every loss. The issue's target is a ratio of at most 0.6.
#
#   N=3 EPOCHS=50 bench/speedup.sh            # from the repository root
#   N=1 EPOCHS=200 SEEDS=1,2,3 bench/speedup.sh
#
# On a shared machine other processes take CPU from both sweeps: read the
# cores-busy figures before the ratio.
set -eu
N=${N:-3}
EPOCHS=${EPOCHS:-50}
SEEDS=${SEEDS:-1,2,3}
CONFIGS=${CONFIGS:-bn100_l2,bn50_l2,bn25_l2,bn50_l3,bn10_l2,bn5_l2,bn2_l2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/autoencoder" .

field() { # field NAME FILE: a number from sweep.json
	sed -n "s/^ *\"$1\": \([0-9.]*\),*$/\1/p" "$2"
}

ratios=""
i=1
while [ "$i" -le "$N" ]; do
	for mode in seq par; do
		p=0
		[ "$mode" = seq ] && p=1
		"$work/autoencoder" experiments -configs "$CONFIGS" -seeds "$SEEDS" -epochs "$EPOCHS" \
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
	ratios="$ratios $r"
	i=$((i + 1))
done
echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n |
	awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
		printf "median parallel/sequential wall-time ratio over %d pairs: %.3f (target <= 0.6)\n", NR, m }'

#!/usr/bin/env bash
# compare.sh times the Go program against the PyTorch speed anchor
# (reference/torch_autoencoder.py), each on one thread, alternating the runs
# so that both see the same machine load, and prints the median wall time of
# each and their ratio.
#
# Usage: bench/compare.sh [-n RUNS] [--only go|torch] [-h]
#
# Environment:
#   N=3            runs of each program (also -n)
#   EPOCHS=        passed to both programs when set (default: their 200)
#   BLAS=openblas  also build with -tags openblas and time that build
#   PYTHON=/usr/bin/python3   the Python that has torch and scikit-learn
#
# Without torch it says so and times only Go.
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

runs=${N:-3}
only=""
while (($# > 0)); do
	case $1 in
	-n)
		(($# >= 2)) || { echo "compare.sh: -n needs a number" >&2; exit 2; }
		runs=$2
		shift 2
		;;
	--only)
		(($# >= 2)) || { echo "compare.sh: --only needs go or torch" >&2; exit 2; }
		only=$2
		shift 2
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		echo "compare.sh: unknown argument '$1' (see -h)" >&2
		exit 2
		;;
	esac
done
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
	echo "compare.sh: runs must be a positive integer, got '$runs'" >&2
	exit 2
fi
case $only in
"" | go | torch) ;;
*)
	echo "compare.sh: --only wants go or torch, got '$only'" >&2
	exit 2
	;;
esac
epochs=${EPOCHS:-}
if [[ -n $epochs ]] && ! [[ $epochs =~ ^[1-9][0-9]*$ ]]; then
	echo "compare.sh: EPOCHS must be a positive integer, got '$epochs'" >&2
	exit 2
fi
blas=${BLAS:-}
if [[ -n $blas && $blas != openblas ]]; then
	echo "compare.sh: BLAS must be empty or openblas, got '$blas'" >&2
	exit 2
fi
python=${PYTHON:-/usr/bin/python3}

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One thread for every library that would start more.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

# names[i] labels a program, cmds[i] is its command line, times_i its wall times.
names=()
cmds=()

if [[ $only != torch ]]; then
	go_flags=(-verbose 0 -out "$tmp/out")
	[[ -n $epochs ]] && go_flags+=(-epochs "$epochs")
	echo "building the Go program" >&2
	go build -o "$tmp/ae" .
	names+=("go")
	cmds+=("GOMAXPROCS=1 $(printf '%q ' "$tmp/ae" "${go_flags[@]}")")
	if [[ $blas == openblas ]]; then
		echo "building the Go program with -tags openblas" >&2
		go build -tags openblas -o "$tmp/ae-openblas" .
		names+=("go+openblas")
		cmds+=("GOMAXPROCS=1 $(printf '%q ' "$tmp/ae-openblas" "${go_flags[@]}")")
	fi
fi

if [[ $only != go ]]; then
	if "$python" -c 'import torch, sklearn' 2>/dev/null; then
		torch_flags=(reference/torch_autoencoder.py --quiet)
		[[ -n $epochs ]] && torch_flags+=(--epochs "$epochs")
		names+=("torch")
		cmds+=("$(printf '%q ' "$python" "${torch_flags[@]}")")
	elif [[ $only == torch ]]; then
		echo "compare.sh: $python cannot import torch and sklearn (apt-get install python3-torch python3-sklearn)" >&2
		exit 1
	else
		echo "compare.sh: $python cannot import torch and sklearn; timing Go only" >&2
	fi
fi

# elapsed runs a command line and prints its wall time in seconds.
elapsed() {
	local start end
	start=$EPOCHREALTIME
	bash -c "$1" >"$tmp/last.log" 2>&1 || {
		echo "compare.sh: '$1' failed:" >&2
		tail -n 20 "$tmp/last.log" >&2
		return 1
	}
	end=$EPOCHREALTIME
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

# median prints the median of its arguments.
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A times
for ((r = 1; r <= runs; r++)); do
	for i in "${!names[@]}"; do
		t=$(elapsed "${cmds[$i]}")
		times[$i]="${times[$i]:-} $t"
		echo "run $r/$runs ${names[$i]}: $t s" >&2
	done
done

declare -A medians
for i in "${!names[@]}"; do
	# shellcheck disable=SC2086 # word splitting of the list of times is intended
	medians[$i]=$(median ${times[$i]})
	printf '%-12s median %8.3f s over %d runs (%s )\n' "${names[$i]}" "${medians[$i]}" "$runs" "${times[$i]}"
done
torch_i=""
for i in "${!names[@]}"; do
	[[ ${names[$i]} == torch ]] && torch_i=$i
done
if [[ -n $torch_i ]]; then
	for i in "${!names[@]}"; do
		[[ $i == "$torch_i" ]] && continue
		awk -v g="${medians[$i]}" -v t="${medians[$torch_i]}" -v n="${names[$i]}" \
			'BEGIN { printf "%s / torch = %.2f\n", n, g / t }'
	done
fi

#!/usr/bin/env bash
# scale.sh shows how the cost of training grows with the data: it generates
# make_classification data at the notebook's size (1,000 samples × 100
# features), at 10× the samples and at 10× the width (1,000 features, so
# hidden widths 2,000 and 1,000 and a bottleneck of 1,000), trains the Go
# program on each (-data, one thread) and, where torch is installed, the
# PyTorch anchor on the same split and scaling, and prints each run's
# training-loop time per sample-epoch.
#
# Usage: bench/scale.sh [-e EPOCHS] [--only go] [-h]
#
#   -e EPOCHS   epochs per run (default 20)
#   --only go   skip PyTorch
#
# Environment:
#   PYTHON=/usr/bin/python3   needs numpy and scikit-learn (torch for the anchor)
#   TAGS=openblas             build the Go program with these tags
#
# The arithmetic per sample grows with the square of the width (the weight
# matrices), so at 10× the width expect about 100× the time per sample.
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

epochs=20
only=""
while (($# > 0)); do
	case $1 in
	-e)
		(($# >= 2)) || { echo "scale.sh: -e needs a number" >&2; exit 2; }
		epochs=$2
		shift 2
		;;
	--only)
		(($# >= 2)) || { echo "scale.sh: --only needs go" >&2; exit 2; }
		only=$2
		shift 2
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		echo "scale.sh: unknown argument '$1' (see -h)" >&2
		exit 2
		;;
	esac
done
if ! [[ $epochs =~ ^[1-9][0-9]*$ ]]; then
	echo "scale.sh: epochs must be a positive integer, got '$epochs'" >&2
	exit 2
fi
if [[ -n $only && $only != go ]]; then
	echo "scale.sh: --only wants go, got '$only'" >&2
	exit 2
fi
python=${PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import numpy, sklearn' 2>/dev/null; then
	echo "scale.sh: $python cannot import numpy and sklearn (apt-get install python3-sklearn)" >&2
	exit 1
fi
torch=yes
if [[ $only == go ]]; then
	torch=""
elif ! "$python" -c 'import torch' 2>/dev/null; then
	echo "scale.sh: $python cannot import torch; timing Go only" >&2
	torch=""
fi

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

echo "building the Go program${TAGS:+ with -tags $TAGS}" >&2
go build ${TAGS:+-tags "$TAGS"} -o "$tmp/ae" .

# gen writes DIR/data.csv (features, then the label) for the Go program and
# DIR/X_train_scaled.csv, DIR/X_test_scaled.csv for PyTorch: scikit-learn's
# train_test_split(test_size=0.33, random_state=1) and MinMaxScaler, the
# pipeline the Go program applies to -data.
gen() {
	"$python" - "$@" <<'EOF'
import sys
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

out, n, f = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
X, y = make_classification(n_samples=n, n_features=f, n_informative=10,
                           n_redundant=f - 10, random_state=1)
np.savetxt(f"{out}/data.csv", np.column_stack([X, y]), delimiter=",", fmt="%.17g")
X_train, X_test = train_test_split(X, test_size=0.33, random_state=1)
scaler = MinMaxScaler().fit(X_train)
np.savetxt(f"{out}/X_train_scaled.csv", scaler.transform(X_train), delimiter=",", fmt="%.17g")
np.savetxt(f"{out}/X_test_scaled.csv", scaler.transform(X_test), delimiter=",", fmt="%.17g")
EOF
}

# seconds converts a Go duration (2.857s, 850ms, 1m2.5s) to seconds.
seconds() {
	awk -v d="$1" 'BEGIN {
		s = 0
		while (match(d, /^[0-9.]+(h|ms|m|s|µs)/)) {
			n = substr(d, 1, RLENGTH); d = substr(d, RLENGTH + 1)
			u = n; sub(/^[0-9.]+/, "", u); n += 0
			s += n * (u == "h" ? 3600 : u == "m" ? 60 : u == "ms" ? 1e-3 : u == "µs" ? 1e-6 : 1)
		}
		printf "%.3f\n", s
	}'
}

printf '%-18s %-6s %10s %10s %16s\n' "data" "prog" "wall s" "loop s" "loop us/sample" >&2
base=""
for shape in 1000x100 10000x100 1000x1000; do
	n=${shape%x*} f=${shape#*x}
	dir=$tmp/$shape
	mkdir -p "$dir"
	echo "generating $n samples × $f features" >&2
	gen "$dir" "$n" "$f"
	train=$((n - (n * 33 + 99) / 100)) # rows left after test_size=0.33 (ceil)

	start=$EPOCHREALTIME
	GOMAXPROCS=1 "$tmp/ae" -data "$dir/data.csv" -label "$f" -header=false -epochs "$epochs" \
		-verbose 0 -out "$dir/out" >"$dir/go.log" 2>&1 || {
		echo "scale.sh: the Go run failed:" >&2
		tail -n 20 "$dir/go.log" >&2
		exit 1
	}
	wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
	loop=$(seconds "$(sed -n 's/.* epochs\{0,1\} in \([^ ]*\).*/\1/p' "$dir/go.log" | tail -n 1)")
	per=$(awk -v l="$loop" -v t="$train" -v e="$epochs" 'BEGIN { printf "%.2f", l / (t * e) * 1e6 }')
	[[ -z $base ]] && base=$per
	printf '%-18s %-6s %10s %10s %16s (%.1fx the base cost per sample)\n' "${n}x${f} (${train} train)" go "$wall" "$loop" "$per" \
		"$(awk -v p="$per" -v b="$base" 'BEGIN { print p / b }')"

	if [[ -n $torch ]]; then
		hidden=$((2 * f)),$f
		start=$EPOCHREALTIME
		"$python" reference/torch_autoencoder.py --data-dir "$dir" --hidden "$hidden" --bottleneck "$f" \
			--epochs "$epochs" --quiet >"$dir/torch.log" 2>&1 || {
			echo "scale.sh: the PyTorch run failed:" >&2
			tail -n 20 "$dir/torch.log" >&2
			exit 1
		}
		wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
		loop=$(sed -n 's/.*training loop \([0-9.]*\) s.*/\1/p' "$dir/torch.log" | tail -n 1)
		per=$(awk -v l="$loop" -v t="$train" -v e="$epochs" 'BEGIN { printf "%.2f", l / (t * e) * 1e6 }')
		printf '%-18s %-6s %10s %10s %16s\n' "${n}x${f}" torch "$wall" "$loop" "$per"
	fi
done

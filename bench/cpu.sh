#!/usr/bin/env bash
# cpu.sh prints the machine a measurement belongs to: the CPU model and its
# family, model and stepping, the instruction sets the kernels care about,
# the CPUs online and the load average. bench/compare.sh and
# bench/pinning.sh start with it; every figure should be quoted with it.
set -euo pipefail
if (($#)); then
	case $1 in
	-h | --help) sed -n '2,5s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "cpu.sh takes no arguments, got $*; see cpu.sh -h" >&2; exit 2 ;;
	esac
fi
if [[ -r /proc/cpuinfo ]]; then
	awk -F': *' '
		/^model name/ && !m { m = $2 }
		/^cpu family/ && !f { f = $2 }
		/^model[ \t]*:/ && !mo { mo = $2 }
		/^stepping/ && !st { st = $2 }
		/^flags/ && !fl { fl = " " $2 " " }
		/^processor/ { n++ }
		END {
			printf "CPU: %s (family %s, model %s, stepping %s), %d CPUs online\n", m, f, mo, st, n
			k = split("sse4_2 avx avx2 fma bmi2 avx512f avx512dq avx512bw avx512vl avx512_bf16 avx512_fp16 amx_tile", want, " ")
			s = ""
			for (i = 1; i <= k; i++) if (index(fl, " " want[i] " ")) s = s " " want[i]
			printf "instruction sets:%s\n", s
		}' /proc/cpuinfo
else
	echo "CPU: unknown (no /proc/cpuinfo)"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

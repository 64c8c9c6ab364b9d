//go:build arm64 && !noasm

#include "textflag.h"

// func fpcrGet() uint32
TEXT ·fpcrGet(SB), NOSPLIT, $0-4
	MRS  FPCR, R0
	MOVW R0, ret+0(FP)
	RET

// func fpcrSet(v uint32)
TEXT ·fpcrSet(SB), NOSPLIT, $0-4
	MOVWU v+0(FP), R0
	MSR   R0, FPCR
	RET

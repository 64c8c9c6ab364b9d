//go:build amd64 && !noasm

#include "textflag.h"

// func mxcsrFlushOn() uint32
TEXT ·mxcsrFlushOn(SB), NOSPLIT, $8-4
	STMXCSR old-4(SP)
	MOVL    old-4(SP), AX
	MOVL    AX, ret+0(FP)
	ORL     $0x8040, AX
	MOVL    AX, new-8(SP)
	LDMXCSR new-8(SP)
	RET

// func mxcsrSet(v uint32)
TEXT ·mxcsrSet(SB), NOSPLIT, $0-4
	LDMXCSR v+0(FP)
	RET

// func mxcsrGet() uint32
TEXT ·mxcsrGet(SB), NOSPLIT, $0-4
	STMXCSR ret+0(FP)
	RET

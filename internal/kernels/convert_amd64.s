//go:build amd64 && !noasm

#include "textflag.h"
#include "mask_amd64.h"

// func cvtPD2PSAVX512(dst *float32, src *float64, n int)
//
// dst[i] = float32(src[i]) for i < n, rounded as MXCSR says (the caller's
// mode: round to nearest, no flushing, in Go code).
TEXT ·cvtPD2PSAVX512(SB), NOSPLIT, $0-24
	MOVQ  dst+0(FP), DI
	MOVQ  src+8(FP), SI
	MOVQ  n+16(FP), DX
	MOVL  $0xff, AX
	KMOVB AX, K1
	CMPQ  DX, $32
	JLT   cvt512_tail

cvt512_loop32:
	VCVTPD2PS (SI), Y0
	VCVTPD2PS 64(SI), Y1
	VCVTPD2PS 128(SI), Y2
	VCVTPD2PS 192(SI), Y3
	VMOVUPS   Y0, (DI)
	VMOVUPS   Y1, 32(DI)
	VMOVUPS   Y2, 64(DI)
	VMOVUPS   Y3, 96(DI)
	ADDQ      $256, SI
	ADDQ      $128, DI
	SUBQ      $32, DX
	CMPQ      DX, $32
	JGE       cvt512_loop32

cvt512_tail:
	TESTQ DX, DX
	JLE   cvt512_ret

cvt512_loop8:
	MOVQ        DX, CX
	LOWBITS(8, AX)
	KMOVB       AX, K1
	VCVTPD2PS.Z (SI), K1, Y0
	VMOVUPS     Y0, K1, (DI)
	ADDQ        $64, SI
	ADDQ        $32, DI
	SUBQ        $8, DX
	JGT         cvt512_loop8

cvt512_ret:
	VZEROUPPER
	RET

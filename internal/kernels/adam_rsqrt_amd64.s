//go:build amd64 && !noasm

#include "textflag.h"

// SQRT_RS computes Z5 = sqrt(Z4) rounded as VSQRTPS rounds it, without the
// divider unit where it can: for 2^-64 <= x < +Inf in every lane, from
// VRSQRT14PS (relative error below 2^-14), one coupled Newton-Raphson step
// for s ≈ sqrt(x) and h ≈ 1/(2·sqrt(x)), and a last correction by the
// exact residual x − s·s; any other lane (zero, tiny, negative, infinite,
// NaN) sends the whole vector to VSQRTPS. Z18 holds 0.5, Z19 2^-64 and Z20
// +Inf; it uses Z8, Z9, Z16, Z17, K1 and K2, and the labels slow and done.
#define SQRT_RS(slow, done) \
	VCMPPS       $0x1d, Z19, Z4, K1; \
	VCMPPS       $0x11, Z20, Z4, K1, K2; \
	KORTESTW     K2, K2; \
	JCC          slow; \
	VRSQRT14PS   Z4, Z8; \
	VMULPS       Z8, Z4, Z5; \
	VMULPS       Z18, Z8, Z9; \
	VMOVAPS      Z18, Z16; \
	VFNMADD231PS Z9, Z5, Z16; \
	VFMADD231PS  Z16, Z5, Z5; \
	VFMADD231PS  Z16, Z9, Z9; \
	VMOVAPS      Z4, Z17; \
	VFNMADD231PS Z5, Z5, Z17; \
	VFMADD231PS  Z17, Z9, Z5; \
	JMP          done; \
slow: \
	VSQRTPS      Z4, Z5; \
done:

#define SQRT_RS_CONSTS \
	MOVL         $0x3f000000, R9; \
	VPBROADCASTD R9, Z18; \
	MOVL         $0x1f800000, R9; \
	VPBROADCASTD R9, Z19; \
	MOVL         $0x7f800000, R9; \
	VPBROADCASTD R9, Z20

// func sqrtRS512(dst, src *float32, n int)
//
// dst = sqrt(src) over n elements (a multiple of 16) with SQRT_RS: the
// test that SQRT_RS gives VSQRTPS's bits runs it over every float32.
TEXT ·sqrtRS512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SQRT_RS_CONSTS
	SHRQ $4, CX
	JZ   sqrtrs_ret

sqrtrs_loop:
	VMOVUPS (SI), Z4
	SQRT_RS(sqrtrs_slow, sqrtrs_done)
	VMOVUPS Z5, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     sqrtrs_loop

sqrtrs_ret:
	VZEROUPPER
	RET

// func adamRS512(w, grad, m, v *float32, n int, k *AdamConsts[float32])
//
// adamAVX512 with the square root from SQRT_RS: the same bits, with the
// division the only use of the divider unit in the common case.
TEXT ·adamRS512(SB), NOSPLIT, $0-48
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), R8
	MOVQ         n+32(FP), CX
	MOVQ         k+40(FP), AX
	VBROADCASTSS 0(AX), Z10
	VBROADCASTSS 4(AX), Z11
	VBROADCASTSS 8(AX), Z12
	VBROADCASTSS 12(AX), Z13
	VBROADCASTSS 16(AX), Z14
	VBROADCASTSS 20(AX), Z15
	SQRT_RS_CONSTS
	SHRQ         $4, CX
	JZ           adamrs_ret

adamrs_loop:
	VMOVUPS (SI), Z0
	VMOVUPS (DX), Z1
	VMULPS  Z10, Z1, Z1
	VMULPS  Z11, Z0, Z2
	VADDPS  Z2, Z1, Z1
	VMOVUPS Z1, (DX)
	VMULPS  Z0, Z0, Z3
	VMULPS  Z13, Z3, Z3
	VMOVUPS (R8), Z4
	VMULPS  Z12, Z4, Z4
	VADDPS  Z3, Z4, Z4
	VMOVUPS Z4, (R8)
	SQRT_RS(adamrs_slow, adamrs_done)
	VADDPS  Z14, Z5, Z5
	VDIVPS  Z5, Z1, Z6
	VMULPS  Z15, Z6, Z6
	VMOVUPS (DI), Z7
	VSUBPS  Z6, Z7, Z7
	VMOVUPS Z7, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, R8
	ADDQ    $64, DI
	DECQ    CX
	JNZ     adamrs_loop

adamrs_ret:
	VZEROUPPER
	RET

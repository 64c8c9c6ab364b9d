//go:build amd64 && !noasm

#include "textflag.h"
#include "mask_amd64.h"

// AVX kernels for the mean squared error and its gradient, called from
// mse_amd64.go only when the CPU has AVX2 (and AVX-512 for the 512 ones).

// func squaredErrorAVX(s *[8]float64, p, y *float32, n int)
//
// Adds (p[i] − y[i])², in float64, to s[i mod 8], for n a multiple of 8:
// Y0 holds sums 0-3 and Y1 sums 4-7. Multiplication and addition are
// separate instructions, as in Go.
TEXT ·squaredErrorAVX(SB), NOSPLIT, $0-32
	MOVQ    s+0(FP), DI
	MOVQ    p+8(FP), SI
	MOVQ    y+16(FP), BX
	MOVQ    n+24(FP), CX
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	SHRQ    $3, CX
	JZ      sqerr_store

sqerr_loop:
	VCVTPS2PD (SI), Y2
	VCVTPS2PD 16(SI), Y3
	VCVTPS2PD (BX), Y4
	VCVTPS2PD 16(BX), Y5
	VSUBPD    Y4, Y2, Y2
	VSUBPD    Y5, Y3, Y3
	VMULPD    Y2, Y2, Y2
	VMULPD    Y3, Y3, Y3
	VADDPD    Y2, Y0, Y0
	VADDPD    Y3, Y1, Y1
	ADDQ      $32, SI
	ADDQ      $32, BX
	DECQ      CX
	JNZ       sqerr_loop

sqerr_store:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VZEROUPPER
	RET

// func squaredErrorAVX512(s *[8]float64, p, y *float32, n int)
//
// squaredErrorAVX with the eight sums in Z0.
TEXT ·squaredErrorAVX512(SB), NOSPLIT, $0-32
	MOVQ    s+0(FP), DI
	MOVQ    p+8(FP), SI
	MOVQ    y+16(FP), BX
	MOVQ    n+24(FP), CX
	VMOVUPD (DI), Z0
	SHRQ    $3, CX
	JZ      sqerr512_store

sqerr512_loop:
	VCVTPS2PD (SI), Z2
	VCVTPS2PD (BX), Z4
	VSUBPD    Z4, Z2, Z2
	VMULPD    Z2, Z2, Z2
	VADDPD    Z2, Z0, Z0
	ADDQ      $32, SI
	ADDQ      $32, BX
	DECQ      CX
	JNZ       sqerr512_loop

sqerr512_store:
	VMOVUPD Z0, (DI)
	VZEROUPPER
	RET

// func scaledDiffAVX(d, p, y *float32, n int, k float32)
//
// Sets d[i] = (p[i] − y[i])·k for n a multiple of 8.
TEXT ·scaledDiffAVX(SB), NOSPLIT, $0-36
	MOVQ         d+0(FP), DI
	MOVQ         p+8(FP), SI
	MOVQ         y+16(FP), BX
	MOVQ         n+24(FP), CX
	VBROADCASTSS k+32(FP), Y15
	SHRQ         $3, CX
	JZ           sdiff_ret

sdiff_loop:
	VMOVUPS (SI), Y0
	VSUBPS  (BX), Y0, Y0
	VMULPS  Y15, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, BX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     sdiff_loop

sdiff_ret:
	VZEROUPPER
	RET

// func scaledDiffAVX512(d, p, y *float32, n int, k float32)
//
// Sets d[i] = (p[i] − y[i])·k for any n (the last values masked).
TEXT ·scaledDiffAVX512(SB), NOSPLIT, $0-36
	MOVQ         d+0(FP), DI
	MOVQ         p+8(FP), SI
	MOVQ         y+16(FP), BX
	MOVQ         n+24(FP), DX
	VBROADCASTSS k+32(FP), Z15
	TESTQ        DX, DX
	JLE          sdiff512_ret

sdiff512_loop:
	MOVQ      DX, CX
	LOWBITS(16, AX)
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (BX), K1, Z1
	VSUBPS    Z1, Z0, Z0
	VMULPS    Z15, Z0, Z0
	VMOVUPS   Z0, K1, (DI)
	ADDQ      $64, SI
	ADDQ      $64, BX
	ADDQ      $64, DI
	SUBQ      $16, DX
	JGT       sdiff512_loop

sdiff512_ret:
	VZEROUPPER
	RET

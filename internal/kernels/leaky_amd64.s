//go:build amd64 && !noasm

#include "textflag.h"
#include "mask_amd64.h"

// AVX kernels for LeakyReLU, called from leaky_amd64.go only when the CPU
// has AVX2.

// func leakyAVX(y, x *float32, n int, slope float32)
//
// Sets y[i] = x[i] if x[i] > 0, else x[i]·slope, for n a multiple of 8.
TEXT ·leakyAVX(SB), NOSPLIT, $0-28
	MOVQ         y+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS slope+24(FP), Y15
	VXORPS       Y14, Y14, Y14
	SHRQ         $3, CX
	JZ           leaky_ret

leaky_loop:
	VMOVUPS   (SI), Y0
	VCMPPS    $0x1e, Y14, Y0, Y1
	VMULPS    Y15, Y0, Y2
	VBLENDVPS Y1, Y0, Y2, Y3
	VMOVUPS   Y3, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       leaky_loop

leaky_ret:
	VZEROUPPER
	RET

// func leakyGradAVX(dx, x, dy *float32, n int, slope float32)
//
// Sets dx[i] = dy[i] if x[i] > 0, else dy[i]·slope, for n a multiple of 8.
TEXT ·leakyGradAVX(SB), NOSPLIT, $0-36
	MOVQ         dx+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         dy+16(FP), DX
	MOVQ         n+24(FP), CX
	VBROADCASTSS slope+32(FP), Y15
	VXORPS       Y14, Y14, Y14
	SHRQ         $3, CX
	JZ           lgrad_ret

lgrad_loop:
	VMOVUPS   (SI), Y0
	VMOVUPS   (DX), Y4
	VCMPPS    $0x1e, Y14, Y0, Y1
	VMULPS    Y15, Y4, Y2
	VBLENDVPS Y1, Y4, Y2, Y3
	VMOVUPS   Y3, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DX
	ADDQ      $32, DI
	DECQ      CX
	JNZ       lgrad_loop

lgrad_ret:
	VZEROUPPER
	RET

// func leakyAVX512(y, x *float32, n int, slope float32)
//
// Sets y[i] = x[i] if x[i] > 0, else x[i]·slope, for any n (the last
// values masked).
TEXT ·leakyAVX512(SB), NOSPLIT, $0-28
	MOVQ         y+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), DX
	VBROADCASTSS slope+24(FP), Z15
	VPXORD       Z14, Z14, Z14
	TESTQ        DX, DX
	JLE          leaky512_ret

leaky512_loop:
	MOVQ      DX, CX
	LOWBITS(16, AX)
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VCMPPS    $0x1e, Z14, Z0, K1, K2
	VMULPS    Z15, Z0, Z1
	VMOVAPS   Z0, K2, Z1
	VMOVUPS   Z1, K1, (DI)
	ADDQ      $64, SI
	ADDQ      $64, DI
	SUBQ      $16, DX
	JGT       leaky512_loop

leaky512_ret:
	VZEROUPPER
	RET

// func leakyGradAVX512(dx, x, dy *float32, n int, slope float32)
//
// Sets dx[i] = dy[i] if x[i] > 0, else dy[i]·slope, for any n.
TEXT ·leakyGradAVX512(SB), NOSPLIT, $0-36
	MOVQ         dx+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         dy+16(FP), BX
	MOVQ         n+24(FP), DX
	VBROADCASTSS slope+32(FP), Z15
	VPXORD       Z14, Z14, Z14
	TESTQ        DX, DX
	JLE          lgrad512_ret

lgrad512_loop:
	MOVQ      DX, CX
	LOWBITS(16, AX)
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (BX), K1, Z4
	VCMPPS    $0x1e, Z14, Z0, K1, K2
	VMULPS    Z15, Z4, Z1
	VMOVAPS   Z4, K2, Z1
	VMOVUPS   Z1, K1, (DI)
	ADDQ      $64, SI
	ADDQ      $64, BX
	ADDQ      $64, DI
	SUBQ      $16, DX
	JGT       lgrad512_loop

lgrad512_ret:
	VZEROUPPER
	RET

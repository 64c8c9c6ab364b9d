//go:build amd64 && !noasm

#include "textflag.h"

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

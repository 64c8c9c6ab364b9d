//go:build amd64 && !noasm

#include "textflag.h"

// The batch normalisation kernels below walk x row by row (row step ld
// elements) over columns 0..n-1, n a multiple of 4 (8 for bnNormalize),
// keeping per-column sums in memory; each column's sum is thus built in row
// order with the same float64 operations, in the same order, as the
// portable loops in batchnorm.go.

// func bnAccum(sum *float64, x *float32, m, n, ld int)
//
// sum[j] += float64(x[i·ld+j]) for every row i in order.
TEXT ·bnAccum(SB), NOSPLIT, $0-40
	MOVQ  sum+0(FP), DI
	MOVQ  x+8(FP), SI
	MOVQ  m+16(FP), R8
	MOVQ  n+24(FP), R9
	MOVQ  ld+32(FP), R10
	SHLQ  $2, R10
	SHRQ  $2, R9
	TESTQ R8, R8
	JZ    accum_ret
	TESTQ R9, R9
	JZ    accum_ret

accum_row:
	MOVQ DI, AX
	MOVQ SI, BX
	MOVQ R9, CX

accum_col:
	VCVTPS2PD (BX), Y0
	VADDPD    (AX), Y0, Y0
	VMOVUPD   Y0, (AX)
	ADDQ      $16, BX
	ADDQ      $32, AX
	DECQ      CX
	JNZ       accum_col
	ADDQ      R10, SI
	DECQ      R8
	JNZ       accum_row

accum_ret:
	VZEROUPPER
	RET

// func bnSqDev(sum *float64, x *float32, mean *float64, m, n, ld int)
//
// sum[j] += d·d with d = float64(x[i·ld+j]) − mean[j], for every row i in
// order.
TEXT ·bnSqDev(SB), NOSPLIT, $0-48
	MOVQ  sum+0(FP), DI
	MOVQ  x+8(FP), SI
	MOVQ  mean+16(FP), DX
	MOVQ  m+24(FP), R8
	MOVQ  n+32(FP), R9
	MOVQ  ld+40(FP), R10
	SHLQ  $2, R10
	TESTQ R8, R8
	JZ    sqdev_ret
	TESTQ R9, R9
	JZ    sqdev_ret

sqdev_row:
	XORQ CX, CX

sqdev_col:
	VCVTPS2PD (SI)(CX*4), Y0
	VSUBPD    (DX)(CX*8), Y0, Y0
	VMULPD    Y0, Y0, Y0
	VADDPD    (DI)(CX*8), Y0, Y0
	VMOVUPD   Y0, (DI)(CX*8)
	ADDQ      $4, CX
	CMPQ      CX, R9
	JLT       sqdev_col
	ADDQ      R10, SI
	DECQ      R8
	JNZ       sqdev_row

sqdev_ret:
	VZEROUPPER
	RET

// func bnNormSums(sumDy, sumDyXh *float64, x, dy *float32, mean, invStd *float64, m, n, ld int)
//
// For every row i in order: with d = float64(dy[i·ld+j]),
// sumDy[j] += d and sumDyXh[j] += (d·(float64(x[i·ld+j]) − mean[j]))·invStd[j].
TEXT ·bnNormSums(SB), NOSPLIT, $0-72
	MOVQ  sumDy+0(FP), DI
	MOVQ  sumDyXh+8(FP), R11
	MOVQ  x+16(FP), SI
	MOVQ  dy+24(FP), BX
	MOVQ  mean+32(FP), DX
	MOVQ  invStd+40(FP), R12
	MOVQ  m+48(FP), R8
	MOVQ  n+56(FP), R9
	MOVQ  ld+64(FP), R10
	SHLQ  $2, R10
	TESTQ R8, R8
	JZ    sums_ret
	TESTQ R9, R9
	JZ    sums_ret

sums_row:
	XORQ CX, CX

sums_col:
	VCVTPS2PD (BX)(CX*4), Y0
	VADDPD    (DI)(CX*8), Y0, Y1
	VMOVUPD   Y1, (DI)(CX*8)
	VCVTPS2PD (SI)(CX*4), Y2
	VSUBPD    (DX)(CX*8), Y2, Y2
	VMULPD    Y2, Y0, Y2
	VMULPD    (R12)(CX*8), Y2, Y2
	VADDPD    (R11)(CX*8), Y2, Y2
	VMOVUPD   Y2, (R11)(CX*8)
	ADDQ      $4, CX
	CMPQ      CX, R9
	JLT       sums_col
	ADDQ      R10, SI
	ADDQ      R10, BX
	DECQ      R8
	JNZ       sums_row

sums_ret:
	VZEROUPPER
	RET

// func bnGradInput(dx, x, dy *float32, mean, invStd, scale, sumDy, sumDyXh *float64, b float64, m, n, ld int)
//
// dx[i·ld+j] = float32(scale[j]·((b·dy − sumDy[j]) − x̂·sumDyXh[j])) with
// dy = float64(dy[i·ld+j]) and x̂ = (float64(x[i·ld+j]) − mean[j])·invStd[j].
TEXT ·bnGradInput(SB), NOSPLIT, $0-96
	MOVQ         dx+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         dy+16(FP), BX
	MOVQ         mean+24(FP), DX
	MOVQ         invStd+32(FP), R11
	MOVQ         scale+40(FP), R12
	MOVQ         sumDy+48(FP), R13
	MOVQ         sumDyXh+56(FP), AX
	VBROADCASTSD b+64(FP), Y15
	MOVQ         m+72(FP), R8
	MOVQ         n+80(FP), R9
	MOVQ         ld+88(FP), R10
	SHLQ         $2, R10
	TESTQ        R8, R8
	JZ           gradin_ret
	TESTQ        R9, R9
	JZ           gradin_ret

gradin_row:
	XORQ CX, CX

gradin_col:
	VCVTPS2PD (SI)(CX*4), Y0
	VSUBPD    (DX)(CX*8), Y0, Y0
	VMULPD    (R11)(CX*8), Y0, Y0
	VCVTPS2PD (BX)(CX*4), Y1
	VMULPD    Y1, Y15, Y1
	VSUBPD    (R13)(CX*8), Y1, Y1
	VMULPD    (AX)(CX*8), Y0, Y0
	VSUBPD    Y0, Y1, Y1
	VMULPD    (R12)(CX*8), Y1, Y1
	VCVTPD2PSY Y1, X1
	VMOVUPS   X1, (DI)(CX*4)
	ADDQ      $4, CX
	CMPQ      CX, R9
	JLT       gradin_col
	ADDQ      R10, SI
	ADDQ      R10, BX
	ADDQ      R10, DI
	DECQ      R8
	JNZ       gradin_row

gradin_ret:
	VZEROUPPER
	RET

// func bnNormalize(y, x, inv, shift *float32, m, n, ld int)
//
// y[i·ld+j] = x[i·ld+j]·inv[j] + shift[j], for n a multiple of 8.
TEXT ·bnNormalize(SB), NOSPLIT, $0-56
	MOVQ  y+0(FP), DI
	MOVQ  x+8(FP), SI
	MOVQ  inv+16(FP), DX
	MOVQ  shift+24(FP), R11
	MOVQ  m+32(FP), R8
	MOVQ  n+40(FP), R9
	MOVQ  ld+48(FP), R10
	SHLQ  $2, R10
	TESTQ R8, R8
	JZ    norm_ret
	TESTQ R9, R9
	JZ    norm_ret

norm_row:
	XORQ CX, CX

norm_col:
	VMOVUPS (SI)(CX*4), Y0
	VMULPS  (DX)(CX*4), Y0, Y0
	VADDPS  (R11)(CX*4), Y0, Y0
	VMOVUPS Y0, (DI)(CX*4)
	ADDQ    $8, CX
	CMPQ    CX, R9
	JLT     norm_col
	ADDQ    R10, SI
	ADDQ    R10, DI
	DECQ    R8
	JNZ     norm_row

norm_ret:
	VZEROUPPER
	RET

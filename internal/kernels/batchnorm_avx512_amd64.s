//go:build amd64 && !noasm

#include "textflag.h"
#include "mask_amd64.h"

// AVX-512 batch normalisation kernels, called from batchnorm_amd64.go only
// when the CPU has AVX-512. They do what the AVX2 kernels of
// batchnorm_amd64.s do, with the same float64 operations in the same order
// per element and every column's sums built over the rows in order, so the
// results are the same bit for bit; they take any n, masking the last
// columns. The column sums are kept in registers, sixteen columns at a time,
// over all the rows, instead of in memory.

// Sets K1 (16 bits: float32 lanes), K2 and K3 (8 bits each: the float64
// lanes of columns 0-7 and 8-15) for the min(16, n − j0) columns from j0 on,
// with n in R9 and j0 in R11. Clobbers AX and CX.
#define MASKS16 \
	MOVQ  R9, CX; \
	SUBQ  R11, CX; \
	LOWBITS(16, AX); \
	KMOVW AX, K1; \
	KMOVB AX, K2; \
	SHRQ  $8, AX; \
	KMOVB AX, K3

// func bnAccum512(sum *float64, x *float32, m, n, ld int)
//
// sum[j] += float64(x[i·ld+j]) for every row i in order, j < n.
TEXT ·bnAccum512(SB), NOSPLIT, $0-40
	MOVQ  sum+0(FP), DI
	MOVQ  x+8(FP), SI
	MOVQ  m+16(FP), R8
	MOVQ  n+24(FP), R9
	MOVQ  ld+32(FP), R10
	SHLQ  $2, R10
	TESTQ R8, R8
	JZ    accum512_ret
	XORQ  R11, R11

accum512_cols:
	MASKS16
	VMOVUPD.Z (DI)(R11*8), K2, Z0
	VMOVUPD.Z 64(DI)(R11*8), K3, Z1
	LEAQ      (SI)(R11*4), BX
	MOVQ      R8, CX

accum512_rows:
	VCVTPS2PD.Z (BX), K2, Z4
	VCVTPS2PD.Z 32(BX), K3, Z5
	VADDPD      Z4, Z0, Z0
	VADDPD      Z5, Z1, Z1
	ADDQ        R10, BX
	DECQ        CX
	JNZ         accum512_rows
	VMOVUPD     Z0, K2, (DI)(R11*8)
	VMOVUPD     Z1, K3, 64(DI)(R11*8)
	ADDQ        $16, R11
	CMPQ        R11, R9
	JLT         accum512_cols

accum512_ret:
	VZEROUPPER
	RET

// func bnSqDev512(sum *float64, x *float32, mean *float64, m, n, ld int)
//
// sum[j] += d·d with d = float64(x[i·ld+j]) − mean[j], for every row i in
// order, j < n.
TEXT ·bnSqDev512(SB), NOSPLIT, $0-48
	MOVQ  sum+0(FP), DI
	MOVQ  x+8(FP), SI
	MOVQ  mean+16(FP), DX
	MOVQ  m+24(FP), R8
	MOVQ  n+32(FP), R9
	MOVQ  ld+40(FP), R10
	SHLQ  $2, R10
	TESTQ R8, R8
	JZ    sqdev512_ret
	XORQ  R11, R11

sqdev512_cols:
	MASKS16
	VMOVUPD.Z (DI)(R11*8), K2, Z0
	VMOVUPD.Z 64(DI)(R11*8), K3, Z1
	VMOVUPD.Z (DX)(R11*8), K2, Z6
	VMOVUPD.Z 64(DX)(R11*8), K3, Z7
	LEAQ      (SI)(R11*4), BX
	MOVQ      R8, CX

sqdev512_rows:
	VCVTPS2PD.Z (BX), K2, Z4
	VCVTPS2PD.Z 32(BX), K3, Z5
	VSUBPD      Z6, Z4, Z4
	VSUBPD      Z7, Z5, Z5
	VMULPD      Z4, Z4, Z4
	VMULPD      Z5, Z5, Z5
	VADDPD      Z4, Z0, Z0
	VADDPD      Z5, Z1, Z1
	ADDQ        R10, BX
	DECQ        CX
	JNZ         sqdev512_rows
	VMOVUPD     Z0, K2, (DI)(R11*8)
	VMOVUPD     Z1, K3, 64(DI)(R11*8)
	ADDQ        $16, R11
	CMPQ        R11, R9
	JLT         sqdev512_cols

sqdev512_ret:
	VZEROUPPER
	RET

// func bnNormSums512(sumDy, sumDyXh *float64, x, dy *float32, mean, invStd *float64, m, n, ld int)
//
// For every row i in order, j < n: with d = float64(dy[i·ld+j]),
// sumDy[j] += d and sumDyXh[j] += (d·(float64(x[i·ld+j]) − mean[j]))·invStd[j].
TEXT ·bnNormSums512(SB), NOSPLIT, $0-72
	MOVQ  sumDy+0(FP), DI
	MOVQ  sumDyXh+8(FP), R12
	MOVQ  x+16(FP), SI
	MOVQ  dy+24(FP), R13
	MOVQ  mean+32(FP), DX
	MOVQ  invStd+40(FP), R14
	MOVQ  m+48(FP), R8
	MOVQ  n+56(FP), R9
	MOVQ  ld+64(FP), R10
	SHLQ  $2, R10
	TESTQ R8, R8
	JZ    sums512_ret
	XORQ  R11, R11

sums512_cols:
	MASKS16
	VMOVUPD.Z (DI)(R11*8), K2, Z0
	VMOVUPD.Z 64(DI)(R11*8), K3, Z1
	VMOVUPD.Z (R12)(R11*8), K2, Z2
	VMOVUPD.Z 64(R12)(R11*8), K3, Z3
	VMOVUPD.Z (DX)(R11*8), K2, Z6
	VMOVUPD.Z 64(DX)(R11*8), K3, Z7
	VMOVUPD.Z (R14)(R11*8), K2, Z8
	VMOVUPD.Z 64(R14)(R11*8), K3, Z9
	LEAQ      (SI)(R11*4), BX
	LEAQ      (R13)(R11*4), AX
	MOVQ      R8, CX

sums512_rows:
	VCVTPS2PD.Z (AX), K2, Z4
	VCVTPS2PD.Z 32(AX), K3, Z5
	VADDPD      Z4, Z0, Z0
	VADDPD      Z5, Z1, Z1
	VCVTPS2PD.Z (BX), K2, Z10
	VCVTPS2PD.Z 32(BX), K3, Z11
	VSUBPD      Z6, Z10, Z10
	VSUBPD      Z7, Z11, Z11
	VMULPD      Z10, Z4, Z10
	VMULPD      Z11, Z5, Z11
	VMULPD      Z8, Z10, Z10
	VMULPD      Z9, Z11, Z11
	VADDPD      Z10, Z2, Z2
	VADDPD      Z11, Z3, Z3
	ADDQ        R10, BX
	ADDQ        R10, AX
	DECQ        CX
	JNZ         sums512_rows
	VMOVUPD     Z0, K2, (DI)(R11*8)
	VMOVUPD     Z1, K3, 64(DI)(R11*8)
	VMOVUPD     Z2, K2, (R12)(R11*8)
	VMOVUPD     Z3, K3, 64(R12)(R11*8)
	ADDQ        $16, R11
	CMPQ        R11, R9
	JLT         sums512_cols

sums512_ret:
	VZEROUPPER
	RET

// func bnGradInput512(dx, x, dy *float32, mean, invStd, scale, sumDy, sumDyXh *float64, b float64, m, n, ld int)
//
// dx[i·ld+j] = float32(scale[j]·((b·dy − sumDy[j]) − x̂·sumDyXh[j])) with
// dy = float64(dy[i·ld+j]) and x̂ = (float64(x[i·ld+j]) − mean[j])·invStd[j],
// j < n. Sixteen columns at a time, their per-column values in registers,
// down all the rows.
TEXT ·bnGradInput512(SB), NOSPLIT, $0-96
	MOVQ         mean+24(FP), DX
	MOVQ         invStd+32(FP), R12
	MOVQ         scale+40(FP), R13
	MOVQ         sumDy+48(FP), R14
	MOVQ         sumDyXh+56(FP), BX
	VBROADCASTSD b+64(FP), Z31
	MOVQ         m+72(FP), R8
	MOVQ         n+80(FP), R9
	MOVQ         ld+88(FP), R10
	SHLQ         $2, R10
	TESTQ        R8, R8
	JZ           gradin512_ret
	XORQ         R11, R11

gradin512_cols:
	MASKS16
	VMOVUPD.Z (DX)(R11*8), K2, Z16
	VMOVUPD.Z 64(DX)(R11*8), K3, Z17
	VMOVUPD.Z (R12)(R11*8), K2, Z18
	VMOVUPD.Z 64(R12)(R11*8), K3, Z19
	VMOVUPD.Z (R13)(R11*8), K2, Z20
	VMOVUPD.Z 64(R13)(R11*8), K3, Z21
	VMOVUPD.Z (R14)(R11*8), K2, Z22
	VMOVUPD.Z 64(R14)(R11*8), K3, Z23
	VMOVUPD.Z (BX)(R11*8), K2, Z24
	VMOVUPD.Z 64(BX)(R11*8), K3, Z25
	MOVQ      dx+0(FP), DI
	LEAQ      (DI)(R11*4), DI
	MOVQ      x+8(FP), SI
	LEAQ      (SI)(R11*4), SI
	MOVQ      dy+16(FP), AX
	LEAQ      (AX)(R11*4), AX
	MOVQ      R8, CX

gradin512_rows:
	VCVTPS2PD.Z (SI), K2, Z0
	VCVTPS2PD.Z 32(SI), K3, Z1
	VSUBPD      Z16, Z0, Z0
	VSUBPD      Z17, Z1, Z1
	VMULPD      Z18, Z0, Z0
	VMULPD      Z19, Z1, Z1
	VCVTPS2PD.Z (AX), K2, Z2
	VCVTPS2PD.Z 32(AX), K3, Z3
	VMULPD      Z2, Z31, Z2
	VMULPD      Z3, Z31, Z3
	VSUBPD      Z22, Z2, Z2
	VSUBPD      Z23, Z3, Z3
	VMULPD      Z24, Z0, Z0
	VMULPD      Z25, Z1, Z1
	VSUBPD      Z0, Z2, Z2
	VSUBPD      Z1, Z3, Z3
	VMULPD      Z20, Z2, Z2
	VMULPD      Z21, Z3, Z3
	VCVTPD2PS   Z2, Y2
	VCVTPD2PS   Z3, Y3
	VMOVUPS     Y2, K2, (DI)
	VMOVUPS     Y3, K3, 32(DI)
	ADDQ        R10, SI
	ADDQ        R10, AX
	ADDQ        R10, DI
	DECQ        CX
	JNZ         gradin512_rows
	ADDQ        $16, R11
	CMPQ        R11, R9
	JLT         gradin512_cols

gradin512_ret:
	VZEROUPPER
	RET

// func bnNormalize512(y, x, inv, shift *float32, m, n, ld int)
//
// y[i·ld+j] = x[i·ld+j]·inv[j] + shift[j], j < n, rounded after each
// operation. Sixteen columns at a time, down all the rows.
TEXT ·bnNormalize512(SB), NOSPLIT, $0-56
	MOVQ  inv+16(FP), DX
	MOVQ  shift+24(FP), R12
	MOVQ  m+32(FP), R8
	MOVQ  n+40(FP), R9
	MOVQ  ld+48(FP), R10
	SHLQ  $2, R10
	TESTQ R8, R8
	JZ    norm512_ret
	XORQ  R11, R11

norm512_cols:
	MASKS16
	VMOVUPS.Z (DX)(R11*4), K1, Z16
	VMOVUPS.Z (R12)(R11*4), K1, Z17
	MOVQ      y+0(FP), DI
	LEAQ      (DI)(R11*4), DI
	MOVQ      x+8(FP), SI
	LEAQ      (SI)(R11*4), SI
	MOVQ      R8, CX

norm512_rows:
	VMOVUPS.Z (SI), K1, Z0
	VMULPS    Z16, Z0, Z0
	VADDPS    Z17, Z0, Z0
	VMOVUPS   Z0, K1, (DI)
	ADDQ      R10, SI
	ADDQ      R10, DI
	DECQ      CX
	JNZ       norm512_rows
	ADDQ      $16, R11
	CMPQ      R11, R9
	JLT       norm512_cols

norm512_ret:
	VZEROUPPER
	RET

// DATA for the reciprocal: 1.0 in float64.
DATA bnOne<>+0(SB)/8, $1.0
GLOBL bnOne<>(SB), RODATA|NOPTR, $8

// Sets K1 (8 bits) for the min(8, n − j) columns from j on, n in R9, j in
// R11. Clobbers AX and CX.
#define MASK8 \
	MOVQ  R9, CX; \
	SUBQ  R11, CX; \
	LOWBITS(8, AX); \
	KMOVB AX, K1

// func bnTrainStats512(movingMean, movingVar, inv, shift, gamma, beta *float32, mean, invStd *float64, n int, decay float32, eps float64)
//
// For j < n, with variance = invStd[j] on entry: movingMean[j] −=
// (movingMean[j] − float32(mean[j]))·decay, movingVar[j] −= (movingVar[j] −
// float32(variance))·decay, invStd[j] = 1/sqrt(variance + eps),
// inv[j] = gamma[j]·float32(invStd[j]), shift[j] = beta[j] −
// float32(mean[j])·inv[j]; every operation rounded, as
// portableNormTrainStats.
TEXT ·bnTrainStats512(SB), NOSPLIT, $0-88
	MOVQ         movingMean+0(FP), DI
	MOVQ         movingVar+8(FP), SI
	MOVQ         inv+16(FP), R8
	MOVQ         shift+24(FP), R10
	MOVQ         gamma+32(FP), R12
	MOVQ         beta+40(FP), R13
	MOVQ         mean+48(FP), DX
	MOVQ         invStd+56(FP), BX
	MOVQ         n+64(FP), R9
	VBROADCASTSS decay+72(FP), Y30
	VBROADCASTSD eps+80(FP), Z29
	VBROADCASTSD bnOne<>(SB), Z28
	XORQ         R11, R11

stats512_loop:
	MASK8
	VMOVUPD.Z  (DX)(R11*8), K1, Z0
	VMOVUPD.Z  (BX)(R11*8), K1, Z1
	VCVTPD2PS  Z0, Y2
	VCVTPD2PS  Z1, Y3
	VMOVUPS.Z  (DI)(R11*4), K1, Y4
	VSUBPS     Y2, Y4, Y5
	VMULPS     Y30, Y5, Y5
	VSUBPS     Y5, Y4, Y4
	VMOVUPS    Y4, K1, (DI)(R11*4)
	VMOVUPS.Z  (SI)(R11*4), K1, Y6
	VSUBPS     Y3, Y6, Y7
	VMULPS     Y30, Y7, Y7
	VSUBPS     Y7, Y6, Y6
	VMOVUPS    Y6, K1, (SI)(R11*4)
	VADDPD     Z29, Z1, Z8
	VSQRTPD    Z8, Z8
	VDIVPD     Z8, Z28, Z9
	VMOVUPD    Z9, K1, (BX)(R11*8)
	VCVTPD2PS  Z9, Y10
	VMULPS.Z   (R12)(R11*4), Y10, K1, Y11
	VMOVUPS    Y11, K1, (R8)(R11*4)
	VMULPS     Y11, Y2, Y12
	VMOVUPS.Z  (R13)(R11*4), K1, Y13
	VSUBPS     Y12, Y13, Y13
	VMOVUPS    Y13, K1, (R10)(R11*4)
	ADDQ       $8, R11
	CMPQ       R11, R9
	JLT        stats512_loop
	VZEROUPPER
	RET

// func bnScale512(scale *float64, gamma *float32, invStd *float64, n int, b float64)
//
// scale[j] = float64(gamma[j])·invStd[j]/b for j < n.
TEXT ·bnScale512(SB), NOSPLIT, $0-40
	MOVQ         scale+0(FP), DI
	MOVQ         gamma+8(FP), SI
	MOVQ         invStd+16(FP), DX
	MOVQ         n+24(FP), R9
	VBROADCASTSD b+32(FP), Z31
	XORQ         R11, R11

scale512_loop:
	MASK8
	VCVTPS2PD.Z (SI)(R11*4), K1, Z0
	VMULPD.Z    (DX)(R11*8), Z0, K1, Z0
	VDIVPD      Z31, Z0, Z0
	VMOVUPD     Z0, K1, (DI)(R11*8)
	ADDQ        $8, R11
	CMPQ        R11, R9
	JLT         scale512_loop
	VZEROUPPER
	RET

//go:build amd64 && !noasm

#include "textflag.h"
#include "mask_amd64.h"

// AVX-512 kernels. Rows 0-7 of A are at AX, BX, CX, DX, R8, R9, R10, R11
// (rows at or beyond mr alias row 0), R12 is A's column step in bytes, SI
// points at B's row p, DI is B's row step in bytes, R13 counts k down. K1
// and K2 mask B's columns 0-15 and 16-31.

// Loads k, the row pointers of the block of rows that starts at arow-16(SP)
// (rows at or beyond left-8(SP) alias its first row), the steps and B.
#define PROLOGUE512 \
	MOVQ  arow-16(SP), AX; \
	MOVQ  rsA+16(FP), R12; \
	SHLQ  $2, R12; \
	MOVQ  left-8(SP), R13; \
	LEAQ  (AX)(R12*1), BX; \
	CMPQ  R13, $1; \
	CMOVQLE AX, BX; \
	LEAQ  (BX)(R12*1), CX; \
	CMPQ  R13, $2; \
	CMOVQLE AX, CX; \
	LEAQ  (CX)(R12*1), DX; \
	CMPQ  R13, $3; \
	CMOVQLE AX, DX; \
	LEAQ  (DX)(R12*1), R8; \
	CMPQ  R13, $4; \
	CMOVQLE AX, R8; \
	LEAQ  (R8)(R12*1), R9; \
	CMPQ  R13, $5; \
	CMOVQLE AX, R9; \
	LEAQ  (R9)(R12*1), R10; \
	CMPQ  R13, $6; \
	CMOVQLE AX, R10; \
	LEAQ  (R10)(R12*1), R11; \
	CMPQ  R13, $7; \
	CMOVQLE AX, R11; \
	MOVQ  csA+24(FP), R12; \
	SHLQ  $2, R12; \
	MOVQ  b+32(FP), SI; \
	MOVQ  ldb+40(FP), DI; \
	SHLQ  $2, DI; \
	MOVQ  k+0(FP), R13

#define ZERO16 \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPXORD Z2, Z2, Z2; \
	VPXORD Z3, Z3, Z3; \
	VPXORD Z4, Z4, Z4; \
	VPXORD Z5, Z5, Z5; \
	VPXORD Z6, Z6, Z6; \
	VPXORD Z7, Z7, Z7; \
	VPXORD Z8, Z8, Z8; \
	VPXORD Z9, Z9, Z9; \
	VPXORD Z10, Z10, Z10; \
	VPXORD Z11, Z11, Z11; \
	VPXORD Z12, Z12, Z12; \
	VPXORD Z13, Z13, Z13; \
	VPXORD Z14, Z14, Z14; \
	VPXORD Z15, Z15, Z15

#define BCAST8 \
	VBROADCASTSS (AX), Z18; \
	VBROADCASTSS (BX), Z19; \
	VBROADCASTSS (CX), Z20; \
	VBROADCASTSS (DX), Z21; \
	VBROADCASTSS (R8), Z22; \
	VBROADCASTSS (R9), Z23; \
	VBROADCASTSS (R10), Z24; \
	VBROADCASTSS (R11), Z25

#define STEP512 \
	ADDQ R12, AX; \
	ADDQ R12, BX; \
	ADDQ R12, CX; \
	ADDQ R12, DX; \
	ADDQ R12, R8; \
	ADDQ R12, R9; \
	ADDQ R12, R10; \
	ADDQ R12, R11; \
	ADDQ DI, SI; \
	DECQ R13

// Moves to the next block of eight rows: jumps to label when none is left,
// else counts them off left-8(SP) and advances arow-16(SP) by eight rows of
// A.
#define NEXT_BLOCK(label) \
	MOVQ left-8(SP), AX; \
	SUBQ $8, AX; \
	JLE  label; \
	MOVQ AX, left-8(SP); \
	MOVQ rsA+16(FP), AX; \
	SHLQ $5, AX; \
	ADDQ AX, arow-16(SP)

// The float64 kernel: the float32 kernel's registers and loop with eight
// doubles to a register, so that a block is 8 rows × 16 columns.

// PROLOGUE512 for float64 elements.
#define PROLOGUE512D \
	MOVQ  arow-16(SP), AX; \
	MOVQ  rsA+16(FP), R12; \
	SHLQ  $3, R12; \
	MOVQ  left-8(SP), R13; \
	LEAQ  (AX)(R12*1), BX; \
	CMPQ  R13, $1; \
	CMOVQLE AX, BX; \
	LEAQ  (BX)(R12*1), CX; \
	CMPQ  R13, $2; \
	CMOVQLE AX, CX; \
	LEAQ  (CX)(R12*1), DX; \
	CMPQ  R13, $3; \
	CMOVQLE AX, DX; \
	LEAQ  (DX)(R12*1), R8; \
	CMPQ  R13, $4; \
	CMOVQLE AX, R8; \
	LEAQ  (R8)(R12*1), R9; \
	CMPQ  R13, $5; \
	CMOVQLE AX, R9; \
	LEAQ  (R9)(R12*1), R10; \
	CMPQ  R13, $6; \
	CMOVQLE AX, R10; \
	LEAQ  (R10)(R12*1), R11; \
	CMPQ  R13, $7; \
	CMOVQLE AX, R11; \
	MOVQ  csA+24(FP), R12; \
	SHLQ  $3, R12; \
	MOVQ  b+32(FP), SI; \
	MOVQ  ldb+40(FP), DI; \
	SHLQ  $3, DI; \
	MOVQ  k+0(FP), R13

#define BCAST8D \
	VBROADCASTSD (AX), Z18; \
	VBROADCASTSD (BX), Z19; \
	VBROADCASTSD (CX), Z20; \
	VBROADCASTSD (DX), Z21; \
	VBROADCASTSD (R8), Z22; \
	VBROADCASTSD (R9), Z23; \
	VBROADCASTSD (R10), Z24; \
	VBROADCASTSD (R11), Z25

// NEXT_BLOCK for float64 elements.
#define NEXT_BLOCK_D(label) \
	MOVQ left-8(SP), AX; \
	SUBQ $8, AX; \
	JLE  label; \
	MOVQ AX, left-8(SP); \
	MOVQ rsA+16(FP), AX; \
	SHLQ $6, AX; \
	ADDQ AX, arow-16(SP)

// func sgemmKernel512(k int, a *float32, rsA, csA int, b *float32, ldb int, c *float32, ldc int, m, nr int, bias *float32)
//
// Sets rows 0..m-1, columns 0..nr-1 (nr ≤ 32) of C (row step ldc) to
// Σ_p A[r][p]·B[p][j] (+ bias[j] if bias is not nil), each a chain of fused
// multiply-adds over p in order from zero, where A's row r starts at
// a + r·rsA with column step csA and B's row p at b + p·ldb, in blocks of
// eight rows. The same elements as sgemmKernel's, bit for bit.
TEXT ·sgemmKernel512(SB), NOSPLIT, $24-88
	MOVQ  nr+72(FP), CX
	MOVL  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K1
	SHRQ  $16, AX
	KMOVW AX, K2
	MOVQ  m+64(FP), AX
	TESTQ AX, AX
	JLE   k512_ret
	MOVQ  AX, left-8(SP)
	MOVQ  a+8(FP), AX
	MOVQ  AX, arow-16(SP)
	MOVQ  c+48(FP), AX
	MOVQ  AX, crow-24(SP)

k512_block:
	PROLOGUE512
	ZERO16
	TESTQ R13, R13
	JZ    k512_done
	CMPQ  nr+72(FP), $16
	JLE   k512_half

k512_full:
	VMOVUPS.Z   (SI), K1, Z16
	VMOVUPS.Z   64(SI), K2, Z17
	BCAST8
	VFMADD231PS Z16, Z18, Z0
	VFMADD231PS Z17, Z18, Z1
	VFMADD231PS Z16, Z19, Z2
	VFMADD231PS Z17, Z19, Z3
	VFMADD231PS Z16, Z20, Z4
	VFMADD231PS Z17, Z20, Z5
	VFMADD231PS Z16, Z21, Z6
	VFMADD231PS Z17, Z21, Z7
	VFMADD231PS Z16, Z22, Z8
	VFMADD231PS Z17, Z22, Z9
	VFMADD231PS Z16, Z23, Z10
	VFMADD231PS Z17, Z23, Z11
	VFMADD231PS Z16, Z24, Z12
	VFMADD231PS Z17, Z24, Z13
	VFMADD231PS Z16, Z25, Z14
	VFMADD231PS Z17, Z25, Z15
	STEP512
	JNZ         k512_full
	JMP         k512_done

k512_half:
	VMOVUPS.Z   (SI), K1, Z16
	BCAST8
	VFMADD231PS Z16, Z18, Z0
	VFMADD231PS Z16, Z19, Z2
	VFMADD231PS Z16, Z20, Z4
	VFMADD231PS Z16, Z21, Z6
	VFMADD231PS Z16, Z22, Z8
	VFMADD231PS Z16, Z23, Z10
	VFMADD231PS Z16, Z24, Z12
	VFMADD231PS Z16, Z25, Z14
	STEP512
	JNZ         k512_half

k512_done:
	MOVQ  crow-24(SP), SI
	MOVQ  ldc+56(FP), DI
	SHLQ  $2, DI
	MOVQ  left-8(SP), R13
	MOVQ  bias+80(FP), AX
	TESTQ AX, AX
	JZ    k512_store
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	VADDPS    Z16, Z0, Z0
	VADDPS    Z17, Z1, Z1
	VADDPS    Z16, Z2, Z2
	VADDPS    Z17, Z3, Z3
	VADDPS    Z16, Z4, Z4
	VADDPS    Z17, Z5, Z5
	VADDPS    Z16, Z6, Z6
	VADDPS    Z17, Z7, Z7
	VADDPS    Z16, Z8, Z8
	VADDPS    Z17, Z9, Z9
	VADDPS    Z16, Z10, Z10
	VADDPS    Z17, Z11, Z11
	VADDPS    Z16, Z12, Z12
	VADDPS    Z17, Z13, Z13
	VADDPS    Z16, Z14, Z14
	VADDPS    Z17, Z15, Z15

k512_store:
	VMOVUPS Z0, K1, (SI)
	VMOVUPS Z1, K2, 64(SI)
	CMPQ    R13, $1
	JLE     k512_next
	ADDQ    DI, SI
	VMOVUPS Z2, K1, (SI)
	VMOVUPS Z3, K2, 64(SI)
	CMPQ    R13, $2
	JLE     k512_next
	ADDQ    DI, SI
	VMOVUPS Z4, K1, (SI)
	VMOVUPS Z5, K2, 64(SI)
	CMPQ    R13, $3
	JLE     k512_next
	ADDQ    DI, SI
	VMOVUPS Z6, K1, (SI)
	VMOVUPS Z7, K2, 64(SI)
	CMPQ    R13, $4
	JLE     k512_next
	ADDQ    DI, SI
	VMOVUPS Z8, K1, (SI)
	VMOVUPS Z9, K2, 64(SI)
	CMPQ    R13, $5
	JLE     k512_next
	ADDQ    DI, SI
	VMOVUPS Z10, K1, (SI)
	VMOVUPS Z11, K2, 64(SI)
	CMPQ    R13, $6
	JLE     k512_next
	ADDQ    DI, SI
	VMOVUPS Z12, K1, (SI)
	VMOVUPS Z13, K2, 64(SI)
	CMPQ    R13, $7
	JLE     k512_next
	ADDQ    DI, SI
	VMOVUPS Z14, K1, (SI)
	VMOVUPS Z15, K2, 64(SI)

k512_next:
	NEXT_BLOCK(k512_ret)
	MOVQ ldc+56(FP), AX
	SHLQ $5, AX
	ADDQ AX, crow-24(SP)
	JMP  k512_block

k512_ret:
	VZEROUPPER
	RET

// Stores the low (lo) or high (hi) eight values of Z(z), rows 0-7 of one
// column of the block, at SI masked by K3 (the block's rows below m), moves
// SI one row of Cᵀ on, and stops after CX columns.
#define TSTORE_LO(y) \
	VMOVUPS y, K3, (SI); \
	ADDQ    DI, SI; \
	DECQ    CX; \
	JZ      t512_next

#define TSTORE_HI(z) \
	VEXTRACTF32X8 $1, z, K3, (SI); \
	ADDQ          DI, SI; \
	DECQ          CX; \
	JZ            t512_next

// func sgemmKernelT512(k int, a *float32, rsA, csA int, b *float32, ldb int, c *float32, ldc int, m, nr int)
//
// Computes rows 0..m-1, columns 0..nr-1 (nr ≤ 16) as sgemmKernel512 does,
// in blocks of 8×16, and stores them transposed: C[j][r] for j < nr, r < m,
// with C's row step ldc.
TEXT ·sgemmKernelT512(SB), NOSPLIT, $24-80
	MOVQ  nr+72(FP), CX
	MOVL  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K1
	MOVQ  m+64(FP), AX
	TESTQ AX, AX
	JLE   t512_ret
	MOVQ  AX, left-8(SP)
	MOVQ  a+8(FP), AX
	MOVQ  AX, arow-16(SP)
	MOVQ  c+48(FP), AX
	MOVQ  AX, crow-24(SP)

t512_block:
	PROLOGUE512
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	TESTQ R13, R13
	JZ    t512_done

t512_loop:
	VMOVUPS.Z   (SI), K1, Z16
	BCAST8
	VFMADD231PS Z16, Z18, Z0
	VFMADD231PS Z16, Z19, Z1
	VFMADD231PS Z16, Z20, Z2
	VFMADD231PS Z16, Z21, Z3
	VFMADD231PS Z16, Z22, Z4
	VFMADD231PS Z16, Z23, Z5
	VFMADD231PS Z16, Z24, Z6
	VFMADD231PS Z16, Z25, Z7
	STEP512
	JNZ         t512_loop

t512_done:
	// Transpose: Z16-Z19 get columns 4L, 4L+1, 4L+2, 4L+3 of rows 0-3 in
	// lane L, Z20-Z23 the same of rows 4-7.
	VUNPCKLPS Z1, Z0, Z8
	VUNPCKHPS Z1, Z0, Z9
	VUNPCKLPS Z3, Z2, Z10
	VUNPCKHPS Z3, Z2, Z11
	VUNPCKLPS Z5, Z4, Z12
	VUNPCKHPS Z5, Z4, Z13
	VUNPCKLPS Z7, Z6, Z14
	VUNPCKHPS Z7, Z6, Z15
	VUNPCKLPD Z10, Z8, Z16
	VUNPCKHPD Z10, Z8, Z17
	VUNPCKLPD Z11, Z9, Z18
	VUNPCKHPD Z11, Z9, Z19
	VUNPCKLPD Z14, Z12, Z20
	VUNPCKHPD Z14, Z12, Z21
	VUNPCKLPD Z15, Z13, Z22
	VUNPCKHPD Z15, Z13, Z23
	// Z24 = columns 0 | 4, Z25 = 8 | 12 (low | high eight values: rows
	// 0-7), Z26, Z27 the same for columns 1, 5, 9, 13, Z28, Z29 for 2, 6,
	// 10, 14 and Z30, Z31 for 3, 7, 11, 15.
	VSHUFF32X4 $0x44, Z20, Z16, Z24
	VSHUFF32X4 $0xD8, Z24, Z24, Z24
	VSHUFF32X4 $0xEE, Z20, Z16, Z25
	VSHUFF32X4 $0xD8, Z25, Z25, Z25
	VSHUFF32X4 $0x44, Z21, Z17, Z26
	VSHUFF32X4 $0xD8, Z26, Z26, Z26
	VSHUFF32X4 $0xEE, Z21, Z17, Z27
	VSHUFF32X4 $0xD8, Z27, Z27, Z27
	VSHUFF32X4 $0x44, Z22, Z18, Z28
	VSHUFF32X4 $0xD8, Z28, Z28, Z28
	VSHUFF32X4 $0xEE, Z22, Z18, Z29
	VSHUFF32X4 $0xD8, Z29, Z29, Z29
	VSHUFF32X4 $0x44, Z23, Z19, Z30
	VSHUFF32X4 $0xD8, Z30, Z30, Z30
	VSHUFF32X4 $0xEE, Z23, Z19, Z31
	VSHUFF32X4 $0xD8, Z31, Z31, Z31

	MOVQ  crow-24(SP), SI
	MOVQ  ldc+56(FP), DI
	SHLQ  $2, DI
	MOVQ  left-8(SP), CX
	LOWBITS(8, BX)
	KMOVW BX, K3
	MOVQ  nr+72(FP), CX
	TSTORE_LO(Y24)
	TSTORE_LO(Y26)
	TSTORE_LO(Y28)
	TSTORE_LO(Y30)
	TSTORE_HI(Z24)
	TSTORE_HI(Z26)
	TSTORE_HI(Z28)
	TSTORE_HI(Z30)
	TSTORE_LO(Y25)
	TSTORE_LO(Y27)
	TSTORE_LO(Y29)
	TSTORE_LO(Y31)
	TSTORE_HI(Z25)
	TSTORE_HI(Z27)
	TSTORE_HI(Z29)
	TSTORE_HI(Z31)

t512_next:
	NEXT_BLOCK(t512_ret)
	ADDQ $32, crow-24(SP) // eight columns of Cᵀ on
	JMP  t512_block

t512_ret:
	VZEROUPPER
	RET

// Loads the next row of the block into z, masked by K1, and stops after CX
// rows.
#define TLOAD(z) \
	VMOVUPS.Z (SI), K1, z; \
	ADDQ      R8, SI; \
	DECQ      CX; \
	JZ        tr_loaded

// Stores z, one row of the transpose, masked by K2, and stops after CX rows.
#define TSTORE(z) \
	VMOVUPS z, K2, (DI); \
	ADDQ    R9, DI; \
	DECQ    CX; \
	JZ      tr_ret

// func transpose16(dst *float32, ldd int, src *float32, lds int, rows, cols int)
//
// Sets dst[j·ldd + i] = src[i·lds + j] for i < rows ≤ 16, j < cols ≤ 16.
TEXT ·transpose16(SB), NOSPLIT, $0-48
	MOVQ   dst+0(FP), DI
	MOVQ   ldd+8(FP), R9
	SHLQ   $2, R9
	MOVQ   src+16(FP), SI
	MOVQ   lds+24(FP), R8
	SHLQ   $2, R8
	MOVQ   cols+40(FP), CX
	MOVL   $1, AX
	SHLQ   CX, AX
	DECQ   AX
	KMOVW  AX, K1
	MOVQ   rows+32(FP), CX
	MOVL   $1, AX
	SHLQ   CX, AX
	DECQ   AX
	KMOVW  AX, K2
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	TLOAD(Z0)
	TLOAD(Z1)
	TLOAD(Z2)
	TLOAD(Z3)
	TLOAD(Z4)
	TLOAD(Z5)
	TLOAD(Z6)
	TLOAD(Z7)
	TLOAD(Z8)
	TLOAD(Z9)
	TLOAD(Z10)
	TLOAD(Z11)
	TLOAD(Z12)
	TLOAD(Z13)
	TLOAD(Z14)
	TLOAD(Z15)

tr_loaded:
	VUNPCKLPS  Z1, Z0, Z16
	VUNPCKHPS  Z1, Z0, Z17
	VUNPCKLPS  Z3, Z2, Z18
	VUNPCKHPS  Z3, Z2, Z19
	VUNPCKLPS  Z5, Z4, Z20
	VUNPCKHPS  Z5, Z4, Z21
	VUNPCKLPS  Z7, Z6, Z22
	VUNPCKHPS  Z7, Z6, Z23
	VUNPCKLPS  Z9, Z8, Z24
	VUNPCKHPS  Z9, Z8, Z25
	VUNPCKLPS  Z11, Z10, Z26
	VUNPCKHPS  Z11, Z10, Z27
	VUNPCKLPS  Z13, Z12, Z28
	VUNPCKHPS  Z13, Z12, Z29
	VUNPCKLPS  Z15, Z14, Z30
	VUNPCKHPS  Z15, Z14, Z31
	VUNPCKLPD  Z18, Z16, Z0
	VUNPCKHPD  Z18, Z16, Z1
	VUNPCKLPD  Z19, Z17, Z2
	VUNPCKHPD  Z19, Z17, Z3
	VUNPCKLPD  Z22, Z20, Z4
	VUNPCKHPD  Z22, Z20, Z5
	VUNPCKLPD  Z23, Z21, Z6
	VUNPCKHPD  Z23, Z21, Z7
	VUNPCKLPD  Z26, Z24, Z8
	VUNPCKHPD  Z26, Z24, Z9
	VUNPCKLPD  Z27, Z25, Z10
	VUNPCKHPD  Z27, Z25, Z11
	VUNPCKLPD  Z30, Z28, Z12
	VUNPCKHPD  Z30, Z28, Z13
	VUNPCKLPD  Z31, Z29, Z14
	VUNPCKHPD  Z31, Z29, Z15
	VSHUFF32X4 $0x88, Z4, Z0, Z16
	VSHUFF32X4 $0x88, Z5, Z1, Z17
	VSHUFF32X4 $0x88, Z6, Z2, Z18
	VSHUFF32X4 $0x88, Z7, Z3, Z19
	VSHUFF32X4 $0xDD, Z4, Z0, Z20
	VSHUFF32X4 $0xDD, Z5, Z1, Z21
	VSHUFF32X4 $0xDD, Z6, Z2, Z22
	VSHUFF32X4 $0xDD, Z7, Z3, Z23
	VSHUFF32X4 $0x88, Z12, Z8, Z24
	VSHUFF32X4 $0x88, Z13, Z9, Z25
	VSHUFF32X4 $0x88, Z14, Z10, Z26
	VSHUFF32X4 $0x88, Z15, Z11, Z27
	VSHUFF32X4 $0xDD, Z12, Z8, Z28
	VSHUFF32X4 $0xDD, Z13, Z9, Z29
	VSHUFF32X4 $0xDD, Z14, Z10, Z30
	VSHUFF32X4 $0xDD, Z15, Z11, Z31
	VSHUFF32X4 $0x88, Z24, Z16, Z0
	VSHUFF32X4 $0x88, Z25, Z17, Z1
	VSHUFF32X4 $0x88, Z26, Z18, Z2
	VSHUFF32X4 $0x88, Z27, Z19, Z3
	VSHUFF32X4 $0x88, Z28, Z20, Z4
	VSHUFF32X4 $0x88, Z29, Z21, Z5
	VSHUFF32X4 $0x88, Z30, Z22, Z6
	VSHUFF32X4 $0x88, Z31, Z23, Z7
	VSHUFF32X4 $0xDD, Z24, Z16, Z8
	VSHUFF32X4 $0xDD, Z25, Z17, Z9
	VSHUFF32X4 $0xDD, Z26, Z18, Z10
	VSHUFF32X4 $0xDD, Z27, Z19, Z11
	VSHUFF32X4 $0xDD, Z28, Z20, Z12
	VSHUFF32X4 $0xDD, Z29, Z21, Z13
	VSHUFF32X4 $0xDD, Z30, Z22, Z14
	VSHUFF32X4 $0xDD, Z31, Z23, Z15
	MOVQ       cols+40(FP), CX
	TSTORE(Z0)
	TSTORE(Z1)
	TSTORE(Z2)
	TSTORE(Z3)
	TSTORE(Z4)
	TSTORE(Z5)
	TSTORE(Z6)
	TSTORE(Z7)
	TSTORE(Z8)
	TSTORE(Z9)
	TSTORE(Z10)
	TSTORE(Z11)
	TSTORE(Z12)
	TSTORE(Z13)
	TSTORE(Z14)
	TSTORE(Z15)

tr_ret:
	VZEROUPPER
	RET

// func sumRows512(s, x *float32, m, n int)
//
// s[j] = x[0][j] + x[1][j] + … + x[m−1][j] (row step n), added in row
// order in float32, for j < n, m ≥ 1; 32 columns at a time, the sums in
// registers.
TEXT ·sumRows512(SB), NOSPLIT, $0-32
	MOVQ s+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ n+24(FP), R9
	MOVQ R9, R10
	SHLQ $2, R10
	XORQ R11, R11

sum512_cols:
	MOVQ      R9, CX
	SUBQ      R11, CX
	LOWBITS(32, AX)
	KMOVW     AX, K1
	SHRQ      $16, AX
	KMOVW     AX, K2
	LEAQ      (SI)(R11*4), BX
	VMOVUPS.Z (BX), K1, Z0
	VMOVUPS.Z 64(BX), K2, Z1
	MOVQ      R8, CX
	DECQ      CX
	JZ        sum512_store

sum512_rows:
	ADDQ      R10, BX
	VADDPS.Z  (BX), Z0, K1, Z0
	VADDPS.Z  64(BX), Z1, K2, Z1
	DECQ      CX
	JNZ       sum512_rows

sum512_store:
	VMOVUPS Z0, K1, (DI)(R11*4)
	VMOVUPS Z1, K2, 64(DI)(R11*4)
	ADDQ    $32, R11
	CMPQ    R11, R9
	JLT     sum512_cols
	VZEROUPPER
	RET

// func dgemmKernel512(k int, a *float64, rsA, csA int, b *float64, ldb int, c *float64, ldc int, m, nr int, bias *float64)
//
// sgemmKernel512 for float64: sets rows 0..m-1, columns 0..nr-1 (nr ≤ 16)
// of C (row step ldc) to Σ_p A[r][p]·B[p][j] (+ bias[j] if bias is not
// nil), each a chain of fused multiply-adds over p in order from zero, in
// blocks of eight rows.
TEXT ·dgemmKernel512(SB), NOSPLIT, $24-88
	MOVQ  nr+72(FP), CX
	MOVL  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K1
	SHRQ  $8, AX
	KMOVW AX, K2
	MOVQ  m+64(FP), AX
	TESTQ AX, AX
	JLE   d512_ret
	MOVQ  AX, left-8(SP)
	MOVQ  a+8(FP), AX
	MOVQ  AX, arow-16(SP)
	MOVQ  c+48(FP), AX
	MOVQ  AX, crow-24(SP)

d512_block:
	PROLOGUE512D
	ZERO16
	TESTQ R13, R13
	JZ    d512_done
	CMPQ  nr+72(FP), $8
	JLE   d512_half

d512_full:
	VMOVUPD.Z   (SI), K1, Z16
	VMOVUPD.Z   64(SI), K2, Z17
	BCAST8D
	VFMADD231PD Z16, Z18, Z0
	VFMADD231PD Z17, Z18, Z1
	VFMADD231PD Z16, Z19, Z2
	VFMADD231PD Z17, Z19, Z3
	VFMADD231PD Z16, Z20, Z4
	VFMADD231PD Z17, Z20, Z5
	VFMADD231PD Z16, Z21, Z6
	VFMADD231PD Z17, Z21, Z7
	VFMADD231PD Z16, Z22, Z8
	VFMADD231PD Z17, Z22, Z9
	VFMADD231PD Z16, Z23, Z10
	VFMADD231PD Z17, Z23, Z11
	VFMADD231PD Z16, Z24, Z12
	VFMADD231PD Z17, Z24, Z13
	VFMADD231PD Z16, Z25, Z14
	VFMADD231PD Z17, Z25, Z15
	STEP512
	JNZ         d512_full
	JMP         d512_done

d512_half:
	VMOVUPD.Z   (SI), K1, Z16
	BCAST8D
	VFMADD231PD Z16, Z18, Z0
	VFMADD231PD Z16, Z19, Z2
	VFMADD231PD Z16, Z20, Z4
	VFMADD231PD Z16, Z21, Z6
	VFMADD231PD Z16, Z22, Z8
	VFMADD231PD Z16, Z23, Z10
	VFMADD231PD Z16, Z24, Z12
	VFMADD231PD Z16, Z25, Z14
	STEP512
	JNZ         d512_half

d512_done:
	MOVQ  crow-24(SP), SI
	MOVQ  ldc+56(FP), DI
	SHLQ  $3, DI
	MOVQ  left-8(SP), R13
	MOVQ  bias+80(FP), AX
	TESTQ AX, AX
	JZ    d512_store
	VMOVUPD.Z (AX), K1, Z16
	VMOVUPD.Z 64(AX), K2, Z17
	VADDPD    Z16, Z0, Z0
	VADDPD    Z17, Z1, Z1
	VADDPD    Z16, Z2, Z2
	VADDPD    Z17, Z3, Z3
	VADDPD    Z16, Z4, Z4
	VADDPD    Z17, Z5, Z5
	VADDPD    Z16, Z6, Z6
	VADDPD    Z17, Z7, Z7
	VADDPD    Z16, Z8, Z8
	VADDPD    Z17, Z9, Z9
	VADDPD    Z16, Z10, Z10
	VADDPD    Z17, Z11, Z11
	VADDPD    Z16, Z12, Z12
	VADDPD    Z17, Z13, Z13
	VADDPD    Z16, Z14, Z14
	VADDPD    Z17, Z15, Z15

d512_store:
	VMOVUPD Z0, K1, (SI)
	VMOVUPD Z1, K2, 64(SI)
	CMPQ    R13, $1
	JLE     d512_next
	ADDQ    DI, SI
	VMOVUPD Z2, K1, (SI)
	VMOVUPD Z3, K2, 64(SI)
	CMPQ    R13, $2
	JLE     d512_next
	ADDQ    DI, SI
	VMOVUPD Z4, K1, (SI)
	VMOVUPD Z5, K2, 64(SI)
	CMPQ    R13, $3
	JLE     d512_next
	ADDQ    DI, SI
	VMOVUPD Z6, K1, (SI)
	VMOVUPD Z7, K2, 64(SI)
	CMPQ    R13, $4
	JLE     d512_next
	ADDQ    DI, SI
	VMOVUPD Z8, K1, (SI)
	VMOVUPD Z9, K2, 64(SI)
	CMPQ    R13, $5
	JLE     d512_next
	ADDQ    DI, SI
	VMOVUPD Z10, K1, (SI)
	VMOVUPD Z11, K2, 64(SI)
	CMPQ    R13, $6
	JLE     d512_next
	ADDQ    DI, SI
	VMOVUPD Z12, K1, (SI)
	VMOVUPD Z13, K2, 64(SI)
	CMPQ    R13, $7
	JLE     d512_next
	ADDQ    DI, SI
	VMOVUPD Z14, K1, (SI)
	VMOVUPD Z15, K2, 64(SI)

d512_next:
	NEXT_BLOCK_D(d512_ret)
	MOVQ ldc+56(FP), AX
	SHLQ $6, AX
	ADDQ AX, crow-24(SP)
	JMP  d512_block

d512_ret:
	VZEROUPPER
	RET

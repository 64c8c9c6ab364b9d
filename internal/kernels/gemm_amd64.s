//go:build amd64 && !noasm

#include "textflag.h"

// AVX2/FMA GEMM kernels for float32, called from gemm_amd64.go only when the
// CPU has both. Every product is a chain of fused multiply-adds over k in
// increasing order starting from zero, the order of vek32.MatMul, so the
// results are bit for bit those of the portable path.

// maskTab: 16 all-ones int32 then 16 zeros. Loading 8 lanes at
// maskTab+4·(16−n) gives a mask whose first n lanes are set.
DATA maskTab<>+0(SB)/8, $-1
DATA maskTab<>+8(SB)/8, $-1
DATA maskTab<>+16(SB)/8, $-1
DATA maskTab<>+24(SB)/8, $-1
DATA maskTab<>+32(SB)/8, $-1
DATA maskTab<>+40(SB)/8, $-1
DATA maskTab<>+48(SB)/8, $-1
DATA maskTab<>+56(SB)/8, $-1
DATA maskTab<>+64(SB)/8, $0
DATA maskTab<>+72(SB)/8, $0
DATA maskTab<>+80(SB)/8, $0
DATA maskTab<>+88(SB)/8, $0
DATA maskTab<>+96(SB)/8, $0
DATA maskTab<>+104(SB)/8, $0
DATA maskTab<>+112(SB)/8, $0
DATA maskTab<>+120(SB)/8, $0
GLOBL maskTab<>(SB), RODATA|NOPTR, $128

// Pieces of the k loop of the 4×16 block that both GEMM kernels run (Go
// assembler labels are local to a function, so each kernel spells the loop
// out with these). Registers:
// AX, BX, R11, R12 point at A's rows 0-3 (column p), DX is A's column step
// in bytes; SI points at B's row p, DI is B's row step in bytes; R8 counts
// k down; Y14, Y15 mask B's columns 0-7 and 8-15. Accumulators: row r,
// columns 0-7 in Y(2r), columns 8-15 in Y(2r+1). CX holds nr (1-16).
#define ZERO_ACC \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	VXORPS Y2, Y2, Y2; \
	VXORPS Y3, Y3, Y3; \
	VXORPS Y4, Y4, Y4; \
	VXORPS Y5, Y5, Y5; \
	VXORPS Y6, Y6, Y6; \
	VXORPS Y7, Y7, Y7

#define BCAST_A \
	VBROADCASTSS (AX), Y10; \
	VBROADCASTSS (BX), Y11; \
	VBROADCASTSS (R11), Y12; \
	VBROADCASTSS (R12), Y13

#define FMA16 \
	VFMADD231PS Y8, Y10, Y0; \
	VFMADD231PS Y9, Y10, Y1; \
	VFMADD231PS Y8, Y11, Y2; \
	VFMADD231PS Y9, Y11, Y3; \
	VFMADD231PS Y8, Y12, Y4; \
	VFMADD231PS Y9, Y12, Y5; \
	VFMADD231PS Y8, Y13, Y6; \
	VFMADD231PS Y9, Y13, Y7

#define FMA8 \
	VFMADD231PS Y8, Y10, Y0; \
	VFMADD231PS Y8, Y11, Y2; \
	VFMADD231PS Y8, Y12, Y4; \
	VFMADD231PS Y8, Y13, Y6

#define STEP \
	ADDQ DX, AX; \
	ADDQ DX, BX; \
	ADDQ DX, R11; \
	ADDQ DX, R12; \
	ADDQ DI, SI; \
	DECQ R8

#define LOAD_B_FULL \
	VMOVUPS (SI), Y8; \
	VMOVUPS 32(SI), Y9

#define LOAD_B_MASKED \
	VMASKMOVPS (SI), Y14, Y8; \
	VMASKMOVPS 32(SI), Y15, Y9

#define LOAD_B_HALF \
	VMASKMOVPS (SI), Y14, Y8

// Loads the arguments common to both kernels and the column masks.
#define PROLOGUE \
	MOVQ    k+0(FP), R8; \
	MOVQ    a0+8(FP), AX; \
	MOVQ    a1+16(FP), BX; \
	MOVQ    a2+24(FP), R11; \
	MOVQ    a3+32(FP), R12; \
	MOVQ    csA+40(FP), DX; \
	SHLQ    $2, DX; \
	MOVQ    b+48(FP), SI; \
	MOVQ    ldb+56(FP), DI; \
	SHLQ    $2, DI; \
	MOVQ    nr+88(FP), CX; \
	LEAQ    maskTab<>(SB), R9; \
	MOVQ    $16, R10; \
	SUBQ    CX, R10; \
	VMOVUPS (R9)(R10*4), Y14; \
	VMOVUPS 32(R9)(R10*4), Y15

// func sgemmKernel(k int, a0, a1, a2, a3 *float32, csA int, b *float32, ldb int, c *float32, ldc int, mr, nr int, bias *float32)
//
// Sets rows 0..mr-1, columns 0..nr-1 of C (row step ldc) to
// Σ_p A[r][p]·B[p][j] (+ bias[j] if bias is not nil), where A's row r starts
// at a_r with column step csA and B's row p starts at b + p·ldb. Rows a_r
// for r ≥ mr must still be readable (pass a0 again).
TEXT ·sgemmKernel(SB), NOSPLIT, $0-104
	PROLOGUE
	ZERO_ACC
	TESTQ R8, R8
	JZ    nn_done
	CMPQ  CX, $16
	JEQ   nn_full
	CMPQ  CX, $8
	JLE   nn_half

nn_masked:
	LOAD_B_MASKED
	BCAST_A
	FMA16
	STEP
	JNZ nn_masked
	JMP nn_done

nn_half:
	LOAD_B_HALF
	BCAST_A
	FMA8
	STEP
	JNZ nn_half
	JMP nn_done

nn_full:
	LOAD_B_FULL
	BCAST_A
	FMA16
	STEP
	JNZ nn_full

nn_done:
	MOVQ c+64(FP), R9
	MOVQ ldc+72(FP), R10
	SHLQ $2, R10
	MOVQ mr+80(FP), R13
	MOVQ bias+96(FP), AX
	TESTQ AX, AX
	JZ    nn_store
	VMASKMOVPS (AX), Y14, Y8
	VMASKMOVPS 32(AX), Y15, Y9
	VADDPS Y8, Y0, Y0
	VADDPS Y9, Y1, Y1
	VADDPS Y8, Y2, Y2
	VADDPS Y9, Y3, Y3
	VADDPS Y8, Y4, Y4
	VADDPS Y9, Y5, Y5
	VADDPS Y8, Y6, Y6
	VADDPS Y9, Y7, Y7

nn_store:
	CMPQ CX, $16
	JNE  nn_store_masked
	VMOVUPS Y0, (R9)
	VMOVUPS Y1, 32(R9)
	CMPQ R13, $1
	JEQ  nn_ret
	ADDQ R10, R9
	VMOVUPS Y2, (R9)
	VMOVUPS Y3, 32(R9)
	CMPQ R13, $2
	JEQ  nn_ret
	ADDQ R10, R9
	VMOVUPS Y4, (R9)
	VMOVUPS Y5, 32(R9)
	CMPQ R13, $3
	JEQ  nn_ret
	ADDQ R10, R9
	VMOVUPS Y6, (R9)
	VMOVUPS Y7, 32(R9)
	JMP  nn_ret

nn_store_masked:
	VMASKMOVPS Y0, Y14, (R9)
	VMASKMOVPS Y1, Y15, 32(R9)
	CMPQ R13, $1
	JEQ  nn_ret
	ADDQ R10, R9
	VMASKMOVPS Y2, Y14, (R9)
	VMASKMOVPS Y3, Y15, 32(R9)
	CMPQ R13, $2
	JEQ  nn_ret
	ADDQ R10, R9
	VMASKMOVPS Y4, Y14, (R9)
	VMASKMOVPS Y5, Y15, 32(R9)
	CMPQ R13, $3
	JEQ  nn_ret
	ADDQ R10, R9
	VMASKMOVPS Y6, Y14, (R9)
	VMASKMOVPS Y7, Y15, 32(R9)

nn_ret:
	VZEROUPPER
	RET

// Transposes the 4×8 block in rows Y(lo), Y(lo+2), Y(lo+4), Y(lo+6) into
// columns: afterwards Y12 holds column 0 (low half) and 4 (high half), Y13
// columns 1 and 5, Y8 columns 2 and 6, Y10 columns 3 and 7.
#define TRANSPOSE4x8(r0, r1, r2, r3) \
	VUNPCKLPS r1, r0, Y8; \
	VUNPCKHPS r1, r0, Y9; \
	VUNPCKLPS r3, r2, Y10; \
	VUNPCKHPS r3, r2, Y11; \
	VSHUFPS   $0x44, Y10, Y8, Y12; \
	VSHUFPS   $0xEE, Y10, Y8, Y13; \
	VSHUFPS   $0x44, Y11, Y9, Y8; \
	VSHUFPS   $0xEE, Y11, Y9, Y10

// Stores the 4 values of X(x) at R9 (masked by X15 unless all 4 rows are
// valid), moves R9 one row of Cᵀ on, and stops after CX columns.
#define TSTORE(x, label) \
	VMASKMOVPS x, X15, (R9); \
	ADDQ       R10, R9; \
	DECQ       CX; \
	JZ         label

#define TSTORE8(done) \
	TSTORE(X12, done); \
	TSTORE(X13, done); \
	TSTORE(X8, done); \
	TSTORE(X10, done); \
	VEXTRACTF128 $1, Y12, X12; \
	VEXTRACTF128 $1, Y13, X13; \
	VEXTRACTF128 $1, Y8, X8; \
	VEXTRACTF128 $1, Y10, X10; \
	TSTORE(X12, done); \
	TSTORE(X13, done); \
	TSTORE(X8, done); \
	TSTORE(X10, done)

// func sgemmKernelT(k int, a0, a1, a2, a3 *float32, csA int, b *float32, ldb int, c *float32, ldc int, mr, nr int)
//
// Computes the same block as sgemmKernel (without bias) and stores it
// transposed: C[j][r] for j < nr, r < mr, with C's row step ldc.
TEXT ·sgemmKernelT(SB), NOSPLIT, $0-96
	PROLOGUE
	ZERO_ACC
	TESTQ R8, R8
	JZ    nt_done
	CMPQ  CX, $16
	JEQ   nt_full
	CMPQ  CX, $8
	JLE   nt_half

nt_masked:
	LOAD_B_MASKED
	BCAST_A
	FMA16
	STEP
	JNZ nt_masked
	JMP nt_done

nt_half:
	LOAD_B_HALF
	BCAST_A
	FMA8
	STEP
	JNZ nt_half
	JMP nt_done

nt_full:
	LOAD_B_FULL
	BCAST_A
	FMA16
	STEP
	JNZ nt_full

nt_done:
	MOVQ c+64(FP), R9
	MOVQ ldc+72(FP), R10
	SHLQ $2, R10
	MOVQ mr+80(FP), R13
	LEAQ maskTab<>(SB), AX
	MOVQ $16, BX
	SUBQ R13, BX
	VMOVUPS (AX)(BX*4), X15
	TRANSPOSE4x8(Y0, Y2, Y4, Y6)
	TSTORE8(nt_ret)
	TRANSPOSE4x8(Y1, Y3, Y5, Y7)
	TSTORE8(nt_ret)

nt_ret:
	VZEROUPPER
	RET


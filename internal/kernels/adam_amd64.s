//go:build amd64 && !noasm

#include "textflag.h"

// func adamAVX(w, grad, m, v *float32, n int, k *AdamConsts[float32])
//
// One Keras Adam step over n elements (a multiple of 8) of w with gradient
// grad and moments m and v, each operation rounded to float32 in this
// order, with k = {β1, 1−β1, β2, 1−β2, ε, lr_t}:
//
//	m = m·β1 + grad·(1−β1)
//	v = v·β2 + (grad·grad)·(1−β2)
//	w = w − (m / (sqrt(v) + ε))·lr_t
//
// VSQRTPS and VDIVPS round correctly, as float32(math.Sqrt) and a float32
// division do in adamGo.
TEXT ·adamAVX(SB), NOSPLIT, $0-48
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), R8
	MOVQ         n+32(FP), CX
	MOVQ         k+40(FP), AX
	VBROADCASTSS 0(AX), Y10
	VBROADCASTSS 4(AX), Y11
	VBROADCASTSS 8(AX), Y12
	VBROADCASTSS 12(AX), Y13
	VBROADCASTSS 16(AX), Y14
	VBROADCASTSS 20(AX), Y15
	SHRQ         $3, CX
	JZ           adam_ret

adam_loop:
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMULPS  Y10, Y1, Y1
	VMULPS  Y11, Y0, Y2
	VADDPS  Y2, Y1, Y1
	VMOVUPS Y1, (DX)
	VMULPS  Y0, Y0, Y3
	VMULPS  Y13, Y3, Y3
	VMOVUPS (R8), Y4
	VMULPS  Y12, Y4, Y4
	VADDPS  Y3, Y4, Y4
	VMOVUPS Y4, (R8)
	VSQRTPS Y4, Y5
	VADDPS  Y14, Y5, Y5
	VDIVPS  Y5, Y1, Y6
	VMULPS  Y15, Y6, Y6
	VMOVUPS (DI), Y7
	VSUBPS  Y6, Y7, Y7
	VMOVUPS Y7, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	ADDQ    $32, DI
	DECQ    CX
	JNZ     adam_loop

adam_ret:
	VZEROUPPER
	RET

// func adamAVX512(w, grad, m, v *float32, n int, k *AdamConsts[float32])
//
// adamAVX on sixteen elements at a time (n a multiple of 16).
TEXT ·adamAVX512(SB), NOSPLIT, $0-48
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
	SHRQ         $4, CX
	JZ           adam512_ret

adam512_loop:
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
	VSQRTPS Z4, Z5
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
	JNZ     adam512_loop

adam512_ret:
	VZEROUPPER
	RET

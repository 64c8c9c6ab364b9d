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
// division do in portableAdam.
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

// func adam64AVX(w, grad, m, v *float64, n int, k *AdamConsts[float64])
//
// adamAVX in float64, four elements at a time (n a multiple of 4): the same
// operations in the same order, each rounded to float64.
TEXT ·adam64AVX(SB), NOSPLIT, $0-48
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), R8
	MOVQ         n+32(FP), CX
	MOVQ         k+40(FP), AX
	VBROADCASTSD 0(AX), Y10
	VBROADCASTSD 8(AX), Y11
	VBROADCASTSD 16(AX), Y12
	VBROADCASTSD 24(AX), Y13
	VBROADCASTSD 32(AX), Y14
	VBROADCASTSD 40(AX), Y15
	SHRQ         $2, CX
	JZ           adam64_ret

adam64_loop:
	VMOVUPD (SI), Y0
	VMOVUPD (DX), Y1
	VMULPD  Y10, Y1, Y1
	VMULPD  Y11, Y0, Y2
	VADDPD  Y2, Y1, Y1
	VMOVUPD Y1, (DX)
	VMULPD  Y0, Y0, Y3
	VMULPD  Y13, Y3, Y3
	VMOVUPD (R8), Y4
	VMULPD  Y12, Y4, Y4
	VADDPD  Y3, Y4, Y4
	VMOVUPD Y4, (R8)
	VSQRTPD Y4, Y5
	VADDPD  Y14, Y5, Y5
	VDIVPD  Y5, Y1, Y6
	VMULPD  Y15, Y6, Y6
	VMOVUPD (DI), Y7
	VSUBPD  Y6, Y7, Y7
	VMOVUPD Y7, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	ADDQ    $32, DI
	DECQ    CX
	JNZ     adam64_loop

adam64_ret:
	VZEROUPPER
	RET

// func adam64AVX512(w, grad, m, v *float64, n int, k *AdamConsts[float64])
//
// adam64AVX on eight elements at a time (n a multiple of 8).
TEXT ·adam64AVX512(SB), NOSPLIT, $0-48
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), DX
	MOVQ         v+24(FP), R8
	MOVQ         n+32(FP), CX
	MOVQ         k+40(FP), AX
	VBROADCASTSD 0(AX), Z10
	VBROADCASTSD 8(AX), Z11
	VBROADCASTSD 16(AX), Z12
	VBROADCASTSD 24(AX), Z13
	VBROADCASTSD 32(AX), Z14
	VBROADCASTSD 40(AX), Z15
	SHRQ         $3, CX
	JZ           adam64_512_ret

adam64_512_loop:
	VMOVUPD (SI), Z0
	VMOVUPD (DX), Z1
	VMULPD  Z10, Z1, Z1
	VMULPD  Z11, Z0, Z2
	VADDPD  Z2, Z1, Z1
	VMOVUPD Z1, (DX)
	VMULPD  Z0, Z0, Z3
	VMULPD  Z13, Z3, Z3
	VMOVUPD (R8), Z4
	VMULPD  Z12, Z4, Z4
	VADDPD  Z3, Z4, Z4
	VMOVUPD Z4, (R8)
	VSQRTPD Z4, Z5
	VADDPD  Z14, Z5, Z5
	VDIVPD  Z5, Z1, Z6
	VMULPD  Z15, Z6, Z6
	VMOVUPD (DI), Z7
	VSUBPD  Z6, Z7, Z7
	VMOVUPD Z7, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, R8
	ADDQ    $64, DI
	DECQ    CX
	JNZ     adam64_512_loop

adam64_512_ret:
	VZEROUPPER
	RET

// LOWBITS(w, r) sets r to a word whose min(CX, w) lowest bits are set, for
// CX ≥ 1 and w ≤ 63: the mask of the first min(CX, w) lanes of a vector of
// w lanes, for the masked loads and stores of a loop's last pass, to be
// moved into a mask register with KMOVB, KMOVW or KMOVD. Clobbers CX.
#define LOWBITS(w, r) \
	MOVQ    $w, r; \
	CMPQ    CX, r; \
	CMOVQGT r, CX; \
	MOVL    $1, r; \
	SHLQ    CX, r; \
	DECQ    r

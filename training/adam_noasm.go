//go:build !amd64 || noasm

package training

// adamUpdate32 is adamGo for float32.
func adamUpdate32(w, g, m, v []float32, k *adamConsts[float32]) { adamGo(w, g, m, v, k) }

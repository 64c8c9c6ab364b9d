//go:build !amd64 || noasm

package kernels

func adam[T Float](w, g, m, v []T, k *AdamConsts[T]) { portableAdam(w, g, m, v, k) }

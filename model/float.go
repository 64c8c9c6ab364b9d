package model

import "github.com/gorgonia-ae/autoencoder/internal/kernels"

// Float is the element type of a model: float32 (as Keras) or float64.
type Float = kernels.Float

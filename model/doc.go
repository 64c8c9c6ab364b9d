// Package model builds the notebook's MLP autoencoder as Gorgonia expression
// graphs.
//
// The architecture follows the Keras notebook: for each hidden width an
// encoder level Dense → BatchNormalization → LeakyReLU(0.3), a linear
// bottleneck Dense, a decoder that mirrors the encoder, and a linear output
// Dense back to the input width. The loss is the mean squared error between
// the output and the input. Summary prints the layers as Keras's
// model.summary() does, WriteLayersDOT draws them as Keras's plot_model
// does, and Net.WriteDOT draws a whole graph, layer by layer.
//
// Both graphs follow Keras semantics exactly: glorot-uniform kernels, zero
// biases, BatchNormalization normalising with the batch mean and the biased
// batch variance in training and the moving statistics in inference,
// ε = 1e-3 inside the square root, and moving statistics updated as
// moving −= (moving − batch)·(1 − 0.99) after each training step.
//
// Neither graph uses Gorgonia's own batch normalisation (gorgonia.BatchNorm
// and its BatchNormOp, v0.9.18), whose semantics differ from Keras's in
// three ways: its momentum weighs the batch statistic (moving = m·batch +
// (1 − m)·moving, where Keras's 0.99 weighs the moving one); it moves the
// moving variance towards the unbiased batch variance (divided by n − 1),
// where Keras uses the biased one it normalises with; and a nil scale or
// bias becomes a GlorotN-initialised tensor of the input's whole shape
// (batch × units), where Keras has one γ of ones and one β of zeros per
// unit.
//
// The fused ops keep their output buffers between runs, so a training step
// allocates almost nothing; their arithmetic is in package internal/kernels.
//
// Weights live in Params, outside any graph: a training graph for each batch
// size, the inference graph for the validation set and the encoder graph all
// read and write the same tensors. The package knows nothing of files;
// package training runs the graphs.
//
// # Two graphs of one model
//
// A Net is built in one of two ways, chosen by a Graph (NewTrainingNetOf,
// NewInferenceNetOf, NewEncoderNetOf; NewTrainingNet and its siblings build
// the fused one). Both give the same *Net with the same methods.
//
// The stock graph (Stock, stock.go) is the readable way in. It writes each
// Keras layer as a handful of Gorgonia's own operators, the way Gorgonia's
// examples build networks, and gorgonia.Grad derives the whole backward
// pass from Gorgonia's own derivatives; no Op of this package appears in it:
//
//	// Vectors over a layer's units (b, γ, β, the statistics) are rows
//	// (1 × units); ones is a column of batch ones, so that ones·v repeats
//	// the row v down the batch; avg and negAvg are rows of batch 1/batch
//	// and −1/batch, so that avg·h is the row of h's column means
//
//	// Dense: x·W + 1·b
//	h := G.Must(G.Add(G.Must(G.Mul(x, w)), G.Must(G.Mul(ones, b))))
//
//	// BatchNormalization (training): the batch statistics, then
//	// (h − mean)·inv + β with inv = γ / sqrt(variance + ε)
//	negMean := G.Must(G.Mul(negAvg, h))
//	centred := G.Must(G.Add(h, G.Must(G.Mul(ones, negMean))))
//	variance := G.Must(G.Mul(avg, G.Must(G.HadamardProd(centred, centred))))
//	inv := G.Must(G.Div(gamma, G.Must(G.Sqrt(G.Must(G.Add(variance, eps))))))
//	scaled := G.Must(G.HadamardProd(centred, G.Must(G.Mul(ones, inv))))
//	h = G.Must(G.Add(scaled, G.Must(G.Mul(ones, beta))))
//	G.Read(negMean, &batchNegMean) // for the moving statistics
//	G.Read(variance, &batchVariance)
//
//	// LeakyReLU: h ⊙ (α + (1 − α)·[h > 0]), with α = 0.3; Gorgonia's
//	// comparisons are not differentiable, so the gradient is one product
//	positive := G.Must(G.Gt(h, zero, true))
//	slope := G.Must(G.Add(G.Must(G.HadamardProd(positive, rest)), alpha))
//	h = G.Must(G.HadamardProd(h, slope))
//
//	// after the last layer: the loss and its gradients
//	e := G.Must(G.Sub(output, input))
//	loss := G.Must(G.Mean(G.Must(G.HadamardProd(e, e))))
//	grads, err := G.Grad(loss, weights...)
//
// Net.Run then moves each BatchNormalization's moving statistics towards
// the batch statistics that gorgonia.Read copied out of the run. Gorgonia's
// matrix products run on this package's kernels: building the first stock
// net calls gorgonia.Use, process-wide, with a BLAS whose products are the
// fused ops' kernels (stock_blas.go), unless another BLAS than Gorgonia's
// default was chosen. gonum's products, the default, split each of these
// small products into goroutines (BenchmarkStockTrainingRun).
//
// The fused graph (Fused, the default, op_*.go) makes each Keras layer a
// single Op of this package with a hand-written derivative (SymDiff), so
// that gorgonia.Grad only chains them. Its ops keep their output buffers
// from run to run, accumulate BatchNormalization's and the loss's sums in
// float64, and run on the assembly kernels of package internal/kernels.
//
// The fused ops exist for speed. The notebook's float32 training graph for
// a batch of 16 has 71 nodes fused and 263 stock, and the stock net's
// program 362 instructions, each with Gorgonia's per-instruction work:
// dispatch and logging calls, a slice of inputs and interface boxes, a
// copy of the input for unary ops such as Sqrt and Neg; at these sizes it
// costs more than the arithmetic. The stock graph is written to need few
// of them: sums and repeats along the batch are matrix products, one
// operation each with a one-product derivative (gorgonia.Mean and the
// Broadcast operators take a reduction, a division, a reshape and a repeat
// between them); LeakyReLU's backward pass is one product; squares are
// e ⊙ e; and a stock net compiles only what its loss, gradients and reads
// need, leaving out the gradients that gorgonia.Grad also builds for
// constants and comparisons (see compile; Net.WriteDOT draws them dashed).
// Nets keep their tape machine's registers from run to run (Net.Run), so
// Gorgonia's ops write into the last run's tensors instead of allocating
// new ones (a stock step 1.46 -> 0.88 ms, 1.4 -> 0.3 MB, when the graph had
// 407 nodes), and a run after the first does not load the weights and the
// input again (see newTape).
// Measured with GOMAXPROCS=1 go test ./training -run '^$' -bench
// '^Benchmark(Stock)?(TrainStep|TrainStepFloat64|EpochWithValidation)$'
// (CPU time, medians of 3; a training step is 16 rows including Adam; AMD
// EPYC, Zen 5, 2 cores, otherwise idle):
//
//	                                     fused                stock
//	float32 step (BenchmarkTrainStep)    105 µs,  4.4 KB      371 µs, 49 KB
//	float64 step                         0.25 ms, 4.4 KB      0.47 ms, 54 KB
//	float32 epoch, 42 steps + validation 5.3 ms               19.5 ms
//
// The train command's 200 epochs of the notebook take 1.03-1.15 s fused and
// 3.77-3.97 s stock (training loops, 3 alternated runs each, Go's default
// GOMAXPROCS; the command also lets a stock run's heap grow five times
// before collecting): the stock graph is about 3.5 times slower in float32,
// and 1.9 times a step in float64, where BatchNorm, LeakyReLU and the loss
// have no assembly kernels. The float64 figures are from a later session,
// after Adam and the products got float64 kernels (0.99 and 1.22 ms
// before).
//
// Each graph checks the other (stock_test.go, and training's
// stock_test.go): in float64, for bottleneck 100 under two levels and 50
// under three, with batches of 16 and 14 and weights moved away from their
// initial values, their losses, every gradient, the moving statistics after
// 10 steps, the inference loss and the encoder's codes agree to 1e-12
// relative (measured: 4e-14 at worst). In float32 both follow Keras's
// five-epoch trajectory and lie in the Keras replica's band after 200
// epochs (bottleneck 100, seeds 1 to 3).
package model

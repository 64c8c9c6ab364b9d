// Package checkpoint reads and writes the autoencoder's weights as files:
// numpy's .npz archives that a training run leaves behind (encoder.npz and
// model.npz), and the JSON list of tensors used by the reference trajectory
// (init_bn100.json.gz), optionally gzip-compressed. Load reads either into a
// model for -init.
//
// # The .npz files
//
// An .npz file is a zip archive of .npy arrays, as numpy.savez writes it:
// numpy.load opens it, and the arrays below are its keys. WriteNPZ writes
// them in this order, deterministically (the small arrays with
// codeberg.org/sbinet/npyio, the weights with the header npyio writes and
// their raw bytes); ReadNPZ validates each before it decodes it and accepts
// no other array.
//
//	format/version    int64 ()              1, the layout described here
//	arch/part         str   ()              "encoder" (encoder.npz) or "model" (model.npz)
//	arch/inputs       int64 ()              n, the number of features (100)
//	arch/hidden       int64 (h,)            the encoder's hidden widths, input side first ([200, 100])
//	arch/bottleneck   int64 ()              the code width b
//	arch/dtype        str   ()              "float32" or "float64": the weights' dtype
//	scaler/data_min   float64 (n,)          MinMaxScaler.data_min_ of the training rows
//	scaler/data_max   float64 (n,)          MinMaxScaler.data_max_
//	scaler/scale      float64 (n,)          MinMaxScaler.scale_: x·scale + min are the model's inputs
//	scaler/min        float64 (n,)          MinMaxScaler.min_
//
// then, in arch/dtype, for each Dense layer in model order (the names of
// model.Params.Tensors: encoder_1 ... encoder_h, bottleneck, and in model.npz
// also decoder_1 ... decoder_h and output), with in and out its widths:
//
//	<layer>/kernel                   (in, out)   Dense kernel: y = x·kernel + bias
//	<layer>/bias                     (out,)
//
// and for the layers followed by BatchNormalization and LeakyReLU (every
// encoder_i and decoder_i; not bottleneck or output):
//
//	<layer>/norm/gamma               (out,)      BatchNormalization gamma
//	<layer>/norm/beta                (out,)      BatchNormalization beta
//	<layer>/norm/moving_mean         (out,)      the moving mean inference uses
//	<layer>/norm/moving_variance     (out,)      the moving variance inference uses
//
// encoder.npz holds the layers from encoder_1 to bottleneck: everything that
// turns a raw row into its code, with the scaler. model.npz holds every
// layer; train -init reads it (LoadNPZ), which needs each weight's shape to
// match the model's and names the first that does not. The weight arrays are
// Keras's model.get_weights() for the same model, in the same order.
//
// Reading with numpy:
//
//	z = numpy.load("encoder.npz")
//	k = z["encoder_1/kernel"]                  # float32, shape (100, 200)
//	x = raw * z["scaler/scale"] + z["scaler/min"]
package checkpoint

// Package codes puts a trained encoder to work, as the tutorial behind the
// notebook does after training: it compresses rows into bottleneck codes
// (Encode, EncodeRaw), fits scikit-learn's default LogisticRegression on
// them and on the scaled inputs to compare the two (Classify), and
// draws both as their first two principal components, coloured by class
// (PCA, SaveFigure).
//
// The usual sequence, with an encoder read by checkpoint.ReadNPZFile:
//
//	data, err := dataset.Load(dataset.NotebookSource())
//	trainCodes, err := codes.EncodeRaw(enc.Params, enc.Scaler, data.Train) // raw rows, before data.Scale
//	testCodes, err := codes.EncodeRaw(enc.Params, enc.Scaler, data.Test)
//	score, err := codes.Classify(ctx, trainCodes, data.YTrain, testCodes, data.YTest)
//	fmt.Println("encoded:", score) // with the README's seed-1 bottleneck-50 encoder: encoded: accuracy 0.9273 (306/330)
package codes

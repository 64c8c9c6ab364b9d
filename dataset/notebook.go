package dataset

// The notebook's split: train_test_split(X, y, test_size=0.33, random_state=1).
const (
	NotebookTestSize  = 0.33
	NotebookSplitSeed = 1
)

// Notebook runs the notebook's whole data step, Load(NotebookSource()):
// MakeClassification with NotebookParams (1000 samples, 100 features),
// TrainTestSplit with NotebookTestSize and NotebookSplitSeed (670 training
// rows, 330 test rows), and a MinMaxScaler fitted on the training rows. It
// returns the scaler and the scaled training [670, 100] and test [330, 100]
// matrices, the model's inputs.
func Notebook() (scaler *MinMaxScaler, train, test Matrix, err error) {
	d, err := Load(NotebookSource())
	if err == nil {
		err = d.Scale()
	}
	if err != nil {
		return nil, Matrix{}, Matrix{}, err
	}
	return d.Scaler, d.Train, d.Test, nil
}

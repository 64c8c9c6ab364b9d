package dataset

import "fmt"

// The notebook's split: train_test_split(X, y, test_size=0.33, random_state=1).
const (
	NotebookTestSize  = 0.33
	NotebookSplitSeed = 1
)

// Notebook runs the notebook's whole data step: MakeClassification with
// NotebookParams (1000 samples, 100 features), TrainTestSplit with
// NotebookTestSize and NotebookSplitSeed (670 training rows, 330 test rows),
// and a MinMaxScaler fitted on the training rows. It returns the scaler and
// the scaled training [670, 100] and test [330, 100] matrices, the model's
// inputs.
func Notebook() (scaler *MinMaxScaler, train, test Matrix, err error) {
	X, y, err := MakeClassification(NotebookParams())
	if err != nil {
		return nil, Matrix{}, Matrix{}, err
	}
	s, err := TrainTestSplit(X, y, NotebookTestSize, NotebookSplitSeed)
	if err != nil {
		return nil, Matrix{}, Matrix{}, err
	}
	scaler, err = FitMinMaxScaler(s.XTrain)
	if err != nil {
		return nil, Matrix{}, Matrix{}, fmt.Errorf("fit scaler: %w", err)
	}
	if train, err = scaler.Transform(s.XTrain); err != nil {
		return nil, Matrix{}, Matrix{}, err
	}
	if test, err = scaler.Transform(s.XTest); err != nil {
		return nil, Matrix{}, Matrix{}, err
	}
	return scaler, train, test, nil
}

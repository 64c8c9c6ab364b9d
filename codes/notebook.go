package codes

import (
	"fmt"

	"github.com/gorgonia-ae/autoencoder/dataset"
)

// NotebookData is the notebook's split with its labels: the raw rows, the
// class of each, and the MinMaxScaler fitted on the training rows.
type NotebookData struct {
	XTrain, XTest dataset.Matrix // raw rows: [670, 100] and [330, 100]
	YTrain, YTest []int          // class labels, 0 or 1: [670] and [330]
	Scaler        *dataset.MinMaxScaler
}

// Notebook builds the notebook's data as dataset.Notebook does
// (make_classification, the 0.33 split with seed 1, the scaler fitted on the
// training rows), keeping the raw rows and the labels.
func Notebook() (NotebookData, error) {
	X, y, err := dataset.MakeClassification(dataset.NotebookParams())
	if err != nil {
		return NotebookData{}, fmt.Errorf("generate the notebook's data: %w", err)
	}
	s, err := dataset.TrainTestSplit(X, y, dataset.NotebookTestSize, dataset.NotebookSplitSeed)
	if err != nil {
		return NotebookData{}, fmt.Errorf("split the notebook's data: %w", err)
	}
	scaler, err := dataset.FitMinMaxScaler(s.XTrain)
	if err != nil {
		return NotebookData{}, fmt.Errorf("fit the notebook's scaler: %w", err)
	}
	return NotebookData{XTrain: s.XTrain, XTest: s.XTest, YTrain: s.YTrain, YTest: s.YTest, Scaler: scaler}, nil
}

// Scaled returns the training and test rows scaled by the notebook's
// scaler: the autoencoder's inputs.
func (d NotebookData) Scaled() (train, test dataset.Matrix, err error) {
	if train, err = d.Scaler.Transform(d.XTrain); err != nil {
		return train, test, err
	}
	test, err = d.Scaler.Transform(d.XTest)
	return train, test, err
}

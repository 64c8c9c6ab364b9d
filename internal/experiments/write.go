package experiments

import (
	"os"
	"path/filepath"

	"github.com/gorgonia-ae/autoencoder/internal/atomicfile"
)

// The files Write puts in its directory, besides the figures.
const (
	ResultsFile = "results.csv"
	TimingFile  = "sweep.json"
	ReportFile  = "report.md"
)

// Outputs names the files Write puts in its directory for a sweep of
// configs, in the order Write returns them.
func Outputs(configs []Config) []string {
	names := []string{ResultsFile, TimingFile}
	for _, c := range configs {
		names = append(names, CurvesFile(c))
	}
	return append(names, ComparisonFile, ReportFile)
}

// Write writes the sweep's results.csv, sweep.json, figures and report.md
// into dir (created if needed), each file atomically, and returns the names
// written.
func Write(dir string, rep Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	names := []string{ResultsFile, TimingFile}
	if err := atomicfile.WriteFile(filepath.Join(dir, ResultsFile), rep.Results.WriteCSV); err != nil {
		return nil, err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, TimingFile), rep.Results.Timing().WriteJSON); err != nil {
		return nil, err
	}
	figs, err := WriteFigures(dir, rep.Results)
	names = append(names, figs...)
	if err != nil {
		return names, err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, ReportFile), rep.WriteMarkdown); err != nil {
		return names, err
	}
	return append(names, ReportFile), nil
}

// Package experiments answers the notebook's three closing questions by
// measurement: it trains a sweep of configurations × seeds in parallel
// (Execute), and writes what the sweep found (Write): results.csv with one
// row per run, a learning-curve figure per configuration, a figure with
// every configuration's val_loss, sweep.json with the sweep's timing, and
// report.md, which answers Questions 1-3 from the measured numbers and sets
// each configuration against the Keras replica's seed band (package
// kerasref).
//
// A configuration is named as the Keras reference names it: bn50_l2 is
// hidden 200,100 and bottleneck 50, bn50_l3 hidden 200,100,50 (ParseConfigs).
// Every run trains the float32 notebook model on the notebook's data,
// x: [670, 100] → reconstruction: [670, 100], validating on [330, 100].
//
// The runs share nothing mutable: each has its own model, optimiser and
// numpy RandomState, and reads the same data slices, so a run's history is
// identical, bit for bit, whether it trains alone or beside others.
package experiments

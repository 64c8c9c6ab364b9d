// Package compare sets a Go run's training history beside a reference one:
// a Keras history (json.dump(history.history) as the notebook's script
// writes it), a PyTorch replica's epoch,loss,val_loss CSV, or any other run
// of the notebook. Diff pairs their epochs and gives the per-epoch and final
// differences, Table.WriteText and Table.WriteCSV print them, and Figure
// draws both runs' loss and val_loss on one log-scale axis.
//
// Differences are Go minus reference, and relative ones are divided by the
// reference: rel = (go − ref) / ref.
package compare

// Package cli is the program's front door: the commands of the autoencoder
// binary (train, data, encode, classify, experiments, compare), their
// flags and their exit codes.
//
// Each command is a Command in one table (commands.go), with a file of its
// own. Flags that several commands take — the model (-bottleneck, -hidden,
// -dtype, -graph), the run (-epochs, -batch, -shuffle, -seed, -lr, -init),
// the data (-data, -header, -label, -labels, -test-size, -split-seed),
// -encoder and -out — are registered by one function each (flags.go;
// -encoder's is in encode.go), so they mean the same thing, with the same
// default and syntax, wherever they appear. (The data command's -shuffle is
// another flag: make_classification's shuffle argument.)
//
// A command returns an error; exitCode (exit.go) turns it into the exit code
// in one place, for Main and Run alike: a *UsageError (bad flags or bad input
// files, found before any work and before anything is written) exits 2, an
// interruption 130, any other failure 1, each with one line on stderr.
package cli

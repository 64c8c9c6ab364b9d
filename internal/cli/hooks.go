package cli

import "io"

// hooks let tests reach into a running program at moments that no signal
// can be timed to hit: the program itself always runs with none (Main), and
// only the test binary, in its role as the program (TestMain), sets them,
// from AUTOENCODER_TEST_* environment variables that nothing else reads.
type hooks struct {
	// stateWrite, if set, wraps the file writer of each write of
	// train's state file (runstate.Saver.Wrap).
	stateWrite func(epoch int, w io.Writer) io.Writer
	// beforeOutputs, if set, runs when train is about to write its
	// outputs at the end of a run.
	beforeOutputs func()
	// memory, if set, stands for the machine's available memory.
	memory func() (bytes uint64, source string, err error)
}

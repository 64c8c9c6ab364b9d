// Package runstate saves a training run's whole state in its output
// directory after every epoch, and reads it back, so that `train -resume`
// continues a run that was interrupted or killed exactly where it stopped:
// the resumed run ends with the same history and the same weights, bit for
// bit, as the run that never stopped.
//
// # The state file
//
// OUT/state.npz is a zip archive, every entry stored uncompressed with its
// CRC-32, in the manner of numpy.savez: numpy.load opens it, and each array
// below is a key (the JSON manifest reads back as bytes). A state is
// written whole to a temporary file and, to reach state.npz, synced and
// put in the previous one's place in one atomic rename (package
// atomicfile), so a reader finds the whole state of one finished epoch,
// never a mixture, after a killed program as after a crash of the machine.
//
// The train command saves the state at the end of every epoch but the
// last through a Saver, which copies it and writes the copy while the next
// epoch trains (when the disk lags, the newest state replaces one not yet
// written). Syncing every epoch would cost training more than the writes
// themselves, so the Saver syncs the run's first state and then one state
// a second (SyncEvery) into state.npz; the states in between go to the
// temporary file, .state.npz.tmp-next, overwritten in place and not synced
// (atomicfile.Replacer's Stage). state.npz is thus at most a second behind,
// and the temporary file holds the newest state, whole unless the program
// was killed while writing it. LoadNewest, which `train -resume` uses,
// takes the temporary file's state when it is whole and continues
// state.npz's run, and state.npz's otherwise. At the end of a run (and of
// an interrupted or diverged one) the newest state goes to state.npz,
// synced, and the temporary file is removed; a SIGKILL leaves it behind.
// A `train -resume` that took its state from it puts that state in
// state.npz's place, synced, before it trains (atomicfile.CommitStaged), so
// that a resumed run killed before it saves a state of its own loses
// nothing; the next run that trains in the directory removes what is left
// of it, once -resume has read it. At the end of a run the Saver writes
// its outputs first and the final state last, so a state that says the
// run is over comes with the run's complete outputs.
//
// The first entry, state.json, is the manifest:
//
//	format           "autoencoder train state"
//	version          1, the layout described here
//	epoch            K, the number of finished epochs
//	arch             the model: inputs, hidden (widths, input side first), bottleneck, dtype
//	flags            the train command's flags, name → value as the flag package prints it
//	data             "sha256:…" of the rows the run trains and validates on (Digest)
//	adam_iterations  Adam's step count
//	rng_pos          MT19937's position in its key (0 to 624; numpy's get_state()[2])
//	rng_has_gauss    whether a second Gaussian is cached (get_state()[3])
//	early            patience, best_epoch, wait, stopped: EarlyStopping's counters
//	restore_best     whether the best epoch's weights are kept (the best/ arrays)
//	wall_ns          the training time of the K epochs, nanoseconds
//
// Then .npy arrays (version 1.0 headers, little-endian, C order), in this
// order, with T the arch's dtype (<f4 or <f8):
//
//	rng/key                  <u4 (624,)   the MT19937 key (get_state()[1])
//	rng/gauss                <f8 ()       the cached Gaussian, 0 when none (get_state()[4])
//	history/loss             <f8 (K,)     each epoch's loss, as history.csv has it
//	history/val_loss         <f8 (K,)     each epoch's val_loss
//	history/steps            <i8 (K,)     each epoch's minibatches
//	history/seconds          <f8 (K,)     each epoch's wall time
//	early/best               <f8 ()       the lowest val_loss so far (inf before one)
//	weights/<name>           T   (shape)  every tensor of model.Params.Tensors(), under its
//	                                      name (encoder_1/kernel, ..., output/bias): the weights
//	                                      and BatchNorm moving statistics after epoch K
//	adam/m/<name>            T   (shape)  Adam's first moment of each trainable tensor
//	adam/v/<name>            T   (shape)  Adam's second moment
//	best/<name>              T   (shape)  with restore_best: every tensor at the end of
//	                                      early.best_epoch
//
// The last entry, state.crc32c, holds the CRC-32C (Castagnoli), in hex and
// with a newline, of every byte of the file before its own data: the
// entries before it with their zip headers, and its own header.
//
// Read accepts exactly this: the CRC-32C of the file (so a flipped bit
// anywhere but in the zip's central directory, or a truncated file, is
// found; the directory's names, offsets, sizes and CRC-32s are checked
// against the entries), the manifest's version, the entries the manifest
// implies and no others, each stored uncompressed with the header this
// package writes and the size its shape needs, every CRC-32 correct,
// finite weights and moments, no negative variance, and a state that
// training.State.Check accepts. Anything else is a damaged state, which `train -resume` refuses
// rather than starting over.
package runstate

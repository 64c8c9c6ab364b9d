// Package checkpoint reads and writes the autoencoder's weights as files:
// the JSON list of tensors used by the reference trajectory
// (init_bn100.json.gz), optionally gzip-compressed.
package checkpoint

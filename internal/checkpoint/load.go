package checkpoint

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorgonia-ae/autoencoder/model"
)

// Load reads the weights in the file at path into p, whose architecture must
// match them: an .npz checkpoint (see LoadNPZ) when the file is a zip
// archive, which is what numpy writes, and otherwise a JSON list of tensors,
// gzip-compressed or not (see LoadJSON). A file named *.npz that is not a
// zip archive is an error rather than being read as JSON.
func Load(path string, p *model.Params) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	head := make([]byte, 4)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fmt.Errorf("load %s: %w", path, err)
	}
	if isZip(head[:n]) {
		return LoadNPZ(path, p)
	}
	if strings.EqualFold(filepath.Ext(path), ".npz") {
		return fmt.Errorf("load %s: not an .npz file (it does not start with a zip signature)", path)
	}
	return LoadJSON(path, p)
}

// isZip reports whether head starts a zip archive: a local file header, or
// the end record of an empty archive.
func isZip(head []byte) bool {
	return bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06"))
}

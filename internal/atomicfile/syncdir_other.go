//go:build !unix

package atomicfile

// syncDir does nothing where a directory cannot be opened and synced as
// on Unix: there a rename is as durable as the operating system makes it.
func syncDir(dir string) error { return nil }

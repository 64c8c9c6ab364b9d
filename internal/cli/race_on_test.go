//go:build race

package cli

// raceDetector is whether the tests run under the race detector (go test
// -race), whose shadow memory makes a process's resident memory several
// times what the program itself uses.
const raceDetector = true

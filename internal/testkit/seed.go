package testkit

import (
	"os"
	"path/filepath"
	"testing"
)

// SeedTestdata adds every recorded payload in the test's testdata/*.json
// to f's corpus, and fails when there is none: a decoder's fuzz target
// starts from what the API really sends.
func SeedTestdata(f *testing.F) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no recorded payloads: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

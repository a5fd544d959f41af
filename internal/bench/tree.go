package bench

import (
	"time"

	"treembot/storage/synth"
)

// benchTree is the generated tree a bench loads, and the moment its rows
// are dated.
type benchTree struct {
	synth.Tree
	now time.Time
}

// benchProvinceID is the tree's root.
const benchProvinceID = synth.ProvinceID

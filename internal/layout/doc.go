// Package layout holds no code: its tests keep the module's shape, as
// DESIGN.md draws it, from drifting. One checks that the production
// binary links no test code; one that packages import only along the
// allowed edges.
package layout

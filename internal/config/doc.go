// Package config reads treembot's settings from the environment, once, with
// defaults, and validates them so that every message names its variable.
//
// It may import locales only.
package config

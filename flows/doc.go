// Package flows holds forms as data (embedded YAML) and the conversation
// engine: a pure function of (form, state, input, context) that returns
// the new state, the replies, and the values to save. It never touches a
// network, a database or the wall clock.
//
// It may import locales (number parsing, folding diacritics, the
// catalogues) and nothing else of the module: the router calls it, and
// storing what it returns is the router's job.
package flows

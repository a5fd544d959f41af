// Package documenttest reads back the Word files package document writes,
// as a reader sees them, for the tests of the document, the chat command
// and the CLI.
//
// Only tests import it; it imports nothing of the module.
package documenttest

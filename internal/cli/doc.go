// Package cli is treembot's command line: the command table, one file per
// command, and the glue that loads the configuration and opens the app.
//
// As wiring it may import any package of the module except test support.
package cli

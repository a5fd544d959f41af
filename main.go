// Command treembot collects the child-protection figures of the Directive
// 28 plan from commune collaborators through chat apps. main is wiring
// only: the commands live in internal/cli.
package main

import (
	"context"
	"os"

	"treembot/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv))
}

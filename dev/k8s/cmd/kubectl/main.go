// Command kubectl matches the server version of the local control plane.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
)

func main() { os.Exit(cli.RunNoErrOutput(cmd.NewDefaultKubectlCommand())) }

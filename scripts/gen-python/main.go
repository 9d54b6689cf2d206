// gen-python: the Python SDK of a Pulumi package schema, written by Pulumi's own
// Python code generator (github.com/pulumi/pulumi/pkg/v3/codegen/python), bound
// and validated as `pulumi package gen-sdk --language python` does inside the
// Python language host. scripts/python-sdk.sh builds and runs it; it exists only
// because that language host cannot be obtained on this project's machines.
//
//	gen-python SCHEMA.json OUT_DIR
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	python "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen-python SCHEMA.json OUT_DIR")
		os.Exit(2)
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		fail(fmt.Errorf("%s: %w", os.Args[1], err))
	}
	// The package has no dependencies on other packages, so nothing is loaded.
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	if err != nil {
		fail(err)
	}
	if diags.HasErrors() {
		fail(diags)
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "gen-python: %s\n", d.Error())
	}
	files, err := python.GeneratePackage("pulumi-trunking gen-python (Pulumi's Python codegen)", pkg, nil, nil)
	if err != nil {
		fail(err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	out := os.Args[2]
	if err := os.RemoveAll(out); err != nil {
		fail(err)
	}
	for _, name := range names {
		p := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			fail(err)
		}
	}
	fmt.Printf("%d files in %s\n", len(names), out)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "gen-python: %v\n", err)
	os.Exit(1)
}

package wasmsize_test

import (
	"fmt"
	"os"

	"github.com/poppymail/poppy/internal/wasmsize"
)

// The size table of `make bench`: the code of app.wasm's packages,
// largest first, from a twin built with symbols.
func Example() {
	mod, err := os.ReadFile("app.sym.wasm") // GOOS=js GOARCH=wasm go build -o app.sym.wasm ./app
	if err != nil {
		fmt.Println("build the module first")
		return
	}
	m, err := wasmsize.Parse(mod)
	if err != nil {
		fmt.Println(err)
		return
	}
	pkgs := []string{"runtime", "fmt", "main"} // GOOS=js GOARCH=wasm go list -deps ./app
	for _, p := range wasmsize.ByPackage(m.Funcs, pkgs)[:3] {
		fmt.Printf("%s: %d bytes in %d functions\n", p.Package, p.Size, p.Funcs)
	}
}

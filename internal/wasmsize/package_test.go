package wasmsize

import "testing"

func TestMangle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"fmt.Println", "fmt.Println"},
		{"github.com/microcosm-cc/bluemonday/css.init", "github.com_microcosm_cc_bluemonday_css.init"},
		{"github.com/poppymail/poppy/app/ui.(*signInCard).Render", "github.com_poppymail_poppy_app_ui.__signInCard_.Render"},
		{"slices.Sort[go.shape.string]", "slices.Sort_go.shape.string_"},
		{"é", "_"},
	}
	for _, tt := range tests {
		if got := Mangle(tt.in); got != tt.want {
			t.Errorf("Mangle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestByPackage(t *testing.T) {
	pkgs := []string{"a", "a/b", "a.b", "gopkg.in/yaml.v3", "github.com/x/y-z"}
	tests := []struct {
		name string
		fn   string
		want string
	}{
		{"plain", "a.F", "a"},
		{"nested package, not its parent", "a_b.F", "a/b"},
		{"a dot in the path", "a.b.F", "a.b"},
		{"a dot in the last element", "gopkg.in_yaml.v3.Marshal", "gopkg.in/yaml.v3"},
		{"a dash", "github.com_x_y_z.__T_.M", "github.com/x/y-z"},
		{"generic instantiation", "a.Map_go.shape.int_", "a"},
		{"linker glue", "wasm_pc_f_loop", Other},
		{"type function", "type_.eq.a.T", Other},
		{"unnamed", "", Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ByPackage([]Func{{Name: tt.fn, Size: 7}}, pkgs)
			if len(got) != 1 || got[0] != (PackageSize{tt.want, 1, 7}) {
				t.Errorf("ByPackage(%q) = %+v, want %s", tt.fn, got, tt.want)
			}
		})
	}
}

func TestByPackageOrder(t *testing.T) {
	funcs := []Func{{"a.F", 10}, {"b.F", 30}, {"a.G", 25}, {"c.F", 35}, {"x", 1}}
	got := ByPackage(funcs, []string{"a", "b", "c"})
	want := []PackageSize{{"a", 2, 35}, {"c", 1, 35}, {"b", 1, 30}, {Other, 1, 1}}
	if len(got) != len(want) {
		t.Fatalf("ByPackage = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

package pwa

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// The page lets a person zoom (issue 15): go-app's viewport, which
// forbids it, is replaced, and the page's length follows.
func TestPageAllowsZoom(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// go-app orders a tag's attributes at random: ask often enough to
	// meet both orders of the viewport's (1 in 2^20 to miss one).
	for range 20 {
		checkZoomable(t, h)
	}
}

func checkZoomable(t *testing.T, h http.Handler) {
	t.Helper()
	res := get(t, h, "/", nil)
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	page := string(body)
	if !strings.Contains(page, zoomableViewport) {
		t.Errorf("the page has no zoomable viewport %s", zoomableViewport)
	}
	for _, bad := range []string{"maximum-scale", "user-scalable"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page's viewport still has %s", bad)
		}
	}
	if got := res.Header.Get("Content-Length"); got != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length %s for a page of %d bytes", got, len(body))
	}
	// Positive control: go-app's page has the viewport replaced, so a
	// change of go-app's text would leave it in place and fail above.
	if strings.Count(page, `name="viewport"`) != 1 {
		t.Errorf("the page has %d viewports, want 1", strings.Count(page, `name="viewport"`))
	}
}

//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"
)

// ControlMarker starts every console line a Control writes.
const ControlMarker = "POPPY-CONTROL"

var controlSeq atomic.Int64

// Control is the positive control of a check that nothing ran. The page
// writes a console line after delay, through DevTools (so no
// Content-Security-Policy or sandbox of the app is loosened for it), and
// Control waits until the Watch has seen it, for at most timeout; it then
// requires a live session to every frame target of the tab. When it
// returns nil, the page's detectors saw an event at the end of the window
// and every frame was still being listened to, so a later Check that
// finds nothing means nothing happened, not that nothing was looked at.
// (A frame without allow-scripts cannot run the control itself: Chromium
// neither fires its timers nor reports console calls DevTools makes in
// it. TestE2EHostileTripwires shows the frame detectors see script that
// does run.) The control's own line is taken out of the findings.
func (w *Watch) Control(ctx context.Context, delay, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	nonce := fmt.Sprintf("%s-%d", ControlMarker, controlSeq.Add(1))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`setTimeout(() => console.log(%s), %d), true`, js(nonce+" page"), delay.Milliseconds()))); err != nil {
		return fmt.Errorf("browsertest: starting the control in the page: %w", err)
	}
	if err := w.awaitControl(ctx, nonce, map[string]bool{"page": true}, deadline); err != nil {
		return err
	}
	if err := w.attachFrames(); err != nil {
		return err
	}
	alive, err := FrameTargets(ctx)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for id := range alive {
		if f := w.frames[id]; f == nil || f.gone() {
			return fmt.Errorf("browsertest: frame %s has no live session, so what runs in it would go unseen", id)
		}
	}
	return nil
}

// awaitControl waits until the Watch has seen the control line nonce from
// every place in want, taking those lines out of the findings.
func (w *Watch) awaitControl(ctx context.Context, nonce string, want map[string]bool, deadline time.Time) error {
	for {
		w.mu.Lock()
		kept := w.script[:0]
		for _, f := range w.script {
			if i := strings.Index(f.Text, nonce+" "); i >= 0 {
				delete(want, f.Text[i+len(nonce)+1:])
				continue
			}
			kept = append(kept, f)
		}
		w.script = kept
		left := len(want)
		w.mu.Unlock()
		if left == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("browsertest: the watch did not see the control's console line from %v in time, so it would not have seen a message's either", keys(want))
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(25*time.Millisecond)); err != nil { // polls the condition above
			return err
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

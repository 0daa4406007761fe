//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// WaitListed waits until the inbox list holds n rows: those drawn, and
// those its virtual list stands in for with its spacers (one row's
// height each), so that a 1,000-row inbox counts as loaded without
// drawing every row.
func WaitListed(ctx context.Context, n int, timeout time.Duration) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(() => {
		const list = document.querySelector("#message-list");
		const rows = list ? list.querySelectorAll("[data-uidl]") : [];
		if (rows.length === 0) return false;
		const h = rows[0].getBoundingClientRect().height;
		const sp = el => el && !el.hasAttribute("data-uidl") ? el.getBoundingClientRect().height : 0;
		return rows.length + Math.round((sp(list.firstElementChild) + sp(list.lastElementChild)) / h) >= %d;
	})()`, n), chromedp.WithPollingTimeout(timeout)))
	return err
}

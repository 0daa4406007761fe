package transport_test

import (
	"fmt"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// A caller asks Classify whether waiting can fix a failure: a target the
// bridge refuses cannot, a bridge at its limit may.
func ExampleClassify() {
	for _, code := range []bridgeapi.CloseCode{bridgeapi.CodeForbiddenTarget, bridgeapi.CodeLimitReached} {
		err := fmt.Errorf("pop3: reading the greeting: %w", &transport.BridgeError{Code: code, Reason: "why"})
		f := transport.Classify(err)
		fmt.Println(code, f, f.Temporary())
	}
	// Output:
	// 4403 refused false
	// 4429 busy true
}

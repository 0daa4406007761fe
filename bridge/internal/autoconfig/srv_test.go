package autoconfig

import (
	"testing"
)

func TestOrderSRV(t *testing.T) {
	// "." alone: the service is not offered.
	if got := orderSRV([]srvRecord{{Target: ".", Port: 0}}); len(got) != 0 {
		t.Errorf("lone '.': %+v, want nothing", got)
	}
	// Lower priority first, whatever the weights and the order given.
	recs := []srvRecord{
		{Target: "c.", Port: 995, Priority: 20, Weight: 100},
		{Target: "a.", Port: 995, Priority: 10, Weight: 0},
		{Target: "b.", Port: 995, Priority: 10, Weight: 50},
		{Target: "z.", Port: 0, Priority: 0},
	}
	for range 50 {
		got := orderSRV(recs)
		if len(got) != 3 || got[2].Target != "c." {
			t.Fatalf("order %+v: want a and b (priority 10) before c (20), no port-0 record", got)
		}
	}
	// Within a priority, weight decides how often a record comes first:
	// 90 against 10 should lead about nine times in ten.
	heavy := 0
	const n = 2000
	for range n {
		got := orderSRV([]srvRecord{{Target: "light.", Port: 1, Weight: 10}, {Target: "heavy.", Port: 1, Weight: 90}})
		if len(got) != 2 {
			t.Fatalf("lost a record: %+v", got)
		}
		if got[0].Target == "heavy." {
			heavy++
		}
	}
	if heavy < n*80/100 || heavy > n*97/100 {
		t.Errorf("heavy first %d of %d times, want about 90%%", heavy, n)
	}
}

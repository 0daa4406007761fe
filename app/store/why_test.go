package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestWhyRecords: records written before Why existed still decode (with
// no Why, so the interface shows their words), and new ones keep it.
func TestWhyRecords(t *testing.T) {
	at := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, record string
		want         any
		into         func() any
	}{
		{"old activity", `{"t":"2026-12-06T12:00:00Z","u":"a","r":"kept safely on this device"}`,
			&Activity{At: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC), UID: "a", Reason: "kept safely on this device"},
			func() any { return new(Activity) }},
		{"new activity", `{"t":"2026-12-06T12:00:00Z","u":"a","r":"older than 30 days","w":{"k":1,"d":30,"t":"2026-11-01T08:00:00Z","f":true}}`,
			&Activity{At: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC), UID: "a", Reason: "older than 30 days",
				Why: &Why{Kind: WhyOlderThan, Days: 30, At: at, FirstSeen: true}},
			func() any { return new(Activity) }},
		{"old kept, removing", `{"u":"b","x":"more than 2 messages"}`,
			&Kept{UID: "b", Removing: "more than 2 messages"}, func() any { return new(Kept) }},
		{"new kept, removing", `{"u":"b","x":"more than 2 messages","xw":{"k":3,"m":2}}`,
			&Kept{UID: "b", Removing: "more than 2 messages", RemovingWhy: &Why{Kind: WhyAtMost, Max: 2}}, func() any { return new(Kept) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.into()
			if err := json.Unmarshal([]byte(tc.record), got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("decoded %+v, want %+v", got, tc.want)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			again := tc.into()
			if err := json.Unmarshal(b, again); err != nil || !reflect.DeepEqual(again, tc.want) {
				t.Errorf("round trip %s gave %+v (%v)", b, again, err)
			}
		})
	}
}

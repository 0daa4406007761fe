package thread

import (
	"fmt"
	"slices"
	"testing"
)

func TestGroup(t *testing.T) {
	k := Key
	tests := []struct {
		name string
		msgs []Message
		want []int
	}{
		{"empty", nil, []int{}},
		{"a reply joins its parent", []Message{
			{k("<a@x>", "", ""), "Lunch"},
			{k("<b@x>", "<a@x>", "<a@x>"), "Re: Lunch"},
		}, []int{0, 0}},
		{"the reply listed first", []Message{
			{k("<b@x>", "<a@x>", "<a@x>"), "Re: Lunch"},
			{k("<a@x>", "", ""), "Lunch"},
		}, []int{0, 0}},
		{"siblings whose root is missing", []Message{
			{k("<b@x>", "<a@x>", "<a@x>"), "Re: Lunch"},
			{k("<z@x>", "", ""), "Other"},
			{k("<c@x>", "<a@x>", "<a@x>"), "Re: Lunch"},
		}, []int{0, 1, 0}},
		{"a deep reply by References only", []Message{
			{k("<a@x>", "", ""), "Plan"},
			{k("<d@x>", "", "<a@x> <b@x> <c@x>"), "Re: Re: Plan"},
			{k("<c@x>", "", "<a@x> <b@x>"), "Re: Plan"},
		}, []int{0, 0, 0}},
		{"subject fallback for a reply without references", []Message{
			{k("<a@x>", "", ""), "Budget 2027"},
			{k("<b@x>", "", ""), "RE: budget  2027"},
			{k("<c@x>", "", ""), "AW: [team] Budget 2027"},
		}, []int{0, 0, 0}},
		{"same subject, neither a reply: apart", []Message{
			{k("<a@x>", "", ""), "Hello"},
			{k("<b@x>", "", ""), "Hello"},
		}, []int{0, 1}},
		{"replies without their original join each other", []Message{
			{k("<b@x>", "", ""), "Re: Lost"},
			{k("<c@x>", "", ""), "Odp: Lost"},
		}, []int{0, 0}},
		{"a reply with references does not move by subject", []Message{
			{k("<a@x>", "", ""), "Hello"},
			{k("<c@x>", "<z@x>", ""), "Re: Hello"},
		}, []int{0, 1}},
		{"no keys, no subjects", []Message{{}, {}, {"", "Re:"}}, []int{0, 1, 2}},
		{"two conversations joined by a later message", []Message{
			{k("<a@x>", "", ""), "One"},
			{k("<b@x>", "", ""), "Two"},
			{k("<c@x>", "<b@x>", "<a@x> <b@x>"), "Re: Two"},
		}, []int{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Group(tt.msgs); !slices.Equal(got, tt.want) {
				t.Errorf("Group = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBaseSubject(t *testing.T) {
	tests := []struct {
		in    string
		base  string
		reply bool
	}{
		{"Hello", "hello", false},
		{"Re: Hello", "hello", true},
		{"RE[2]: Re: Fwd:  Hello  World", "hello world", true},
		{"[list] Re: Hello", "hello", true},
		{"Odp: Witaj", "witaj", true},
		{"AW: WG: Termin", "termin", true},
		{"رد: مرحبا", "مرحبا", true},
		{"Re：全角", "全角", true},
		{"Meeting (today): agenda", "meeting (today): agenda", false},
		{"Re:", "", true},
		{"[only a tag]", "[only a tag]", false},
		{"", "", false},
	}
	for _, tt := range tests {
		base, reply := BaseSubject(tt.in)
		if base != tt.base || reply != tt.reply {
			t.Errorf("BaseSubject(%q) = %q, %v; want %q, %v", tt.in, base, reply, tt.base, tt.reply)
		}
	}
}

func ExampleGroup() {
	msgs := []Message{
		{Key("<1@example.org>", "", ""), "Lunch on Friday?"},
		{Key("<2@example.org>", "", ""), "Invoice 42"},
		{Key("<3@example.org>", "<1@example.org>", "<1@example.org>"), "Re: Lunch on Friday?"},
		{Key("<4@example.org>", "", ""), "Re: Invoice 42"}, // no References: by subject
	}
	fmt.Println(Group(msgs))
	// Output: [0 1 0 1]
}

func BenchmarkGroup10000(b *testing.B) {
	msgs := make([]Message, 10000)
	for i := range msgs {
		id := fmt.Sprintf("<%d@x>", i)
		parent := ""
		if i%3 != 0 {
			parent = fmt.Sprintf("<%d@x>", i-1)
		}
		msgs[i] = Message{Key(id, parent, parent), fmt.Sprintf("Re: subject %d", i/3)}
	}
	b.ResetTimer()
	for b.Loop() {
		Group(msgs)
	}
}

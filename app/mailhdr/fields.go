package mailhdr

import (
	"strconv"
	"strings"
	"time"
)

// Fields are what a person sees of a message before opening it, and at
// the top of it once open: the inbox list and the reader both show these.
type Fields struct {
	// From lists the mailboxes of every From field, in order. RFC 5322
	// allows one From field; a message with more (a spoofing trick: a
	// signature may cover one and a reader show the other) lists them
	// all, with a problem that says so.
	From []Address
	// Subject is decoded (RFC 2047) and cleaned (CleanText).
	Subject string
	// Date is the Date field, else the time of the newest Received
	// field; the zero Time when neither parses.
	Date time.Time
	// DateRaw is the Date field as written (cleaned).
	DateRaw string
	// Problems lists, for people, what could not be read as intended.
	Problems []string
}

// Fields reads the displayed fields of h. It never fails: a field that
// does not parse is left empty, or kept as written, with a problem.
func (d *Decoder) Fields(h Header) Fields {
	var f Fields
	if v := h.Get("Subject"); v != "" {
		s, ok := d.Unstructured(v)
		if !ok {
			f.Problems = append(f.Problems, "the Subject has a malformed encoded word; it is shown as written")
		}
		f.Subject = CleanText(s)
	}
	froms := h.count("From")
	var p string
	f.From, p = d.AddressField(h, "From")
	if p != "" {
		f.Problems = append(f.Problems, p)
	}
	if froms > 1 {
		f.Problems = append(f.Problems, "the message has "+strconv.Itoa(froms)+
			" From fields where one is allowed; every sender they name is shown")
	}
	f.DateRaw = CleanText(h.Get("Date"))
	if f.DateRaw != "" {
		t, ok := ParseDate(f.DateRaw)
		if ok {
			f.Date = t
		} else {
			f.Problems = append(f.Problems, "the Date \u201c"+f.DateRaw+"\u201d could not be read")
		}
	}
	if f.Date.IsZero() {
		f.Date = receivedDate(h.Get("Received"))
	}
	return f
}

// AddressField parses every value of the named address field (see
// Addresses). problem is "" when the field parsed as written.
func (d *Decoder) AddressField(h Header, name string) (list []Address, problem string) {
	vs := h.All(name)
	if len(vs) == 0 {
		return nil, ""
	}
	list, malformed, cut := d.Addresses(vs)
	switch {
	case cut:
		problem = "the " + name + " field is too long to show; only its first " + strconv.Itoa(len(list)) + " mailboxes are shown"
	case malformed:
		problem = "the " + name + " field is malformed; it is shown as well as it could be read"
	}
	return list, problem
}

// receivedDate reads the date at the end of the first (newest) Received
// field (RFC 5321 section 4.4: "; date-time").
func receivedDate(v string) time.Time {
	if i := strings.LastIndexByte(v, ';'); i >= 0 {
		if t, ok := ParseDate(CleanText(v[i+1:])); ok {
			return t
		}
	}
	return time.Time{}
}

package mailbox

import (
	"time"
)

// EventKind says what an Event reports.
type EventKind int

const (
	// EventListChanged: Messages would return something new (rows added,
	// removed, restored, marked read). Fetch the list again.
	EventListChanged EventKind = iota
	// EventProgress: a sync is fetching headers; Done of Total so far.
	EventProgress
	// EventConnected: a session is open (after Sync, a reconnect or a
	// commit). Problem is nil; any earlier problem is over.
	EventConnected
	// EventReconnecting: the session dropped (Problem says why) and
	// attempt Attempt will be made after Delay.
	EventReconnecting
	// EventProblem: something failed that the person may act on, outside
	// any call that could return it (a reconnect that gave up, a login
	// refused in the background).
	EventProblem
	// EventDeleted: the server confirmed the deletion of UIDs.
	EventDeleted
	// EventDeleteFailed: UIDs were not deleted (or their deletion could not
	// be confirmed); they are back in the list, and Problem says why.
	EventDeleteFailed
	// EventDeleteQueued: UIDs could not be deleted now (offline, or not
	// signed in; Problem says why). They stay in the list marked
	// PendingDelete, are kept on the device, and are deleted by UIDL when
	// a session opens.
	EventDeleteQueued
	// EventHidden: UIDs were deleted on this device only, as the
	// account's choice (SetDeleteHereOnly) asked: the server keeps them
	// until the retention policy removes them, and they stay out of the
	// list.
	EventHidden
	// EventDropped: the copies of UIDs, rows kept only on this device,
	// were deleted from it.
	EventDropped
)

var eventNames = [...]string{"list-changed", "progress", "connected", "reconnecting", "problem", "deleted", "delete-failed", "delete-queued", "hidden", "dropped"}

func (k EventKind) String() string {
	if k >= 0 && int(k) < len(eventNames) {
		return eventNames[k]
	}
	return "EventKind(?)"
}

// Event tells the UI of a change. Which fields are set depends on Kind.
type Event struct {
	Kind        EventKind
	Done, Total int           // EventProgress
	UIDs        []string      // EventDeleted, EventDeleteFailed, EventDeleteQueued, EventHidden, EventDropped
	Attempt     int           // EventReconnecting, from 1
	Delay       time.Duration // EventReconnecting
	Problem     *Problem      // EventReconnecting, EventProblem, EventDeleteFailed, EventDeleteQueued
}

// events delivers Events to Options.OnChange in order, one at a time, from
// a goroutine of its own, so that a slow callback never holds up the
// network and an emitter never waits for the UI.
type events struct {
	q serial[Event] // nil do: nobody listens
}

func (e *events) emit(ev Event) {
	if e.q.do != nil {
		e.q.push(ev)
	}
}

// stop drops undelivered events and refuses new ones.
func (e *events) stop() { e.q.drop() }

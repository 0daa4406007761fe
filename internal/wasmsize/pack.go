package wasmsize

import (
	"encoding/binary"
	"errors"
	"slices"
)

// ErrUnsupported is the error PackData returns for a module whose data
// it does not rewrite: segments other than active ones at constant
// offsets in memory 0, or overlapping segments.
var ErrUnsupported = errors.New("wasmsize: data segments of a kind PackData does not rewrite")

// segment is an active data segment: bytes written at off when the
// module is instantiated.
type segment struct {
	off  int
	data []byte
}

// PackData returns the module with its data segments merged wherever
// the zeros between two of them number at most maxGap: the gap becomes
// zeros inside one segment. A data count section, if any, gets the new
// number of segments; the rest of the module is copied unchanged.
//
// Why: the Go linker cuts its data into up to 100,000 segments at every
// run of 8 zero bytes or more, to keep the raw module small. Each cut
// costs a header of about 8 bytes whose offset brotli cannot predict,
// while a run of zeros costs brotli almost nothing; merged, app.wasm is
// larger raw and about 120 KB smaller as served. The module means the
// same: an active segment writes into fresh memory, which is zero
// already, so writing the gap's zeros too changes no byte of the memory
// the program starts with (MemoryImage checks that).
func PackData(b []byte, maxGap int) ([]byte, error) {
	if _, err := Parse(b); err != nil {
		return nil, err
	}
	segs, _, err := dataOf(b)
	if err != nil {
		return nil, err
	}
	merged := merge(segs, maxGap)
	out := append(make([]byte, 0, len(b)+len(b)/8), magic...)
	r := &reader{b: b[len(magic):], off: len(magic)}
	for len(r.b) > 0 {
		start := r.off
		id := r.byte()
		r.bytes(r.uleb())
		switch id {
		case sectionData:
			out = appendSection(out, sectionData, appendSegments(nil, merged))
		case sectionDataCount:
			out = appendSection(out, sectionDataCount, binary.AppendUvarint(nil, uint64(len(merged))))
		default:
			out = append(out, b[start:r.off]...)
		}
	}
	return out, nil
}

// dataOf returns the module's data segments and the count of its data
// count section, or -1 without one. A count that is not the number of
// segments (an invalid module) is ErrUnsupported.
//
// The data count section (§5.5.16) comes with the bulk memory
// instructions: binaryen's wasm-opt writes it, the Go linker does not.
// It only announces the number of segments, for memory.init and
// data.drop, which name segments by index; those instructions are for
// passive segments, which readSegments refuses, so with active segments
// alone the count can follow the merge. (Were an optimizer to drop an
// active segment by index anyway, the merged module would name a
// segment it no longer has, which engines refuse to compile: a loud
// failure, never a changed memory.)
func dataOf(b []byte) (segs []segment, count int, err error) {
	count = -1
	r := &reader{b: b[len(magic):], off: len(magic)}
	for len(r.b) > 0 && err == nil {
		id := r.byte()
		sec := r.bytes(r.uleb())
		switch id {
		case sectionData:
			segs, err = readSegments(sec)
		case sectionDataCount:
			count = sec.uleb()
		}
	}
	if err == nil && count >= 0 && count != len(segs) {
		err = ErrUnsupported
	}
	return segs, count, err
}

// readSegments reads a data section whose segments are all active, in
// memory 0, at i32.const offsets: what the Go linker writes.
func readSegments(r *reader) ([]segment, error) {
	n := r.uleb()
	var segs []segment
	for i := 0; i < n && r.err == nil; i++ {
		if r.uleb() != 0 || r.byte() != 0x41 {
			return nil, ErrUnsupported
		}
		off := r.sleb()
		if r.byte() != 0x0b || off < 0 {
			return nil, ErrUnsupported
		}
		segs = append(segs, segment{off: off, data: r.bytes(r.uleb()).b})
	}
	if r.err != nil {
		return nil, r.err
	}
	return segs, nil
}

// merge sorts the segments by offset and joins neighbours whose gap is
// at most maxGap bytes.
func merge(segs []segment, maxGap int) []segment {
	segs = slices.Clone(segs)
	slices.SortStableFunc(segs, func(a, b segment) int { return a.off - b.off })
	var out []segment
	for _, s := range segs {
		if k := len(out) - 1; k >= 0 {
			end := out[k].off + len(out[k].data)
			if gap := s.off - end; gap >= 0 && gap <= maxGap {
				out[k].data = append(append(out[k].data, make([]byte, gap)...), s.data...)
				continue
			}
		}
		out = append(out, segment{off: s.off, data: slices.Clone(s.data)})
	}
	return out
}

func appendSegments(b []byte, segs []segment) []byte {
	b = binary.AppendUvarint(b, uint64(len(segs)))
	for _, s := range segs {
		b = append(b, 0x00, 0x41) // active in memory 0; i32.const
		b = appendSleb(b, int64(s.off))
		b = append(b, 0x0b) // end
		b = binary.AppendUvarint(b, uint64(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}

func appendSection(b []byte, id byte, body []byte) []byte {
	b = append(b, id)
	b = binary.AppendUvarint(b, uint64(len(body)))
	return append(b, body...)
}

// appendSleb writes a signed LEB128 number (§5.2.2).
func appendSleb(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// MemoryImage returns the bytes that the module's active data segments
// write into fresh memory (up to the end of the last one), or
// ErrUnsupported. Two modules with the same image start their programs
// with the same memory: the check that PackData changed nothing.
// Overlapping segments are refused, since their order would matter.
func MemoryImage(b []byte) ([]byte, error) {
	if _, err := Parse(b); err != nil {
		return nil, err
	}
	segs, _, err := dataOf(b)
	if err != nil {
		return nil, err
	}
	segs = merge(segs, 0) // sorted; touching ones joined
	var img []byte
	for _, s := range segs {
		if s.off < len(img) {
			return nil, ErrUnsupported
		}
		img = append(append(img, make([]byte, s.off-len(img))...), s.data...)
	}
	return img, nil
}

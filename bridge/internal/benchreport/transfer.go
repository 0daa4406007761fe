//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"time"

	"github.com/poppymail/poppy/internal/measure"
)

// msgSize is how much the client sends per WebSocket message (and per
// write on TCP): the bridge's own chunk towards the browser, and half its
// default -max-message-size.
const msgSize = 32 << 10

const transferTimeout = 60 * time.Second

func dialPath(p path) (endpoint, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ep, err := p.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.name, err)
	}
	return ep, nil
}

func header(cmd byte, n int64) []byte {
	h := make([]byte, 9)
	h[0] = cmd
	binary.BigEndian.PutUint64(h[1:], uint64(n))
	return h
}

// timing is one transfer: its time, and the CPU time used meanwhile by the
// relay and by this process (client and target).
type timing struct {
	took, relayCPU, localCPU time.Duration
}

type cpuMeter struct {
	p             path
	relay0, self0 time.Duration
}

func startCPU(p path) cpuMeter {
	m := cpuMeter{p: p, self0: procCPU(os.Getpid())}
	if p.relayCPU != nil {
		m.relay0 = p.relayCPU()
	}
	return m
}

func (m cpuMeter) stop(took time.Duration) timing {
	t := timing{took: took, localCPU: procCPU(os.Getpid()) - m.self0}
	if m.p.relayCPU != nil {
		t.relayCPU = m.p.relayCPU() - m.relay0
	}
	return t
}

// upload times n bytes of data from the client to the sink, from the first
// byte sent to the last byte received, and checks them.
func upload(p path, t *target, data []byte, wantCRC uint32) (timing, error) {
	ep, err := dialPath(p)
	if err != nil {
		return timing{}, err
	}
	defer ep.close()
	for len(t.results) > 0 { // a result left over from a failed run
		<-t.results
	}
	watchdog := time.AfterFunc(transferTimeout, ep.close)
	defer watchdog.Stop()
	n := int64(len(data))
	cpu := startCPU(p)
	start := time.Now()
	if err := ep.send(header(cmdUpload, n)); err != nil {
		return timing{}, fmt.Errorf("%s: upload: %w", p.name, err)
	}
	for off := 0; off < len(data); off += msgSize {
		if err := ep.send(data[off:min(off+msgSize, len(data))]); err != nil {
			return timing{}, fmt.Errorf("%s: upload: %w", p.name, err)
		}
	}
	var r sinkResult
	if p.selfSink {
		var res [12]byte
		r.err = readFull(ep, res[:])
		r.end = time.Now()
		r.n = int64(binary.BigEndian.Uint64(res[:]))
		r.crc = binary.BigEndian.Uint32(res[8:])
	} else {
		select {
		case r = <-t.results:
		case <-time.After(transferTimeout):
			return timing{}, fmt.Errorf("%s: upload: the target got no end of the data", p.name)
		}
	}
	tm := cpu.stop(r.end.Sub(start))
	if r.n != n || r.crc != wantCRC {
		return timing{}, fmt.Errorf("%s: upload: the sink received %d bytes with CRC-32C %08x, want %d bytes with %08x (err %v)", p.name, r.n, r.crc, n, wantCRC, r.err)
	}
	return tm, nil
}

// download times n bytes from the source to the client, from the request
// to the last byte, and checks them.
func download(p path, n int64, wantCRC uint32) (timing, error) {
	ep, err := dialPath(p)
	if err != nil {
		return timing{}, err
	}
	defer ep.close()
	watchdog := time.AfterFunc(transferTimeout, ep.close)
	defer watchdog.Stop()
	buf := make([]byte, 256<<10)
	var got int64
	var crc uint32
	cpu := startCPU(p)
	start := time.Now()
	if err := ep.send(header(cmdDownload, n)); err != nil {
		return timing{}, fmt.Errorf("%s: download: %w", p.name, err)
	}
	for got < n {
		k, err := ep.recv(buf[:min(int64(len(buf)), n-got)])
		crc = crc32.Update(crc, castagnoli, buf[:k])
		got += int64(k)
		if err != nil && got < n {
			return timing{}, fmt.Errorf("%s: download: after %d of %d bytes: %w", p.name, got, n, err)
		}
	}
	tm := cpu.stop(time.Since(start))
	if crc != wantCRC {
		return timing{}, fmt.Errorf("%s: download: CRC-32C %08x, want %08x", p.name, crc, wantCRC)
	}
	return tm, nil
}

type throughputReport struct {
	size     int64
	names    []string
	up, down [][]timing // [path][rep]
}

// measureThroughput runs reps rounds; in each, every path moves the data
// up and then down, in an order that rotates from round to round.
func measureThroughput(paths []path, t *target, data []byte, reps int) (*throughputReport, error) {
	want := crc32.Checksum(data, castagnoli)
	rep := &throughputReport{size: int64(len(data)), up: make([][]timing, len(paths)), down: make([][]timing, len(paths))}
	for _, p := range paths {
		rep.names = append(rep.names, p.name)
	}
	// Warm-up, untimed: a smaller transfer each way on every path
	// (websockify forks, the Go runtimes size their heaps).
	warm := data[:min(len(data), 16<<20)]
	warmCRC := crc32.Checksum(warm, castagnoli)
	for _, p := range paths {
		if _, err := upload(p, t, warm, warmCRC); err != nil {
			return nil, err
		}
		if _, err := download(p, int64(len(warm)), warmCRC); err != nil {
			return nil, err
		}
	}
	for i := range reps {
		for k := range paths {
			j := (i + k) % len(paths)
			d, err := upload(paths[j], t, data, want)
			if err != nil {
				return nil, err
			}
			rep.up[j] = append(rep.up[j], d)
		}
		for k := range paths {
			j := (i + k + 1) % len(paths)
			d, err := download(paths[j], int64(len(data)), want)
			if err != nil {
				return nil, err
			}
			rep.down[j] = append(rep.down[j], d)
		}
		var b bytes.Buffer
		for j := range paths {
			fmt.Fprintf(&b, "; %s ↑%s ↓%s", paths[j].name, mbps(rep.size, rep.up[j][i].took), mbps(rep.size, rep.down[j][i].took))
		}
		measure.Logf("throughput round %d/%d%s", i+1, reps, b.String())
	}
	return rep, nil
}

// ---- round-trip latency ----

const pingSize = 64

// pingPong sends n messages of pingSize bytes to the echo target, each
// after the previous one came back whole, and returns every round trip.
func pingPong(p path, n int) ([]time.Duration, error) {
	ep, err := dialPath(p)
	if err != nil {
		return nil, err
	}
	defer ep.close()
	watchdog := time.AfterFunc(transferTimeout, ep.close)
	defer watchdog.Stop()
	if err := ep.send([]byte{cmdEcho}); err != nil {
		return nil, err
	}
	msg := make([]byte, pingSize)
	buf := make([]byte, pingSize)
	const warm = 100
	rtts := make([]time.Duration, 0, n)
	for i := range warm + n {
		binary.BigEndian.PutUint64(msg, uint64(i))
		start := time.Now()
		if err := ep.send(msg); err != nil {
			return nil, fmt.Errorf("%s: ping %d: %w", p.name, i, err)
		}
		if err := readFull(ep, buf); err != nil {
			return nil, fmt.Errorf("%s: pong %d: %w", p.name, i, err)
		}
		d := time.Since(start)
		if !bytes.Equal(buf, msg) {
			return nil, fmt.Errorf("%s: pong %d differs from its ping", p.name, i)
		}
		if i >= warm {
			rtts = append(rtts, d)
		}
	}
	return rtts, nil
}

type latencyReport struct {
	names  []string
	rounds int
	rtts   [][]time.Duration // [path], all rounds pooled
}

func measureLatency(paths []path, n, rounds int) (*latencyReport, error) {
	rep := &latencyReport{rounds: rounds, rtts: make([][]time.Duration, len(paths))}
	for _, p := range paths {
		rep.names = append(rep.names, p.name)
	}
	for i := range rounds {
		for k := range paths {
			j := (i + k) % len(paths)
			r, err := pingPong(paths[j], n)
			if err != nil {
				return nil, err
			}
			rep.rtts[j] = append(rep.rtts[j], r...)
		}
	}
	for j, p := range paths {
		measure.Logf("latency %s: p50 %v, p99 %v", p.name, percentile(rep.rtts[j], 50), percentile(rep.rtts[j], 99))
	}
	return rep, nil
}

package grpcadapter

import (
	"io"
	"net"
	"testing"
	"time"
)

// TestIdleConnections_areClosed: a client that connects and never sends the
// HTTP/2 preface, and one that completes the handshake and then makes no
// call, are both disconnected by the server, so idle connections cannot
// pile up (each costs memory and a file descriptor).
func TestIdleConnections_areClosed(t *testing.T) {
	f := newFixtureWith(t, func(c *Config) {
		// MaxConnectionIdle only asks a client to leave (GOAWAY); the
		// unanswered keepalive ping is what closes a client that stays.
		c.HandshakeTimeout, c.KeepaliveTime, c.MaxConnectionIdle = 300*time.Millisecond, 300*time.Millisecond, time.Minute
	})
	addr := f.conn.Target()
	const preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
	settings := []byte{0, 0, 0, 4, 0, 0, 0, 0, 0}
	for name, hello := range map[string][]byte{
		"silent":             nil,
		"handshake, no call": append([]byte(preface), settings...),
	} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if hello != nil {
			if _, err := c.Write(hello); err != nil {
				t.Fatal(err)
			}
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		_, err = io.Copy(io.Discard, c) // returns when the server closes
		c.Close()
		if err != nil {
			t.Errorf("%s connection: still open after %v: %v", name, time.Since(start).Round(time.Millisecond), err)
		}
	}
}

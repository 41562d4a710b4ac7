package emulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// shutdownGrace bounds how long Close waits for in-flight requests.
const shutdownGrace = 5 * time.Second

// Server is an Emulator served over HTTP on a loopback address.
type Server struct {
	*Emulator
	listener net.Listener
	server   *http.Server
}

// Start serves a new Emulator on 127.0.0.1 with a free port.
func Start(opts Options) (*Server, error) {
	return StartAt("127.0.0.1:0", opts)
}

// StartAt serves a new Emulator on addr, whose host must be a loopback IP or
// "localhost": the admin API needs no key and the emulator is not hardened.
func StartAt(addr string, opts Options) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("emulator address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("emulator address %q: the host must be a loopback IP or localhost", addr)
	}
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		Emulator: New(opts),
		listener: l,
	}
	s.server = &http.Server{
		Handler:           s.Emulator,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, state http.ConnState) {
			if state == http.StateNew {
				s.countConnection()
			}
		},
	}
	go func() { _ = s.server.Serve(l) }()
	return s, nil
}

// URL is the server's base URL, e.g. "http://127.0.0.1:8787".
func (s *Server) URL() string {
	return "http://" + s.listener.Addr().String()
}

// Close shuts the server down gracefully, cutting off requests still running
// after a few seconds.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := s.server.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return s.server.Close()
	}
	return err
}

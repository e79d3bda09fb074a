package main

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func healthCheck(ctx context.Context, conn *grpc.ClientConn) error {
	res, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		return err
	}
	if res.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		return errors.New("health: " + res.GetStatus().String())
	}
	return nil
}

// TestProcess_sigtermExitsCleanly runs the real binary: it writes the admin
// token file for its owner only, serves health, and exits 0 on SIGTERM
// within the drain timeout.
func TestProcess_sigtermExitsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "claimsd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	addr := freePort(t)
	tokenFile := filepath.Join(dir, "secrets", "admin.token")
	cmd := exec.Command(bin, "--listen", addr, "--http", "", "--db", filepath.Join(dir, "data", "ledger.db"),
		"--admin-token-file", tokenFile, "--drain-timeout", "3s", "--synchronous", "normal")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	serving := make(chan struct{})
	logs := make(chan string, 1)
	go func() {
		var b strings.Builder
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "claimsd serving") {
				close(serving)
			}
		}
		logs <- b.String()
	}()
	select {
	case <-serving:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("claimsd did not start:\n%s", <-logs)
	}

	fi, err := os.Stat(tokenFile)
	if err != nil {
		t.Fatalf("admin token file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("admin token file mode %v, want 0600", fi.Mode().Perm())
	}
	conn := dial(t, addr)
	defer conn.Close()
	if err := healthCheck(context.Background(), conn); err != nil {
		t.Errorf("health: %v", err)
	}

	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Wait closes the pipe: read it to the end first, then reap.
	type exit struct {
		err  error
		logs string
	}
	done := make(chan exit, 1)
	go func() {
		out := <-logs
		done <- exit{cmd.Wait(), out}
	}()
	select {
	case e := <-done:
		err, out := e.err, e.logs
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, out)
		}
		secret, _ := os.ReadFile(tokenFile)
		if s := strings.TrimSpace(string(secret)); s == "" || strings.Contains(out, s) {
			t.Errorf("the admin credential is empty or in the logs")
		}
		if !strings.Contains(out, tokenFile) || !strings.Contains(out, "claimsd stopped") {
			t.Errorf("logs miss the token file's path or the clean stop:\n%s", out)
		}
		t.Logf("exited %v after SIGTERM", time.Since(sent).Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("claimsd still running 10s after SIGTERM (drain timeout 3s)")
	}
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeAdminToken stores the first admin's credential so that only the
// file's owner can read it. It writes a temporary file in the same
// directory and renames it over path, so a crash leaves either the old file
// or the whole new one, never a truncated credential; the temporary file is
// created 0600, so the secret is never readable by others, not even
// briefly. An existing file is replaced: it can only be left over from an
// earlier database, since Bootstrap calls this only when no admin exists.
func writeAdminToken(path, credential string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("admin token file: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("admin token file: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	// CreateTemp makes 0600 files already; Chmod says so explicitly and
	// survives a change of that default.
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("admin token file: %w", err)
	}
	if _, err := f.WriteString(credential + "\n"); err != nil {
		return fmt.Errorf("admin token file: %w", err)
	}
	// The credential must be on disk before the admin is recorded in the
	// log, or a power cut could leave an admin nobody can log in as.
	if err := f.Sync(); err != nil {
		return fmt.Errorf("admin token file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("admin token file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("admin token file: %w", err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil { // make the rename durable too
		d.Sync()
		d.Close()
	}
	return nil
}

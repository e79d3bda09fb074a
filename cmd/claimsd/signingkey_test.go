package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSigningKey_createdOnceAt0600ThenReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "signing.key")
	key, created, err := loadSigningKey(path)
	if err != nil || !created {
		t.Fatalf("first load: created %v, %v", created, err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, st.Mode().Perm())
	}
	again, created, err := loadSigningKey(path)
	if err != nil || created || !again.Equal(key) {
		t.Fatalf("second load: created %v, same key %v, %v", created, again.Equal(key), err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadSigningKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key others may read: %v", err)
	}
	os.WriteFile(filepath.Join(filepath.Dir(path), "junk.key"), []byte("not a key"), 0o600)
	if _, _, err := loadSigningKey(filepath.Join(filepath.Dir(path), "junk.key")); err == nil {
		t.Error("junk loaded as a key")
	}
}

package media

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Folder keeps files in a folder on this machine (MEDIA_STORE=dir, the default): enough for one server, or
// for several that share the folder over a network file system.
type Folder struct {
	dir string
	// root confines every lookup to the folder, whatever a key holds (.., symlinks): keys come from requests
	// and from the database.
	root *os.Root
}

// NewFolder returns the files of dir, creating it if needed.
func NewFolder(dir string) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("media folder: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("media folder: %w", err)
	}
	return &Folder{dir: dir, root: root}, nil
}

// Dir is the folder.
func (f *Folder) Dir() string { return f.dir }

// Put writes aside and renames, so a reader never sees half a file. The key is written through the folder's
// root like every other, though only Store makes keys for Put.
func (f *Folder) Put(_ context.Context, key string, data []byte) error {
	name := filepath.FromSlash(key)
	if err := f.root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(name), ".upload-"+rand.Text())
	file, err := f.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer f.root.Remove(tmp) // gone already once renamed
	if _, err := file.Write(data); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	return f.root.Rename(tmp, name)
}

// Open opens the file under key; a folder is not a file.
func (f *Folder) Open(_ context.Context, key string) (io.ReadSeekCloser, Info, error) {
	file, err := f.root.Open(filepath.FromSlash(key))
	if err != nil {
		return nil, Info{}, err
	}
	st, err := file.Stat()
	if err == nil && st.IsDir() {
		err = &fs.PathError{Op: "open", Path: key, Err: fs.ErrNotExist}
	}
	if err != nil {
		file.Close()
		return nil, Info{}, err
	}
	return file, Info{Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Stat describes the file under key.
func (f *Folder) Stat(_ context.Context, key string) (Info, error) {
	st, err := f.root.Stat(filepath.FromSlash(key))
	if err != nil {
		return Info{}, err
	}
	if st.IsDir() {
		return Info{}, &fs.PathError{Op: "stat", Path: key, Err: fs.ErrNotExist}
	}
	return Info{Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Delete removes the file under key; one already gone is no error.
func (f *Folder) Delete(_ context.Context, key string) error {
	if err := f.root.Remove(filepath.FromSlash(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

package media

import (
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handler serves GET /media/{path...} from the store's folder. os.Root confines every lookup to the folder,
// whatever the path holds (.., symlinks). Names are content hashes, so a file never changes: clients may keep
// it for a year, and its ETag is its name.
func (s *Store) Handler() (http.Handler, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return nil, err
	}
	return web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		p := r.PathValue("path")
		if p == "" || strings.HasPrefix(path.Base(p), ".") {
			return errNoFile
		}
		f, err := root.Open(p)
		if err != nil {
			return errNoFile
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || st.IsDir() {
			return errNoFile
		}
		name := path.Base(p)
		w.Header().Set("ETag", `"`+strings.TrimSuffix(name, path.Ext(name))+`"`)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, name, st.ModTime(), f)
		return nil
	}), nil
}

var errNoFile = apperr.New(apperr.NotFound, "not_found", "no such file")

package media

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handler serves GET /media/{path...} from the store's folder or bucket, streamed. Only files of the store are
// reachable, whatever the path holds (.., symlinks): a folder looks up through os.Root, a bucket takes clean
// keys only. Names are content hashes, so a file never changes: clients may keep it for a year, and its ETag
// is its name, the same from every server and either kind of store.
func (s *Store) Handler() http.Handler {
	return web.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		p := r.PathValue("path")
		if p == "" || strings.HasPrefix(path.Base(p), ".") {
			return errNoFile
		}
		f, info, err := s.files.Open(r.Context(), p)
		if err != nil {
			if errors.Is(err, ErrUnavailable) {
				return fmt.Errorf("%w: %w", errUnavailable, err) // 503; the cause goes to the request's log line
			}
			return errNoFile
		}
		defer f.Close()
		name := path.Base(p)
		w.Header().Set("ETag", `"`+strings.TrimSuffix(name, path.Ext(name))+`"`)
		w.Header().Set("Cache-Control", cacheControl)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, name, info.ModTime, f) // Content-Type from the name's extension
		return nil
	})
}

var errNoFile = apperr.New(apperr.NotFound, "not_found", "no such file")

var errUnavailable = &apperr.Error{Kind: apperr.Unavailable, Code: "media_unavailable",
	Message: "pictures cannot be read right now; try again shortly", RetryAfter: 5 * time.Second}

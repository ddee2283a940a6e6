package panel

import (
	"context"
	"crypto/subtle"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/mekhaishuby/furstore/internal/media"
)

// Uploads are read as a stream, as the API's picture route reads them: nothing goes to disk, and at most one
// picture file (media.MaxUploadBytes) is in memory at a time. The form's token must be its first part (the
// form puts its hidden field first), so it is checked before a byte of any file is read.

const (
	maxUploadFiles = 10
	// maxUploadBody bounds a whole upload: maxUploadFiles pictures of the largest size, and the form around them.
	maxUploadBody = maxUploadFiles*media.MaxUploadBytes + 64<<10
)

type uploadKey struct{}

// uploadFrom is the multipart body of a form staffOnly let through, positioned after its token.
func uploadFrom(ctx context.Context) (*multipart.Reader, bool) {
	mr, ok := ctx.Value(uploadKey{}).(*multipart.Reader)
	return mr, ok
}

// multipartToken reads a multipart/form-data body's first part, which must be the form's token, and returns
// the body's reader after it; ok is false when the body is not multipart.
func multipartToken(w http.ResponseWriter, r *http.Request) (mr *multipart.Reader, token string, ok bool) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, "", false
	}
	mr = multipart.NewReader(http.MaxBytesReader(w, r.Body, maxUploadBody), params["boundary"])
	r.Body = http.NoBody // read only through mr: a page that parses a form finds none
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "csrf" {
		return mr, "", true
	}
	b, _ := io.ReadAll(io.LimitReader(part, 100))
	return mr, string(b), true
}

// sameToken compares a form's token with the session's in constant time.
func sameToken(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

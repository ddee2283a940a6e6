package catalog

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/media"
)

// uploadLimit caps an upload's whole body: the largest picture file, plus room for the multipart framing and a
// few small fields beside the file.
const uploadLimit = media.MaxUploadBytes + 64<<10

var (
	errNotMultipart = apperr.New(apperr.Unsupported, "unsupported_media_type",
		`send the picture as multipart/form-data, in the field "file"`)
	errNoFile = apperr.Field("required", "file", `attach the picture as the multipart field "file"`)
)

// readPicture reads the first part named "file" of a multipart/form-data body into memory, at most
// media.MaxUploadBytes of it. The body is streamed: nothing goes to disk, the other parts are skipped, and
// reading stops at the limit, so a huge upload costs neither memory nor disk. The part's file name and
// Content-Type are never used: the picture is judged by its bytes alone.
func readPicture(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, errNotMultipart
	}
	if params["boundary"] == "" {
		return nil, malformed("the Content-Type names no boundary")
	}
	if r.ContentLength > uploadLimit {
		return nil, errFileTooLarge // refused before a byte of it is read
	}
	mr := multipart.NewReader(http.MaxBytesReader(w, r.Body, uploadLimit), params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, errNoFile
		}
		if err != nil {
			return nil, readError(err)
		}
		// Part.FormName would take a malformed Content-Disposition for a part without a name.
		_, disp, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if err != nil {
			return nil, malformed("a part's Content-Disposition is malformed")
		}
		if disp["name"] != "file" {
			continue // NextPart skips what is left of it
		}
		data, err := io.ReadAll(io.LimitReader(part, media.MaxUploadBytes+1))
		if err != nil {
			return nil, readError(err)
		}
		if len(data) > media.MaxUploadBytes {
			return nil, errFileTooLarge
		}
		return data, nil
	}
}

func readError(err error) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return errFileTooLarge
	}
	return malformed("the body could not be read as multipart/form-data: " + err.Error())
}

func malformed(message string) error {
	return apperr.New(apperr.Invalid, "malformed_multipart", message)
}

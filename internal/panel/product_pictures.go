package panel

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/media"
)

// picturesSection is the product page's pictures: in their order, the first the main one.
type picturesSection struct {
	Items    []catalog.StaffPicture
	Uploaded int
	Errors   []string // one line per file refused, or about the whole upload
}

// uploadPictures serves POST /admin/products/{id}/pictures: the files of the multipart field "files", each
// through the same service (and so the same checks and limits) as POST /api/admin/products/{id}/images. Each
// file is its own upload: the good ones are kept, each refused one is named with the reason.
func (p *Panel) uploadPictures(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	pr, err := p.loadProduct(r)
	if err != nil {
		return err
	}
	mr, ok := uploadFrom(r.Context())
	if !ok {
		return p.refusedPictures(w, r, pr, picturesSection{Errors: []string{"Выберите файлы фотографий и нажмите «Загрузить»."}})
	}
	var sec picturesSection
	files := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			sec.Errors = append(sec.Errors, uploadProblem(err))
			break
		}
		if part.FormName() != "files" || part.FileName() == "" {
			continue // no file chosen: the browser sends an empty part
		}
		if files++; files > maxUploadFiles {
			sec.Errors = append(sec.Errors, "За один раз — не больше "+strconv.Itoa(maxUploadFiles)+" фотографий; остальные не загружены.")
			break
		}
		name := part.FileName()
		data, err := io.ReadAll(io.LimitReader(part, media.MaxUploadBytes+1))
		if err != nil {
			sec.Errors = append(sec.Errors, name+": "+uploadProblem(err))
			break
		}
		if len(data) > media.MaxUploadBytes {
			sec.Errors = append(sec.Errors, name+": "+lowerFirst(codeMessage(&errTooLargeFile)))
			continue
		}
		if _, err := p.catalog.UploadPicture(r.Context(), s.session.User, pr.ID, data); err != nil {
			refused, ok := refusal(err)
			if !ok {
				return err
			}
			sec.Errors = append(sec.Errors, name+": "+lowerFirst(refused.Message))
			continue
		}
		sec.Uploaded++
	}
	if files == 0 && len(sec.Errors) == 0 {
		sec.Errors = []string{"Выберите файлы фотографий и нажмите «Загрузить»."}
	}
	if len(sec.Errors) > 0 {
		if pr, err = p.catalog.Product(r.Context(), pr.ID); err != nil { // with the pictures that did go in
			return err
		}
		return p.refusedPictures(w, r, pr, sec)
	}
	http.Redirect(w, r, productURL(pr.ID)+"?done=pictures#pictures", http.StatusSeeOther)
	return nil
}

// errTooLargeFile is a file over the API's limit, found while it is read.
var errTooLargeFile = apperr.Error{Kind: apperr.TooLarge, Code: "file_too_large"}

// uploadProblem says why an upload could not be read: too large as a whole, or cut off.
func uploadProblem(err error) string {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return "загрузка слишком большая: не больше " + strconv.Itoa(maxUploadFiles) + " фотографий по 10 МБ за раз."
	}
	return "файл не дошёл целиком — попробуйте ещё раз."
}

// movePicture serves POST /admin/products/{id}/pictures/{picture}/move (to=main|up|down): a new order of the
// product's pictures through the same service as PUT /api/admin/products/{id}/images.
func (p *Panel) movePicture(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	pr, i, err := p.loadPicture(r)
	if err != nil {
		return err
	}
	ids := make([]int64, len(pr.Images))
	for k, pic := range pr.Images {
		ids[k] = pic.ID
	}
	id := ids[i]
	ids = slices.Delete(ids, i, i+1)
	switch r.PostFormValue("to") {
	case "main":
		i = 0
	case "up":
		i = max(i-1, 0)
	case "down":
		i = min(i+1, len(ids))
	}
	ids = slices.Insert(ids, i, id)
	if _, err := p.catalog.ArrangePictures(r.Context(), s.session.User, pr.ID, ids); err != nil {
		return p.pictureRefused(w, r, pr, err)
	}
	http.Redirect(w, r, productURL(pr.ID)+"?done=arranged#pictures", http.StatusSeeOther)
	return nil
}

// deletePicture serves POST /admin/products/{id}/pictures/{picture}/delete, as DELETE
// /api/admin/products/{id}/images/{image_id}.
func (p *Panel) deletePicture(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	pr, i, err := p.loadPicture(r)
	if err != nil {
		return err
	}
	if err := p.catalog.DeletePicture(r.Context(), s.session.User, pr.ID, pr.Images[i].ID); err != nil {
		return p.pictureRefused(w, r, pr, err)
	}
	http.Redirect(w, r, productURL(pr.ID)+"?done=picture-del#pictures", http.StatusSeeOther)
	return nil
}

func (p *Panel) pictureRefused(w http.ResponseWriter, r *http.Request, pr catalog.Product, err error) error {
	refused, ok := refusal(err)
	if !ok {
		return err
	}
	return p.refusedPictures(w, r, pr, picturesSection{Errors: []string{refused.Message}})
}

func (p *Panel) refusedPictures(w http.ResponseWriter, r *http.Request, pr catalog.Product, sec picturesSection) error {
	return p.showProduct(w, r, http.StatusUnprocessableEntity, productPage{Product: &pr, Form: productFormOf(pr), Pictures: sec})
}

// loadPicture is the path's product and the index of its picture {picture}; another product's is the 404 page.
func (p *Panel) loadPicture(r *http.Request) (catalog.Product, int, error) {
	pr, err := p.loadProduct(r)
	if err != nil {
		return pr, 0, err
	}
	id, _ := strconv.ParseInt(r.PathValue("picture"), 10, 64)
	i := slices.IndexFunc(pr.Images, func(pic catalog.StaffPicture) bool { return pic.ID == id })
	if i < 0 {
		return pr, 0, errNotFound
	}
	return pr, i, nil
}

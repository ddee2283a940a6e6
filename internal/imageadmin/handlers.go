package imageadmin

import (
	"net/http"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handlers serve the back office routes; httpapi puts every one behind account.RequireStaff.
type Handlers struct {
	svc      *Service
	mediaURL string // MEDIA_URL; empty = this server's /media/
}

// NewHandlers returns the handlers. mediaURL is MEDIA_URL (may be empty), as the public catalog has it.
func NewHandlers(svc *Service, mediaURL string) *Handlers {
	return &Handlers{svc: svc, mediaURL: mediaURL}
}

// Upload serves POST /api/admin/products/{id}/images: the picture in the multipart field "file".
func (h *Handlers) Upload(w http.ResponseWriter, r *http.Request) error {
	productID, err := web.PathID(r, "id", errProductNotFound)
	if err != nil {
		return err
	}
	data, err := readPicture(w, r)
	if err != nil {
		return err
	}
	actor, _ := account.UserFrom(r.Context())
	img, err := h.svc.Upload(r.Context(), actor, productID, data)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, newImageJSON(img, catalog.MediaBase(r, h.mediaURL)))
	return nil
}

// arrangeBody is the body of PUT /api/admin/products/{id}/images.
type arrangeBody struct {
	Order *[]int64 `json:"order"`
}

// Arrange serves PUT /api/admin/products/{id}/images {"order":[ids…]}: the main picture first.
func (h *Handlers) Arrange(w http.ResponseWriter, r *http.Request) error {
	productID, err := web.PathID(r, "id", errProductNotFound)
	if err != nil {
		return err
	}
	var b arrangeBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	if b.Order == nil {
		return apperr.Field("required", "order", "list the ids of all the product's pictures, the main one first")
	}
	actor, _ := account.UserFrom(r.Context())
	images, err := h.svc.Arrange(r.Context(), actor, productID, *b.Order)
	if err != nil {
		return err
	}
	media := catalog.MediaBase(r, h.mediaURL)
	out := imagesJSON{Images: make([]imageJSON, len(images))}
	for i, img := range images {
		out.Images[i] = newImageJSON(img, media)
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// Delete serves DELETE /api/admin/products/{id}/images/{image_id}.
func (h *Handlers) Delete(w http.ResponseWriter, r *http.Request) error {
	productID, err := web.PathID(r, "id", errProductNotFound)
	if err != nil {
		return err
	}
	imageID, err := web.PathID(r, "image_id", errImageNotFound)
	if err != nil {
		return err
	}
	actor, _ := account.UserFrom(r.Context())
	if err := h.svc.Delete(r.Context(), actor, productID, imageID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// imageJSON is a picture in the back office's answers, with absolute URLs.
type imageJSON struct {
	ID       int64   `json:"id"`
	URL      string  `json:"url"`
	CardURL  *string `json:"card_url"`  // null for an imported picture, which has no variants
	ThumbURL *string `json:"thumb_url"` // likewise
	Position int     `json:"position"`
	IsMain   bool    `json:"is_main"`
	Width    int     `json:"width,omitempty"` // of the original; in the answer to an upload only
	Height   int     `json:"height,omitempty"`
}

type imagesJSON struct {
	Images []imageJSON `json:"images"`
}

func newImageJSON(img Image, media string) imageJSON {
	url := func(path string) *string {
		if path == "" {
			return nil
		}
		u := media + path
		return &u
	}
	return imageJSON{ID: img.ID, URL: media + img.Path, CardURL: url(img.CardPath), ThumbURL: url(img.ThumbPath),
		Position: img.Position, IsMain: img.IsMain, Width: img.Width, Height: img.Height}
}

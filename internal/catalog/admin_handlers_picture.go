package catalog

import (
	"net/http"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/web"
)

// UploadPicture serves POST /api/admin/products/{id}/images: the picture in the multipart field "file".
func (h *AdminHandlers) UploadPicture(w http.ResponseWriter, r *http.Request) error {
	productID, err := web.PathID(r, "id", ErrProductNotFound)
	if err != nil {
		return err
	}
	data, err := readPicture(w, r)
	if err != nil {
		return err
	}
	pic, err := h.admin.UploadPicture(r.Context(), actor(r), productID, data)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, newStaffPictureJSON(pic, h.mediaBase(r)))
	return nil
}

// arrangeBody is the body of PUT /api/admin/products/{id}/images.
type arrangeBody struct {
	Order *[]int64 `json:"order"`
}

// ArrangePictures serves PUT /api/admin/products/{id}/images {"order":[ids…]}: the main picture first.
func (h *AdminHandlers) ArrangePictures(w http.ResponseWriter, r *http.Request) error {
	productID, err := web.PathID(r, "id", ErrProductNotFound)
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
	pics, err := h.admin.ArrangePictures(r.Context(), actor(r), productID, *b.Order)
	if err != nil {
		return err
	}
	media := h.mediaBase(r)
	out := staffPicturesJSON{Images: make([]staffPictureJSON, len(pics))}
	for i, pic := range pics {
		out.Images[i] = newStaffPictureJSON(pic, media)
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// DeletePicture serves DELETE /api/admin/products/{id}/images/{image_id}.
func (h *AdminHandlers) DeletePicture(w http.ResponseWriter, r *http.Request) error {
	productID, err := web.PathID(r, "id", ErrProductNotFound)
	if err != nil {
		return err
	}
	pictureID, err := web.PathID(r, "image_id", errPictureNotFound)
	if err != nil {
		return err
	}
	if err := h.admin.DeletePicture(r.Context(), actor(r), productID, pictureID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// staffPictureJSON is a picture in the picture routes' answers, with absolute URLs.
type staffPictureJSON struct {
	ID       int64   `json:"id"`
	URL      string  `json:"url"`
	CardURL  *string `json:"card_url"`  // null for a picture imported before variants were made at import
	ThumbURL *string `json:"thumb_url"` // likewise
	Position int     `json:"position"`
	IsMain   bool    `json:"is_main"`
	Width    int     `json:"width,omitempty"` // of the original; left out while unknown (stored before sizes were)
	Height   int     `json:"height,omitempty"`
}

type staffPicturesJSON struct {
	Images []staffPictureJSON `json:"images"`
}

func newStaffPictureJSON(pic StaffPicture, media string) staffPictureJSON {
	url := func(path string) *string {
		if path == "" {
			return nil
		}
		u := media + path
		return &u
	}
	return staffPictureJSON{ID: pic.ID, URL: media + pic.Path, CardURL: url(pic.CardPath), ThumbURL: url(pic.ThumbPath),
		Position: pic.Position, IsMain: pic.IsMain, Width: pic.Width, Height: pic.Height}
}

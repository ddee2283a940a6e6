package catalog

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Picture is one of a product's pictures as public answers show it (the back office manages a StaffPicture).
// Path is the original's, under the media folder; CardPath and ThumbPath are its variants, nil while they are
// not made (a picture imported before they were, until `furstore pictures`); Width and Height are the
// original's size in pixels, nil while unknown; Alt is its alternative text, never empty (see pictureAlt).
type Picture struct {
	Path                string
	CardPath, ThumbPath *string
	Width, Height       *int32
	Alt                 string
}

// PictureJSON is a picture as the API writes it, with absolute URLs. CardURL and ThumbURL are URL while the
// variant is missing, so a storefront always has something to show in each place.
type PictureJSON struct {
	URL      string `json:"url"`
	CardURL  string `json:"card_url"`
	ThumbURL string `json:"thumb_url"`
	Width    *int32 `json:"width"`
	Height   *int32 `json:"height"`
	Alt      string `json:"alt"`
}

// NewPictureJSON renders a picture; mediaBase is the base URL of pictures (see MediaBase).
func NewPictureJSON(p Picture, mediaBase string) PictureJSON {
	out := PictureJSON{URL: mediaBase + p.Path, Width: p.Width, Height: p.Height, Alt: p.Alt}
	out.CardURL, out.ThumbURL = out.URL, out.URL
	if p.CardPath != nil {
		out.CardURL = mediaBase + *p.CardPath
	}
	if p.ThumbPath != nil {
		out.ThumbURL = mediaBase + *p.ThumbPath
	}
	return out
}

// pictureAlt is the alternative text of a product's nth picture (counting from 1): what staff set, else the
// product's name, followed by « — фото n» from the second picture on, so no two pictures of a card read alike.
func pictureAlt(set *string, name string, n int) string {
	switch {
	case set != nil:
		return *set
	case n > 1:
		return name + " — фото " + strconv.Itoa(n)
	}
	return name
}

// storedPicture is a picture as the queries give it in JSON (GetActiveProduct).
type storedPicture struct {
	Path      string  `json:"path"`
	CardPath  *string `json:"card_path"`
	ThumbPath *string `json:"thumb_path"`
	Width     *int32  `json:"width"`
	Height    *int32  `json:"height"`
	Alt       *string `json:"alt"`
}

// picturesOf reads a product's pictures, in order, from their JSON as the queries give it.
func picturesOf(data []byte, productName string) ([]Picture, error) {
	var stored []storedPicture
	if err := json.Unmarshal(data, &stored); err != nil {
		return nil, fmt.Errorf("pictures: %w", err)
	}
	out := make([]Picture, len(stored))
	for i, p := range stored {
		out[i] = Picture{Path: p.Path, CardPath: p.CardPath, ThumbPath: p.ThumbPath, Width: p.Width, Height: p.Height,
			Alt: pictureAlt(p.Alt, productName, i+1)}
	}
	return out, nil
}

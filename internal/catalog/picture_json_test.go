package catalog_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

// publicCard is what a product card says of its pictures (the field names are checked against
// api/openapi.yaml by apptest).
type publicCard struct {
	Image    *string               `json:"image"`
	Images   []string              `json:"images"`
	Picture  *catalog.PictureJSON  `json:"picture"`
	Pictures []catalog.PictureJSON `json:"pictures"`
}

func cardPictures(t *testing.T, s *apptest.Server, productID int64) publicCard {
	t.Helper()
	res := s.Do("GET", fmt.Sprintf("/api/products/%d", productID), "")
	if res.Status != http.StatusOK {
		t.Fatalf("product card → %d %s", res.Status, res.Body)
	}
	var c publicCard
	res.JSON(t, &c)
	return c
}

func size(n int32) *int32 { return &n }

func TestCardPicturesAfterUpload(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("zhaket-olga") // in stock, no pictures of its own

	if c := cardPictures(t, s, product); c.Picture != nil || c.Pictures == nil || len(c.Pictures) != 0 || c.Image != nil {
		t.Fatalf("card without pictures: %+v; want picture null, pictures []", c)
	}
	first := imgUploaded(t, s, product, imgJPEG(t, 1000, 750, 1), staff)
	second := imgUploaded(t, s, product, imgPNG(t, 300, 500, 2, true), staff)

	want := []catalog.PictureJSON{
		{URL: first.URL, CardURL: *first.CardURL, ThumbURL: *first.ThumbURL, Width: size(1000), Height: size(750),
			Alt: "Жакет «Ольга»"},
		{URL: second.URL, CardURL: *second.CardURL, ThumbURL: *second.ThumbURL, Width: size(300), Height: size(500),
			Alt: "Жакет «Ольга» — фото 2"},
	}
	c := cardPictures(t, s, product)
	if diff := cmp.Diff(want, c.Pictures); diff != "" {
		t.Errorf("card pictures (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&want[0], c.Picture); diff != "" {
		t.Errorf("card's main picture (-want +got):\n%s", diff)
	}
	// v1 clients see the URLs as before.
	if c.Image == nil || *c.Image != first.URL || !cmp.Equal(c.Images, []string{first.URL, second.URL}) {
		t.Errorf("image %v, images %v; want the originals' URLs as before", c.Image, c.Images)
	}
	for _, u := range []string{want[0].CardURL, want[0].ThumbURL} {
		imgGet(t, u, "image/jpeg")
	}

	// A cart line shows the product's main picture the same way.
	anna := s.Customer("anna@mail.ru").Auth
	res := s.Do("POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, product), anna...)
	if res.Status != http.StatusCreated {
		t.Fatalf("add to cart → %d %s", res.Status, res.Body)
	}
	var cart struct {
		Items []struct {
			Product struct {
				Picture *catalog.PictureJSON `json:"picture"`
			} `json:"product"`
		} `json:"items"`
	}
	res.JSON(t, &cart)
	if len(cart.Items) != 1 || !cmp.Equal(cart.Items[0].Product.Picture, &want[0]) {
		t.Errorf("cart line's picture: %s; want %+v", res.Body, want[0])
	}

	// So does a listing, and a search box's suggestions: a listing page never needs an original.
	var page struct {
		Results []struct {
			Slug    string               `json:"slug"`
			Picture *catalog.PictureJSON `json:"picture"`
		} `json:"results"`
	}
	s.Do("GET", "/api/products?category=zhakety&sort_by=name", "").JSON(t, &page)
	found := false
	for _, r := range page.Results {
		if r.Slug == "zhaket-olga" {
			found = true
			if !cmp.Equal(r.Picture, &want[0]) {
				t.Errorf("listing's picture %+v; want %+v", r.Picture, want[0])
			}
		}
	}
	var suggest struct {
		Products []struct {
			Picture *catalog.PictureJSON `json:"picture"`
		} `json:"products"`
	}
	s.Do("GET", "/api/search/suggest?q=ольга", "").JSON(t, &suggest)
	if !found || len(suggest.Products) != 1 || !cmp.Equal(suggest.Products[0].Picture, &want[0]) {
		t.Errorf("listing found the product: %v; suggestions %+v", found, suggest.Products)
	}
}

// A picture stored before its variants and size were recorded shows its original in every place, and no size;
// an alternative text staff set replaces the one made from the name.
func TestCardPictureWithoutSizes(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.WatchCatalog()
	product := s.ID("shuba-elena") // imported with a.png and b.png
	before := cardPictures(t, s, product)
	if len(before.Pictures) != 2 || before.Pictures[0].CardURL == before.Pictures[0].URL || before.Pictures[0].Width == nil {
		t.Fatalf("imported pictures: %+v; want their variants and sizes", before.Pictures)
	}
	_, err := s.DB.Exec(context.Background(), `UPDATE product_images SET card_path = NULL, thumb_path = NULL, width = NULL,
		height = NULL, alt = CASE position WHEN 1 THEN 'Шуба на манекене, вид сзади' END WHERE product_id = $1`, product)
	if err != nil {
		t.Fatal(err)
	}
	a, b := before.Pictures[0].URL, before.Pictures[1].URL
	want := []catalog.PictureJSON{
		{URL: a, CardURL: a, ThumbURL: a, Alt: "Норковая шуба «Елена»"},
		{URL: b, CardURL: b, ThumbURL: b, Alt: "Шуба на манекене, вид сзади"},
	}
	apptest.WaitFor(t, func() bool { return cmp.Equal(cardPictures(t, s, product).Pictures, want) })
}

func TestNewPictureJSON(t *testing.T) {
	card, thumb := "products/ab/ab-card.jpg", "products/ab/ab-thumb.jpg"
	for _, tt := range []struct {
		name string
		in   catalog.Picture
		want catalog.PictureJSON
	}{
		{"with variants", catalog.Picture{Path: "products/ab/ab.png", CardPath: &card, ThumbPath: &thumb, Width: size(2000),
			Height: size(3000), Alt: "Шуба"},
			catalog.PictureJSON{URL: "https://cdn.example/products/ab/ab.png", CardURL: "https://cdn.example/products/ab/ab-card.jpg",
				ThumbURL: "https://cdn.example/products/ab/ab-thumb.jpg", Width: size(2000), Height: size(3000), Alt: "Шуба"}},
		{"without", catalog.Picture{Path: "products/ab/ab.png", Alt: "Шуба — фото 2"},
			catalog.PictureJSON{URL: "https://cdn.example/products/ab/ab.png", CardURL: "https://cdn.example/products/ab/ab.png",
				ThumbURL: "https://cdn.example/products/ab/ab.png", Alt: "Шуба — фото 2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, catalog.NewPictureJSON(tt.in, "https://cdn.example/")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// ArrangePictures puts the product's pictures in the order of ids, numbering them 0…n-1; the first becomes the
// main picture. ids must list every picture of the product exactly once (invalid_order otherwise, naming what
// is missing, foreign or repeated). It returns the pictures in their new order.
func (a *Admin) ArrangePictures(ctx context.Context, actor account.User, productID int64, ids []int64) ([]StaffPicture, error) {
	var after []StaffPicture
	err := a.changePictures(ctx, productID, func(tx *store.Tx, q *catalogdb.Queries, before []StaffPicture) error {
		if err := checkOrder(before, ids); err != nil {
			return err
		}
		if err := q.SetProductPicturePositions(ctx, catalogdb.SetProductPicturePositionsParams{ProductID: productID, Ids: ids}); err != nil {
			return fmt.Errorf("arrange pictures of product %d: %w", productID, err)
		}
		// The pictures as SetProductPicturePositions numbered them: checkOrder made sure ids lists each once.
		byID := make(map[int64]StaffPicture, len(before))
		for _, img := range before {
			byID[img.ID] = img
		}
		after = make([]StaffPicture, len(ids))
		for i, id := range ids {
			after[i] = byID[id]
			after[i].Position, after[i].IsMain = i, i == 0
		}
		return recordPictures(ctx, tx, actor, "image.arrange", productID, before, after)
	})
	return after, err
}

// orderProblems is what is wrong with an order: the details of invalid_order.
type orderProblems struct {
	Missing  []int64 `json:"missing,omitempty"`  // the product's pictures the order leaves out
	Unknown  []int64 `json:"unknown,omitempty"`  // ids that are not the product's pictures
	Repeated []int64 `json:"repeated,omitempty"` // ids listed more than once
}

// checkOrder checks that ids lists each of images exactly once.
func checkOrder(images []StaffPicture, ids []int64) error {
	var p orderProblems
	have := make(map[int64]bool, len(images))
	for _, img := range images {
		have[img.ID] = true
	}
	seen := make(map[int64]int, len(ids))
	for _, id := range ids {
		seen[id]++
		switch {
		case seen[id] == 2:
			p.Repeated = append(p.Repeated, id)
		case seen[id] == 1 && !have[id]:
			p.Unknown = append(p.Unknown, id)
		}
	}
	for _, img := range images {
		if seen[img.ID] == 0 {
			p.Missing = append(p.Missing, img.ID)
		}
	}
	if p.Missing == nil && p.Unknown == nil && p.Repeated == nil {
		return nil
	}
	var parts []string
	for _, part := range []struct {
		what string
		ids  []int64
	}{{"missing", p.Missing}, {"not this product's pictures", p.Unknown}, {"listed more than once", p.Repeated}} {
		if len(part.ids) > 0 {
			parts = append(parts, part.what+": "+joinIDs(part.ids))
		}
	}
	problem := "must list each of the product's pictures exactly once; " + strings.Join(parts, "; ")
	return &apperr.Error{Kind: apperr.Invalid, Code: "invalid_order", Message: "order: " + problem,
		Fields: map[string]string{"order": problem}, Details: p}
}

// joinIDs lists ids for a message, the first 20 of them.
func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i == 20 {
			fmt.Fprintf(&b, " and %d more", len(ids)-20)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, id)
	}
	return b.String()
}

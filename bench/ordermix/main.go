// Command ordermix is the write-mix load test of the cart and orders: each worker is one customer who adds a
// product to the cart and places an order, again and again, for a fixed time. It reports orders per second and
// the latency of add + order, and then checks in PostgreSQL that nothing was oversold.
//
//	go run ./bench/ordermix -url http://127.0.0.1:8089 -db "$DATABASE_URL" -workers 32 -duration 20s
//
// It prepares its own stock: -products products get -stock pieces each; -marked more become natural-fur garments
// with -stock units each (a КИЗ apiece), one of which every tenth order also takes; and one "hot" marked product
// that every tenth order takes too gets only -hot units, so that orders race for the last pieces.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8089", "the server")
	dbURL := flag.String("db", os.Getenv("DATABASE_URL"), "the server's database, to prepare stock and check it")
	workers := flag.Int("workers", 32, "concurrent customers (connections)")
	duration := flag.Duration("duration", 20*time.Second, "how long to run")
	products := flag.Int("products", 2000, "products that get stock")
	stock := flag.Int("stock", 50, "stock of each of them")
	hot := flag.Int("hot", 20, "stock of the hot product every tenth order also takes")
	marked := flag.Int("marked", 100, "marked fur products, one of which every tenth order also takes")
	flag.Parse()
	if err := run(*base, *dbURL, *workers, *duration, *products, *stock, *hot, *marked); err != nil {
		log.Fatal(err)
	}
}

func run(base, dbURL string, workers int, duration time.Duration, nProducts, stock, hot, nMarked int) error {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	// Each product is ordered in one size, its first variant (gencatalog's products have one; the demo's
	// several): its other sizes get no stock, so what is left of a product is what is left of that variant.
	var products, ids []int64
	rows, err := pool.Query(ctx, `SELECT p.id, min(v.id) FROM products p JOIN product_variants v ON v.product_id = p.id
		WHERE p.is_active AND NOT p.marked_fur GROUP BY p.id ORDER BY p.id LIMIT $1`, nProducts+nMarked+1)
	if err != nil {
		return err
	}
	for rows.Next() {
		var product, variant int64
		if err := rows.Scan(&product, &variant); err != nil {
			return err
		}
		products, ids = append(products, product), append(ids, variant)
	}
	if err := rows.Err(); err != nil || len(ids) < nMarked+2 {
		return fmt.Errorf("products: %v (%d found)", err, len(ids))
	}
	if _, err := pool.Exec(ctx, "UPDATE product_variants SET stock = 0 WHERE product_id = ANY($1) AND id <> ALL($2)", products, ids); err != nil {
		return err
	}
	hotProduct := products[0]
	hotID, markedIDs, ids := ids[0], ids[1:1+nMarked], ids[1+nMarked:]
	if _, err := pool.Exec(ctx, "UPDATE product_variants SET stock = $1 WHERE id = ANY($2)", stock, ids); err != nil {
		return err
	}
	// Marked garments: each piece a unit with its own КИЗ (a series of this run's, so runs never clash).
	series := string(rune('A'+rand.IntN(26))) + string(rune('A'+rand.IntN(26))) + string(rune('A'+rand.IntN(26)))
	for _, m := range []struct {
		ids   []int64
		units int
	}{{markedIDs, stock}, {[]int64{hotID}, hot}} {
		if _, err := pool.Exec(ctx, `
			WITH marked AS (UPDATE products p SET marked_fur = true FROM product_variants v WHERE v.id = ANY($1) AND p.id = v.product_id),
			variants AS (UPDATE product_variants v SET stock = $2 WHERE v.id = ANY($1) RETURNING v.id)
			INSERT INTO fur_units (variant_id, kiz)
			SELECT variants.id, 'RU-430302-' || $3 || lpad((nextval('fur_units_id_seq') + 1000000)::text, 7, '0')
			FROM variants, generate_series(1, $2)`, m.ids, m.units, series); err != nil {
			return fmt.Errorf("units: %w", err)
		}
	}
	var ordersBefore, lastBefore int64 // the hot product's sales are counted in this run's orders only
	if err := pool.QueryRow(ctx, "SELECT count(*), coalesce(max(id), 0) FROM orders").Scan(&ordersBefore, &lastBefore); err != nil {
		return err
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}, Timeout: 30 * time.Second}
	tokens := make([]string, workers)
	for i := range tokens {
		email := fmt.Sprintf("mix-%d-%d@mekha-shuby.test", time.Now().UnixNano(), i)
		var out struct{ Token string }
		if status, err := post(client, base+"/api/auth/register", "", map[string]any{"email": email, "password": "норковая-шуба-2026"}, &out); err != nil || status != 201 {
			return fmt.Errorf("register: %d %v", status, err)
		}
		tokens[i] = out.Token
	}

	type result struct {
		latencies       []time.Duration
		placed, refused int
		status5xx       int
		other           map[int]int
	}
	results := make([]result, workers)
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			r := &results[w]
			r.other = map[int]int{}
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for n := 0; time.Now().Before(deadline); n++ {
				start := time.Now()
				product, fur := ids[rng.IntN(len(ids))], markedIDs[rng.IntN(len(markedIDs))]
				s, err := post(client, base+"/api/cart", tokens[w], map[string]any{"variant_id": product}, nil)
				if err == nil && n%10 == 5 {
					s, err = post(client, base+"/api/cart", tokens[w], map[string]any{"variant_id": fur}, nil)
				}
				if err == nil && n%10 == 0 {
					s, err = post(client, base+"/api/cart", tokens[w], map[string]any{"variant_id": hotID}, nil)
				}
				if err != nil {
					r.other[-1]++
					continue
				}
				if s >= 500 {
					r.status5xx++
				}
				s, err = post(client, base+"/api/order", tokens[w], map[string]any{
					"phone_number": "+7 985 550-88-53", "requires_delivery": true, "delivery_address": "Москва, Тверская, 1", "payment_on_get": true,
				}, nil)
				switch {
				case err != nil:
					r.other[-1]++
				case s == 201:
					r.placed++
					r.latencies = append(r.latencies, time.Since(start))
				case s == 409 || s == 400: // sold out meanwhile (the hot product), or the cart item was refused
					r.refused++
					// Empty the cart so the next round starts clean.
					for _, p := range []int64{product, fur, hotID} {
						_, _ = del(client, fmt.Sprintf("%s/api/cart?variant_id=%d", base, p), tokens[w])
					}
				case s >= 500:
					r.status5xx++
				default:
					r.other[s]++
				}
			}
		})
	}
	wg.Wait()

	var all []time.Duration
	placed, refused, fivexx := 0, 0, 0
	other := map[int]int{}
	for _, r := range results {
		all = append(all, r.latencies...)
		placed += r.placed
		refused += r.refused
		fivexx += r.status5xx
		for k, v := range r.other {
			other[k] += v
		}
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[int(float64(len(all)-1)*p)]
	}
	fmt.Printf("RESULT orders/s=%.0f placed=%d refused=%d 5xx=%d other=%v p50=%v p99=%v (add to cart + place order)\n",
		float64(placed)/duration.Seconds(), placed, refused, fivexx, other, pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond))

	// Oversell check: for every product, what the orders took plus what is left is what there was.
	var hotLeft, hotSold, negative, ordersAfter, unitsAstray int64
	if err := pool.QueryRow(ctx, "SELECT sum(stock) FROM product_variants WHERE product_id = $1", hotProduct).Scan(&hotLeft); err != nil {
		return err
	}
	if err := pool.QueryRow(ctx, `SELECT coalesce(sum(oi.quantity), 0) FROM order_items oi JOIN orders o ON o.id = oi.order_id
		WHERE oi.product_id = $1 AND o.status <> 'cancelled' AND o.id > $2`, hotProduct, lastBefore).Scan(&hotSold); err != nil {
		return err
	}
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM product_variants WHERE stock < 0").Scan(&negative); err != nil {
		return err
	}
	// A marked variant's stock is its available units, and every unit an order took is one of its pieces.
	if err := pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.marked_fur
		   AND v.stock <> (SELECT count(*) FROM fur_units f WHERE f.variant_id = v.id AND f.status = 'available'))
		+ abs((SELECT count(*) FROM fur_units WHERE order_id IS NOT NULL)
		      - (SELECT coalesce(sum(oi.quantity), 0) FROM order_items oi WHERE oi.marked_fur))`).Scan(&unitsAstray); err != nil {
		return err
	}
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM orders").Scan(&ordersAfter); err != nil {
		return err
	}
	fmt.Printf("CHECK hot product: stock %d, sold %d, left %d (sold+left=%d); variants below zero: %d; units astray: %d; orders in DB: %d (placed %d)\n",
		hot, hotSold, hotLeft, hotSold+hotLeft, negative, unitsAstray, ordersAfter-ordersBefore, placed)
	if hotSold+hotLeft != int64(hot) || negative != 0 || unitsAstray != 0 || ordersAfter-ordersBefore != int64(placed) || fivexx != 0 {
		return fmt.Errorf("FAILED: oversell, lost orders or server errors")
	}
	return nil
}

func post(c *http.Client, url, token string, body any, out any) (int, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(c, req, out)
}

func del(c *http.Client, url, token string) (int, error) {
	req, _ := http.NewRequest("DELETE", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return do(c, req, nil)
}

func do(c *http.Client, req *http.Request, out any) (int, error) {
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, err
	}
	if out != nil && res.StatusCode < 300 {
		return res.StatusCode, json.Unmarshal(b, out)
	}
	return res.StatusCode, nil
}

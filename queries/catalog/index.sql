-- The listing index (internal/catalog/index.go): every server keeps the active products in memory and answers
-- listings, filters and facets from there; PostgreSQL stays the only source of truth and is read again after
-- every change (docs/moving-parts.md, «The listing index»).

-- name: IndexProducts :many
-- Every active product as listings show and sort it. name_order is its place in the name order of the
-- database's collation (Go's byte order would sort «Ё» after «Я»), so that sort_by=name matches what staff see.
SELECT p.id, p.slug, p.name, p.list_price AS price, p.list_old_price AS old_price, p.category_id, p.created_at,
       (row_number() OVER (ORDER BY p.name, p.id))::integer AS name_order,
       coalesce(img.path, '')::text AS image, img.card_path, img.thumb_path,
       img.width AS picture_width, img.height AS picture_height, img.alt AS picture_alt
FROM products p
    LEFT JOIN LATERAL (SELECT i.path, i.card_path, i.thumb_path, i.width, i.height, i.alt FROM product_images i
                       WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) img ON true
WHERE p.is_active;

-- name: IndexStock :many
-- What products have in stock: the distinct sizes of their sold variants in stock (empty for one-size products)
-- and whether anything is. Products with nothing in stock have no row. ids NULL reads every product.
SELECT v.product_id,
       coalesce(array_agg(DISTINCT v.size ORDER BY v.size) FILTER (WHERE v.size IS NOT NULL), '{}')::text[] AS sizes
FROM product_variants v
WHERE v.is_active AND v.stock > 0 AND (sqlc.narg(ids)::bigint[] IS NULL OR v.product_id = ANY (sqlc.narg(ids)::bigint[]))
GROUP BY v.product_id;

-- name: SearchProducts :many
-- The active products every word of q matches, each with its rank (migration 00015): one word (search_lead, the
-- first that asks something; catalog.SearchWords puts the longest first) finds the candidates through the
-- text-search and trigram indexes, and search_matches checks every word on them. Run as an unnamed statement
-- (store.CustomPlans), planned with the words at hand.
SELECT p.id, search_rank(p.search, p.search_name, @words::text[], search_any(@words::text[]))::real AS rank
FROM products p
WHERE p.is_active
  AND (p.search @@ search_word_query(search_lead(@words::text[]))
       OR (SELECT search_typo(search_lead(@words::text[]))) AND p.search_name %> search_lead(@words::text[]))
  AND search_matches(p.search, p.search_name, @words::text[], search_queries(@words::text[]), (SELECT search_typos(@words::text[])));

-- name: NotifyStockChanged :exec
-- Tells every server which products' stock changed (a payload of "<server>:<id>,<id>…"; no ids: every product).
SELECT pg_notify('catalog_stock', @payload::text);

-- name: StockFingerprints :many
-- A fingerprint of every product's stock, for the slow safety net that finds stock changes nobody announced
-- (a server killed between its commit and its NOTIFY): the units in stock, and the units weighted by variant, so
-- that a sale of one size and a return of another rarely cancel out.
SELECT product_id, sum(stock)::bigint AS units, sum(stock::bigint * id)::bigint AS weighted
FROM product_variants
WHERE is_active
GROUP BY product_id;

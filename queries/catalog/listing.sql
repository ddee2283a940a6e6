-- The public listing: active products of a set of categories (a subtree, resolved in memory) within a price
-- range (and, when asked, with an in-stock variant of one of the sizes, or with anything in stock or none), one
-- page in the requested order, and the number of matches over all pages. Each product comes with the sizes it
-- has in stock. Its price is its lowest (list_price: its cheapest variant on sale, migration 00013), which the
-- price range and the price order use too. With words (q), one word (search_lead: the first that asks
-- something; catalog.SearchWords puts the longest first) finds the candidates through the text-search and
-- trigram indexes, and search_matches checks every word on them (migration 00015).
--
-- One query per sort key rather than a CASE in ORDER BY: each walks its own index in order and stops after a
-- page, where a CASE would sort every match on every request. The final id keeps the order total, so pages
-- never overlap or skip. The count is an InitPlan of the same statement (one round trip, one plan), answered by
-- an index-only scan of products_active_category_price_idx. These run as unnamed statements, planned with the
-- actual parameters each time (store.CustomPlans): a generic plan cannot tell a narrow price range from a wide
-- one and counts through the wrong index.

-- name: ListProductsByPrice :many
SELECT p.id, p.slug, p.name, p.list_price AS price, p.list_old_price AS old_price, p.category_id,
       array(SELECT DISTINCT v.size FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size IS NOT NULL ORDER BY 1)::text[] AS sizes,
       EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0) AS in_stock,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image,
       (SELECT count(*) FROM products c
        WHERE c.is_active AND c.category_id = ANY (@category_ids::bigint[]) AND c.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (c.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (c.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND c.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(c.search, c.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0))) AS total
FROM products p
WHERE p.is_active AND p.category_id = ANY (@category_ids::bigint[]) AND p.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (p.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (p.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND p.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(p.search, p.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0))
ORDER BY p.list_price, p.id
LIMIT @page_size OFFSET @skip;

-- name: ListProductsByPriceDesc :many
SELECT p.id, p.slug, p.name, p.list_price AS price, p.list_old_price AS old_price, p.category_id,
       array(SELECT DISTINCT v.size FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size IS NOT NULL ORDER BY 1)::text[] AS sizes,
       EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0) AS in_stock,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image,
       (SELECT count(*) FROM products c
        WHERE c.is_active AND c.category_id = ANY (@category_ids::bigint[]) AND c.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (c.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (c.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND c.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(c.search, c.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0))) AS total
FROM products p
WHERE p.is_active AND p.category_id = ANY (@category_ids::bigint[]) AND p.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (p.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (p.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND p.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(p.search, p.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0))
ORDER BY p.list_price DESC, p.id DESC
LIMIT @page_size OFFSET @skip;

-- name: ListProductsByName :many
SELECT p.id, p.slug, p.name, p.list_price AS price, p.list_old_price AS old_price, p.category_id,
       array(SELECT DISTINCT v.size FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size IS NOT NULL ORDER BY 1)::text[] AS sizes,
       EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0) AS in_stock,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image,
       (SELECT count(*) FROM products c
        WHERE c.is_active AND c.category_id = ANY (@category_ids::bigint[]) AND c.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (c.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (c.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND c.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(c.search, c.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0))) AS total
FROM products p
WHERE p.is_active AND p.category_id = ANY (@category_ids::bigint[]) AND p.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (p.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (p.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND p.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(p.search, p.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0))
ORDER BY p.name, p.id
LIMIT @page_size OFFSET @skip;

-- name: ListProductsByNameDesc :many
SELECT p.id, p.slug, p.name, p.list_price AS price, p.list_old_price AS old_price, p.category_id,
       array(SELECT DISTINCT v.size FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size IS NOT NULL ORDER BY 1)::text[] AS sizes,
       EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0) AS in_stock,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image,
       (SELECT count(*) FROM products c
        WHERE c.is_active AND c.category_id = ANY (@category_ids::bigint[]) AND c.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (c.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (c.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND c.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(c.search, c.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0))) AS total
FROM products p
WHERE p.is_active AND p.category_id = ANY (@category_ids::bigint[]) AND p.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (p.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (p.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND p.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(p.search, p.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0))
ORDER BY p.name DESC, p.id DESC
LIMIT @page_size OFFSET @skip;

-- name: ListProductsByCreated :many
SELECT p.id, p.slug, p.name, p.list_price AS price, p.list_old_price AS old_price, p.category_id,
       array(SELECT DISTINCT v.size FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size IS NOT NULL ORDER BY 1)::text[] AS sizes,
       EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0) AS in_stock,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image,
       (SELECT count(*) FROM products c
        WHERE c.is_active AND c.category_id = ANY (@category_ids::bigint[]) AND c.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (c.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (c.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND c.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(c.search, c.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0))) AS total
FROM products p
WHERE p.is_active AND p.category_id = ANY (@category_ids::bigint[]) AND p.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (p.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (p.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND p.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(p.search, p.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0))
ORDER BY p.created_at, p.id
LIMIT @page_size OFFSET @skip;

-- name: ListProductsByCreatedDesc :many
SELECT p.id, p.slug, p.name, p.list_price AS price, p.list_old_price AS old_price, p.category_id,
       array(SELECT DISTINCT v.size FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size IS NOT NULL ORDER BY 1)::text[] AS sizes,
       EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0) AS in_stock,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image,
       (SELECT count(*) FROM products c
        WHERE c.is_active AND c.category_id = ANY (@category_ids::bigint[]) AND c.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (c.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (c.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND c.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(c.search, c.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = c.id AND v.is_active AND v.stock > 0))) AS total
FROM products p
WHERE p.is_active AND p.category_id = ANY (@category_ids::bigint[]) AND p.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (p.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (p.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND p.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(p.search, p.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0))
ORDER BY p.created_at DESC, p.id DESC
LIMIT @page_size OFFSET @skip;

-- name: ListProductsByRelevance :many
-- With q: the best matches first (search_rank, migration 00015), then newest.
SELECT p.id, p.slug, p.name, p.list_price AS price, p.list_old_price AS old_price, p.category_id,
       array(SELECT DISTINCT v.size FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size IS NOT NULL ORDER BY 1)::text[] AS sizes,
       EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0) AS in_stock,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image,
       count(*) OVER () AS total -- every match is ranked anyway: counted in the same pass, not searched twice
FROM products p
WHERE p.is_active AND p.category_id = ANY (@category_ids::bigint[]) AND p.list_price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(sizes)::text[] IS NULL OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size = ANY (sqlc.narg(sizes)::text[])))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (p.list_old_price IS NOT NULL))
  AND (sqlc.narg(words)::text[] IS NULL OR (p.search @@ search_word_query(search_lead(sqlc.narg(words)::text[]))
       OR (SELECT search_typo(search_lead(sqlc.narg(words)::text[]))) AND p.search_name %> search_lead(sqlc.narg(words)::text[]))
      AND search_matches(p.search, p.search_name, sqlc.narg(words)::text[], search_queries(sqlc.narg(words)::text[]), (SELECT search_typos(sqlc.narg(words)::text[]))))
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0))
ORDER BY search_rank(p.search, p.search_name, coalesce(sqlc.narg(words)::text[], '{}'), search_any(coalesce(sqlc.narg(words)::text[], '{}'))) DESC, p.created_at DESC, p.id DESC
LIMIT @page_size OFFSET @skip;

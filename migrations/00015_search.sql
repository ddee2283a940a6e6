-- +goose Up
-- Search in Russian (issue 12): a product's name and description as text-search vectors of the `russian`
-- configuration (word forms: «норковые шубы» finds «Норковая шуба»), the name weighing more, ё read as е; its
-- name also as trigrams, for typos («норкавая»). Kept by PostgreSQL itself (generated columns), so no write
-- path can forget them. Owner: package catalog.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE products
    ADD COLUMN search_name text GENERATED ALWAYS AS (replace(lower(name), 'ё', 'е')) STORED,
    ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian', replace(lower(name), 'ё', 'е')), 'A') ||
        setweight(to_tsvector('russian', replace(lower(description), 'ё', 'е')), 'C')) STORED;
CREATE INDEX products_search_idx ON products USING gin (search) WHERE is_active;
CREATE INDEX products_search_name_idx ON products USING gin (search_name gin_trgm_ops) WHERE is_active;

-- +goose StatementBegin
-- The query of one searched word: its stems (none for a word like «с» or «и», which then asks nothing), each
-- as a prefix («нор» finds «норковая»). The word comes normalised (lower case, ё as е, letters and digits only).
CREATE FUNCTION search_word_query(word text) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT to_tsquery('simple', string_agg(quote_literal(s) || ':*', ' & '))
    FROM unnest(tsvector_to_array(to_tsvector('russian', word))) s;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- Whether a product matches every searched word: in some form in its name or description, or, for a word of
-- four letters or more, closely enough in its name to be the same word mistyped. No words: nothing matches.
CREATE FUNCTION search_matches(search tsvector, search_name text, words text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT cardinality(words) > 0 AND NOT EXISTS (
        SELECT 1 FROM unnest(words) w
        WHERE search_word_query(w) IS NOT NULL
          AND NOT (search @@ search_word_query(w) OR (length(w) >= 4 AND word_similarity(w, search_name) >= 0.45)));
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- How well a product matches the words: the text-search rank (the name weighs more than the description)
-- plus how close its name is to them, for the typed words that are not in it as written.
CREATE FUNCTION search_rank(search tsvector, search_name text, words text[]) RETURNS real
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT coalesce(ts_rank('{0.1, 0.2, 0.4, 1.0}', search,
               (SELECT to_tsquery('simple', string_agg(q::text, ' | ')) FROM unnest(words) w, search_word_query(w) q WHERE q IS NOT NULL)), 0)
         + word_similarity(array_to_string(words, ' '), search_name);
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION search_rank(tsvector, text, text[]);
DROP FUNCTION search_matches(tsvector, text, text[]);
DROP FUNCTION search_word_query(text);
DROP INDEX products_search_name_idx, products_search_idx;
ALTER TABLE products DROP COLUMN search, DROP COLUMN search_name;
DROP EXTENSION IF EXISTS pg_trgm;

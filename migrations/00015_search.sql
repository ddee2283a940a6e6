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
-- The queries of the searched words, in their order (NULL for a word that asks nothing). A listing passes its
-- words as constants and is planned per call (store.CustomPlans), so this runs once, while planning.
CREATE FUNCTION search_queries(words text[]) RETURNS tsquery[] LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT coalesce(array_agg(search_word_query(w) ORDER BY i), '{}') FROM unnest(words) WITH ORDINALITY AS t(w, i);
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- Any of the searched words, for ranking: their queries joined by "or" (NULL when none asks anything).
CREATE FUNCTION search_any(words text[]) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT to_tsquery('simple', string_agg(q::text, ' | ')) FROM unnest(search_queries(words)) q WHERE q IS NOT NULL;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- Whether a searched word may be a typo: four letters or more, a word that asks something (not «только» or
-- «через», which the russian configuration drops), and no active product has it in any form. Such a word
-- then matches a name's word this close (pg_trgm's word_similarity; «норкавая» is «норковая» mistyped, 0.5),
-- the same closeness as pg_trgm.word_similarity_threshold, which the server sets (store.Open). A word that
-- finds products as typed is taken as typed.
CREATE FUNCTION search_typo(word text) RETURNS boolean LANGUAGE sql STABLE STRICT AS $$
    SELECT length(word) >= 4 AND search_word_query(word) IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM products x WHERE x.is_active AND x.search @@ search_word_query(word));
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- search_typo of each searched word, in their order.
CREATE FUNCTION search_typos(words text[]) RETURNS boolean[] LANGUAGE sql STABLE STRICT AS $$
    SELECT coalesce(array_agg(search_typo(w) ORDER BY i), '{}') FROM unnest(words) WITH ORDINALITY AS t(w, i);
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- The word a listing finds its candidates by, through the indexes: the first that asks something (the Go side
-- puts the longest first), else the first. Folded while planning, as search_queries is.
CREATE FUNCTION search_lead(words text[]) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT coalesce((SELECT w FROM unnest(words) WITH ORDINALITY AS t(w, i)
                     WHERE search_word_query(w) IS NOT NULL ORDER BY i LIMIT 1), words[1]);
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- Whether a product matches every searched word (queries = search_queries(words), typos = search_typos(words)):
-- in some form in its name or description, or, for a typo, closely enough in its name. No words: nothing.
CREATE FUNCTION search_matches(search tsvector, search_name text, words text[], queries tsquery[], typos boolean[])
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT cardinality(words) > 0 AND NOT EXISTS (
        SELECT 1 FROM generate_subscripts(words, 1) i
        WHERE queries[i] IS NOT NULL
          AND NOT (search @@ queries[i] OR (typos[i] AND word_similarity(words[i], search_name) >= 0.45)));
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- How well a product matches the words (anyword = search_any(words)): the text-search rank (the name weighs
-- more than the description) plus how close its name is to all the words as typed.
CREATE FUNCTION search_rank(search tsvector, search_name text, words text[], anyword tsquery) RETURNS real
LANGUAGE sql STABLE AS $$
    SELECT coalesce(ts_rank('{0.1, 0.2, 0.4, 1.0}', search, anyword), 0)
         + word_similarity(array_to_string(words, ' '), search_name);
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION search_rank(tsvector, text, text[], tsquery);
DROP FUNCTION search_matches(tsvector, text, text[], tsquery[], boolean[]);
DROP FUNCTION search_lead(text[]);
DROP FUNCTION search_typos(text[]);
DROP FUNCTION search_typo(text);
DROP FUNCTION search_any(text[]);
DROP FUNCTION search_queries(text[]);
DROP FUNCTION search_word_query(text);
DROP INDEX products_search_name_idx, products_search_idx;
ALTER TABLE products DROP COLUMN search, DROP COLUMN search_name;
DROP EXTENSION IF EXISTS pg_trgm;

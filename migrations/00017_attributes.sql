-- +goose Up
-- Typed characteristics (issue 12): staff define attributes (Мех: a choice of values, Длина: a number in см,
-- Капюшон: yes or no), and a product's display pair (products.attributes, [{"name","value"}], still what the
-- card shows, in its order) whose name is an attribute's is linked to it, so listings can filter and count by
-- them. The links are kept here, by triggers, whatever path writes a product or an attribute (the back office,
-- the import, the demo, psql). Owner: package catalog.

-- +goose StatementBegin
-- The key two names (or two choice values) are compared by: trimmed, lower case, ё read as е.
CREATE FUNCTION attribute_key(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT replace(lower(btrim(s)), 'ё', 'е');
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- A slug made from text as package slug's Make makes it (the same transliteration table; a test holds the two
-- together): latin letters and digits kept, Russian letters spelled in latin, every other run of characters one
-- hyphen; '' when the text has no letter or digit. Values of choice attributes get their slug here, because the
-- triggers below create them, whatever wrote the product.
CREATE FUNCTION slug_make(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(
        translate(
            replace(replace(replace(replace(replace(replace(replace(replace(replace(
                lower(s), 'щ', 'shch'), 'ё', 'yo'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'),
                'ю', 'yu'), 'я', 'ya'),
            'абвгдезийклмнопрстуфыэъь', 'abvgdeziyklmnoprstufye'),
        '[^a-z0-9]+', '-', 'g'), '-');
$$;
-- +goose StatementEnd

CREATE TABLE attributes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 200),
    kind       text NOT NULL CHECK (kind IN ('choice', 'number', 'bool')),
    -- What a number is counted in («см»); numbers only.
    unit       text CHECK (unit <> '' AND length(unit) <= 20),
    -- Whether listings offer it as a filter and a facet; a characteristic may be defined only to be typed.
    filterable boolean NOT NULL DEFAULT true,
    position   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (unit IS NULL OR kind = 'number')
);
-- One attribute per name as a pair's name is matched: «Мех», «мех» and « МЕХ » are one.
CREATE UNIQUE INDEX attributes_name_key ON attributes (attribute_key(name));
COMMENT ON TABLE attributes IS 'Typed characteristics staff define (choice, number, bool). Owner: package catalog.';

CREATE TABLE attribute_values (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attribute_id bigint NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
    value        text NOT NULL CHECK (btrim(value) <> ''),
    slug         text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 200),
    position     integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (attribute_id, slug),
    UNIQUE (attribute_id, id) -- the target of a link's foreign key, which keeps a value to its own attribute
);
CREATE UNIQUE INDEX attribute_values_value_key ON attribute_values (attribute_id, attribute_key(value));
COMMENT ON TABLE attribute_values IS 'The values of choice attributes, made by staff or as products name them. Owner: package catalog.';

-- A product's display pair linked to its attribute: position is the pair's index in products.attributes. Only
-- the triggers below write it.
CREATE TABLE product_attribute_values (
    product_id   bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    -- No cascade: an attribute a product's pair links to is in use, and deleting it is refused.
    attribute_id bigint NOT NULL REFERENCES attributes (id),
    value_id     bigint,
    number       numeric,
    flag         boolean,
    PRIMARY KEY (product_id, position),
    FOREIGN KEY (attribute_id, value_id) REFERENCES attribute_values (attribute_id, id),
    -- Exactly one, the one of the attribute's kind (the triggers choose it).
    CHECK (num_nonnulls(value_id, number, flag) = 1)
);
CREATE INDEX product_attribute_values_value_idx ON product_attribute_values (attribute_id, value_id);
COMMENT ON TABLE product_attribute_values IS 'Products'' display pairs linked to their attributes. Owner: package catalog.';

-- +goose StatementBegin
-- The number a pair's text holds: the first one in it («110 см», «до 110 см» → 110; «70,5» → 70.5). NULL when it
-- holds none, or one too long to be a measure. A hyphen before digits is read as a dash («100-110»), not a sign.
CREATE FUNCTION attribute_number(s text) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN length(split_part(m, '.', 1)) <= 15 AND length(split_part(m, '.', 2)) <= 6 THEN m::numeric END
    FROM (SELECT replace(substring(s FROM '[0-9]+(?:[.,][0-9]+)?'), ',', '.') AS m) t;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- The yes or no a pair's text says; NULL when it says neither.
CREATE FUNCTION attribute_flag(s text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN attribute_key(s) IN ('да', 'есть', 'yes', 'true', '+') THEN true
                WHEN attribute_key(s) IN ('нет', 'no', 'false', '-') THEN false END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- The id of attr's choice value v (compared as attribute_key), created when missing with a slug made from it
-- (a number added when another value has that slug; «value» when none can be made). NULL for an empty v.
-- Two transactions creating the same value both end up with the one that committed.
CREATE FUNCTION attribute_value_id(attr bigint, v text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    found bigint;
    base  text := left(slug_make(v), 90);
    s     text;
    n     integer := 1;
BEGIN
    IF btrim(v) = '' THEN
        RETURN NULL;
    END IF;
    base := coalesce(nullif(btrim(base, '-'), ''), 'value');
    LOOP
        SELECT id INTO found FROM attribute_values WHERE attribute_id = attr AND attribute_key(value) = attribute_key(v);
        IF found IS NOT NULL THEN
            RETURN found;
        END IF;
        s := CASE WHEN n = 1 THEN base ELSE base || '-' || n END;
        IF NOT EXISTS (SELECT 1 FROM attribute_values WHERE attribute_id = attr AND slug = s) THEN
            INSERT INTO attribute_values (attribute_id, value, slug,  position)
            VALUES (attr, btrim(v), s, (SELECT coalesce(max(position) + 1, 0) FROM attribute_values WHERE attribute_id = attr))
            ON CONFLICT DO NOTHING
            RETURNING id INTO found;
            IF found IS NOT NULL THEN
                RETURN found;
            END IF;
        END IF;
        n := n + 1; -- the slug is taken (or the value came meanwhile: the next turn finds it)
    END LOOP;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
-- Links product's display pairs to the attributes their names name, afresh: a choice to its value (created as
-- needed), a number to the number its text holds, a yes/no to its flag; a pair with nothing of its kind in it
-- stays unlinked. Takes the attributes table in SHARE mode first: a change of attributes (which relinks the
-- products it concerns, below) waits for this transaction and this one for it, so neither misses the other.
CREATE FUNCTION product_attributes_relink(product bigint, pairs jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE attributes IN SHARE MODE;
    DELETE FROM product_attribute_values WHERE product_id = product;
    INSERT INTO product_attribute_values AS l (product_id, position, attribute_id, value_id, number, flag)
    SELECT product, t.position, t.attribute_id, t.value_id, t.number, t.flag
    FROM (
        SELECT e.i - 1 AS position, a.id AS attribute_id,
               CASE WHEN a.kind = 'choice' THEN attribute_value_id(a.id, e.pair ->> 'value') END AS value_id,
               CASE WHEN a.kind = 'number' THEN attribute_number(e.pair ->> 'value') END AS number,
               CASE WHEN a.kind = 'bool' THEN attribute_flag(e.pair ->> 'value') END AS flag
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(pairs) = 'array' THEN pairs ELSE '[]' END)
             WITH ORDINALITY AS e(pair, i)
        JOIN attributes a ON attribute_key(a.name) = attribute_key(e.pair ->> 'name')
        WHERE jsonb_typeof(e.pair -> 'value') = 'string'
    ) t
    WHERE num_nonnulls(t.value_id, t.number, t.flag) = 1
    -- Two relinks of one product that cross (two changes of attributes) end with the later one's links.
    ON CONFLICT (product_id, position) DO UPDATE
    SET attribute_id = excluded.attribute_id, value_id = excluded.value_id, number = excluded.number, flag = excluded.flag;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION products_attributes_relink() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM product_attributes_relink(NEW.id, NEW.attributes);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER products_attributes_inserted AFTER INSERT ON products
    FOR EACH ROW EXECUTE FUNCTION products_attributes_relink();
CREATE TRIGGER products_attributes_updated AFTER UPDATE OF attributes ON products
    FOR EACH ROW WHEN (OLD.attributes IS DISTINCT FROM NEW.attributes) EXECUTE FUNCTION products_attributes_relink();

-- +goose StatementBegin
-- An attribute created, renamed or given another kind: every product with a pair of its name (new or old) is
-- linked afresh. A choice attribute that became something else loses its values, which no link uses any more.
-- The products are locked (KEY SHARE) before they are linked: one deleted meanwhile is waited for and skipped,
-- instead of failing the staff's attribute write on the link's foreign key.
CREATE FUNCTION attributes_relink() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT p.id, p.attributes FROM products p
        WHERE jsonb_typeof(p.attributes) = 'array' AND EXISTS (
            SELECT 1 FROM jsonb_array_elements(p.attributes) e
            WHERE attribute_key(e ->> 'name') IN (attribute_key(NEW.name), attribute_key(coalesce(OLD.name, NEW.name))))
        FOR KEY SHARE OF p
    LOOP
        PERFORM product_attributes_relink(r.id, r.attributes);
    END LOOP;
    IF TG_OP = 'UPDATE' AND NEW.kind <> 'choice' AND OLD.kind = 'choice' THEN
        DELETE FROM attribute_values WHERE attribute_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER attributes_inserted AFTER INSERT ON attributes
    FOR EACH ROW EXECUTE FUNCTION attributes_relink();
CREATE TRIGGER attributes_updated AFTER UPDATE OF name, kind ON attributes
    FOR EACH ROW WHEN (attribute_key(OLD.name) <> attribute_key(NEW.name) OR OLD.kind <> NEW.kind)
    EXECUTE FUNCTION attributes_relink();

-- Every server hears of a change (docs/moving-parts.md, «Caches»), as for the rest of the catalog.
CREATE TRIGGER attributes_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attributes
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER attribute_values_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attribute_values
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER product_attribute_values_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_attribute_values
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();

-- +goose Down
DROP TABLE product_attribute_values;
DROP TABLE attribute_values;
DROP TABLE attributes;
DROP TRIGGER products_attributes_inserted ON products;
DROP TRIGGER products_attributes_updated ON products;
DROP FUNCTION products_attributes_relink();
DROP FUNCTION attributes_relink();
DROP FUNCTION product_attributes_relink(bigint, jsonb);
DROP FUNCTION attribute_value_id(bigint, text);
DROP FUNCTION attribute_flag(text);
DROP FUNCTION attribute_number(text);
DROP FUNCTION slug_make(text);
DROP FUNCTION attribute_key(text);

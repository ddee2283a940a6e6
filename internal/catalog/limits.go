package catalog

// Limits of what a product and a category may hold, the same for the import and the back office: generous
// for any real store, small enough to refuse garbage. The database's CHECKs hold the names to theirs.
const (
	// MaxProductName is the longest product name, in characters: the database's limit.
	MaxProductName = 300
	// MaxStock is the most pieces of one product the store may hold; more is surely a typo.
	MaxStock = 1_000_000

	maxNameLen     = 200    // a category's name, a slug, an attribute's name or value, in characters
	maxDescription = 20_000 // a product's description, in characters
	maxAttributes  = 50     // characteristics of a product
	maxImages      = 20     // pictures of an imported product
)

package web

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// errSyntax is the scan's own word for a body that is not JSON; checkBody turns it into errNotJSONText.
var errSyntax = errors.New("the body is not valid JSON")

var (
	errEmpty       = apperr.New(apperr.Invalid, "malformed_json", "the body is empty; send a JSON object")
	errNotJSONText = apperr.New(apperr.Invalid, "malformed_json", "the body is not valid JSON")
	errTrailing    = apperr.New(apperr.Invalid, "malformed_json", "the body must hold exactly one JSON value")
	errInvalidUTF8 = apperr.New(apperr.Invalid, "invalid_text", "the body must be UTF-8 text")
)

// maxDepth is encoding/json's own nesting limit; deeper bodies are malformed there too.
const maxDepth = 10000

// manyKeys is how many keys an object may have before duplicates are found through a map rather than by
// comparing each new key with the ones before it, which would be quadratic in a 1 MiB object.
const manyKeys = 16

// scanner reads a JSON body once, before encoding/json decodes it, for what encoding/json lets through without
// a word: invalid UTF-8 and lone surrogates (which it turns into U+FFFD), a key given twice (the last one wins,
// and "email" and "EMAIL" are the same field to it) and a null where the target cannot tell null from absent.
// It also checks the syntax, so that a malformed body is always reported as malformed, whatever else is wrong
// with it.
//
// Frames and keys hold no pointers (a key is where it stands in the body), so that the scan's few allocations
// are ones the garbage collector need not look into.
type scanner struct {
	data   []byte
	pos    int
	frames []frame
	keys   []span            // the keys of the open objects, outermost first
	seen   []map[string]span // by depth: the keys of an object with more than manyKeys, by their folded text
	nulls  nullTypes
	err    error // the first problem found; the scan goes on, since a syntax error further on wins
}

// frame is one open object or array.
type frame struct {
	object   bool
	many     bool // the object has more than manyKeys keys: scanner.seen holds them
	typed    bool // nullTypes.types holds the Go type of this container (worked out only for one holding a null)
	keysFrom int  // where this object's keys start in scanner.keys
	key      span // object: the key of the value being read
	index    int  // array: the index of the value being read
}

// span is where a string stands in the body, between its quotes.
type span struct {
	start, end int
	escaped    bool
	ascii      bool // no escapes, no byte beyond ASCII: equal ignoring case only to a key of the same length
}

// checkBody returns the first problem of body as an error for the client, or nil; v is what the body will be
// decoded into. A body that is not JSON is malformed_json whatever else is wrong with it, unless it is not even
// UTF-8. The scan agrees with encoding/json on what is JSON (FuzzCheckBody), so encoding/json, decoding what
// passes, meets no syntax error.
func checkBody(body []byte, v any) error {
	s := scanner{data: body, frames: make([]frame, 0, 8), keys: make([]span, 0, manyKeys), nulls: nullTypes{root: rootType(v)}}
	if s.skipSpace(); s.pos == len(body) {
		return errEmpty
	}
	if err := s.value(); err != nil {
		if !utf8.Valid(body) {
			return errInvalidUTF8
		}
		return errNotJSONText
	}
	s.skipSpace()
	if s.pos < len(s.data) {
		if !utf8.Valid(s.data[s.pos:]) {
			return errInvalidUTF8
		}
		return errTrailing
	}
	return s.err
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value reads one JSON value with everything in it. It keeps its own stack rather than recursing, so a deeply
// nested body costs memory in proportion to its size and no more.
func (s *scanner) value() error {
	for {
		// A value.
		s.skipSpace()
		if s.pos >= len(s.data) {
			return errSyntax
		}
		switch c := s.data[s.pos]; {
		case c == '{' || c == '[':
			if len(s.frames) >= maxDepth {
				return errSyntax
			}
			s.pos++
			s.frames = append(s.frames, frame{object: c == '{', keysFrom: len(s.keys)})
			s.skipSpace()
			if s.pos < len(s.data) && s.data[s.pos] == c+2 { // '{'+2 is '}', '['+2 is ']'
				s.pos++
				s.pop()
				break
			}
			if c == '{' {
				if err := s.key(); err != nil {
					return err
				}
			}
			continue
		case c == '"':
			if _, err := s.str(false); err != nil {
				return err
			}
		case c == 'n':
			if !s.literal("null") {
				return errSyntax
			}
			s.null()
		case c == 't':
			if !s.literal("true") {
				return errSyntax
			}
		case c == 'f':
			if !s.literal("false") {
				return errSyntax
			}
		case c == '-' || c >= '0' && c <= '9':
			if !s.number() {
				return errSyntax
			}
		default:
			return errSyntax
		}
		// After a value: the next one in its container, or the container's end.
		for {
			if len(s.frames) == 0 {
				return nil
			}
			s.skipSpace()
			if s.pos >= len(s.data) {
				return errSyntax
			}
			top := &s.frames[len(s.frames)-1]
			c := s.data[s.pos]
			s.pos++
			if c == ',' {
				if top.object {
					if err := s.key(); err != nil {
						return err
					}
				} else {
					top.index++
				}
				break
			}
			if top.object && c == '}' || !top.object && c == ']' {
				s.pop()
				continue
			}
			return errSyntax
		}
	}
}

func (s *scanner) pop() {
	s.keys = s.keys[:s.frames[len(s.frames)-1].keysFrom]
	s.frames = s.frames[:len(s.frames)-1]
}

// key reads an object's key and its colon, and checks it is not a key the object already has.
func (s *scanner) key() error {
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		return errSyntax
	}
	key, err := s.str(true)
	if err != nil {
		return err
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != ':' {
		return errSyntax
	}
	s.pos++
	if s.err != nil {
		return nil // a problem is already found; only a syntax error can still change the answer
	}
	depth := len(s.frames) - 1
	top := &s.frames[depth]
	top.key = key
	if prev, dup := s.seenKey(depth, key); dup {
		top.key = prev // name the field as the client first spelt it
		s.err = apperr.Field("duplicate_field", s.path(), "appears more than once (names are matched ignoring case)")
	}
	return nil
}

// text returns the string at sp, its escapes decoded.
func (s *scanner) text(sp span) []byte {
	if sp.escaped {
		return unescape(s.data[sp.start:sp.end])
	}
	return s.data[sp.start:sp.end]
}

// seenKey reports whether the object at depth already has key, compared as encoding/json matches field
// names: ignoring case.
func (s *scanner) seenKey(depth int, key span) (prev span, dup bool) {
	f := &s.frames[depth]
	k := s.text(key)
	if f.many {
		folded := string(foldKey(k))
		if p, dup := s.seen[depth][folded]; dup {
			return p, true
		}
		s.seen[depth][folded] = key
		return span{}, false
	}
	for _, p := range s.keys[f.keysFrom:] {
		if p.ascii && key.ascii && p.end-p.start != key.end-key.start {
			continue // most keys, found unequal without comparing them
		}
		if bytes.EqualFold(s.text(p), k) {
			return p, true
		}
	}
	s.keys = append(s.keys, key)
	if len(s.keys)-f.keysFrom > manyKeys {
		for len(s.seen) <= depth {
			s.seen = append(s.seen, nil)
		}
		seen := make(map[string]span, 2*manyKeys)
		for _, p := range s.keys[f.keysFrom:] {
			seen[string(foldKey(s.text(p)))] = p
		}
		s.seen[depth], f.many = seen, true
		s.keys = s.keys[:f.keysFrom]
	}
	return span{}, false
}

// null checks a null against the Go type it would be decoded into.
func (s *scanner) null() {
	if s.err != nil {
		return
	}
	var t reflect.Type
	if len(s.frames) == 0 {
		t = s.nulls.root
	} else {
		t = s.member(len(s.frames) - 1)
	}
	if nullAllowed(t) {
		return
	}
	if len(s.frames) == 0 {
		s.err = apperr.New(apperr.Invalid, "required", "the body must be a JSON object, not null")
		return
	}
	s.err = apperr.Field("required", s.path(), "must not be null")
}

// path names the value being read the way a client writes it: attributes[0].name.
func (s *scanner) path() string {
	var b []byte
	for _, f := range s.frames {
		if !f.object {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(f.index), 10)
			b = append(b, ']')
			continue
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, s.text(f.key)...)
	}
	return string(b)
}

package buckt

import "encoding/json"

// PatchString is one field of a PATCH body, in the API's three states: left out
// (the zero value; unchanged), set to a value, or sent as null (cleared).
type PatchString struct {
	set   bool
	value *string
}

// SetTo is a PATCH field that sets v.
func SetTo(v string) PatchString { return PatchString{set: true, value: &v} }

// Clear is a PATCH field sent as null, which clears it.
func Clear() PatchString { return PatchString{set: true} }

// IsZero reports a field left out, for the omitzero JSON option.
func (p PatchString) IsZero() bool { return !p.set }

// MarshalJSON writes the value or null.
func (p PatchString) MarshalJSON() ([]byte, error) {
	if p.value == nil {
		return []byte("null"), nil
	}
	return json.Marshal(*p.value)
}

package emulator

import (
	"encoding/json"
	"fmt"
)

// Fixtures is a simulated AWS side to start with, such as a test account an
// operator deployed once: each entry is the body of the admin call that
// creates it, so a fixtures file says what curl against /_admin would.
type Fixtures struct {
	// IAMRoles are bodies of PUT /_admin/iam-roles.
	IAMRoles []json.RawMessage `json:"iamRoles"`
	// S3Buckets are bodies of POST /_admin/s3-buckets.
	S3Buckets []json.RawMessage `json:"s3Buckets"`
}

// LoadFixtures puts the roles and S3 buckets of data, a JSON Fixtures
// (unknown fields are refused, as in every request body).
func (e *Emulator) LoadFixtures(data []byte) error {
	var f Fixtures
	if err := decodeJSON(data, &f); err != nil {
		return fmt.Errorf("fixtures: %w", err)
	}
	for i, body := range f.IAMRoles {
		if _, err := e.adminPutRole(call{body: body}); err != nil {
			return fmt.Errorf("fixtures: iamRoles[%d]: %w", i, err)
		}
	}
	for i, body := range f.S3Buckets {
		if _, err := e.adminPutS3Buckets(call{body: body}); err != nil {
			return fmt.Errorf("fixtures: s3Buckets[%d]: %w", i, err)
		}
	}
	return nil
}

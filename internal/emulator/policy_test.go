package emulator

import (
	"slices"
	"testing"
)

func TestPutRoleFromPolicies(t *testing.T) {
	const arn = "arn:aws:iam::111122223333:role/R"
	for _, tc := range []struct {
		name, trust, perms string
		wantPrincipal      string
		wantExternalID     string
		wantExternalIDLike string
		wantPermissions    []string
	}{
		{
			name:           "object statement, string values",
			trust:          `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"` + PrincipalARN + `"},"Condition":{"StringEquals":{"sts:ExternalId":"ext_1"}}}}`,
			perms:          `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
			wantPrincipal:  PrincipalARN,
			wantExternalID: "ext_1", wantPermissions: []string{"s3:*"},
		},
		{
			name: "array statements, array values",
			trust: `{"Version":"2012-10-17","Statement":[
				{"Effect":"Allow","Action":["sts:TagSession"],"Principal":{"AWS":["` + PrincipalARN + `"]}},
				{"Effect":"Allow","Action":["sts:AssumeRole"],"Principal":{"AWS":["arn:aws:iam::1:root","` + PrincipalARN + `"]},"Condition":{"StringEquals":{"sts:externalid":["ext_2"]}}}]}`,
			perms: `{"Statement":[
				{"Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"*"},
				{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"},
				{"Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}`,
			wantPrincipal:   PrincipalARN,
			wantExternalID:  "ext_2",
			wantPermissions: []string{"s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetObject"},
		},
		{
			name:               "StringLike external id",
			trust:              `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"` + PrincipalARN + `"},"Condition":{"StringLike":{"sts:ExternalId":"ext_*"}}}}`,
			wantPrincipal:      PrincipalARN,
			wantExternalIDLike: "ext_*",
		},
		{
			name:          "another principal, no permissions policy",
			trust:         `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::123456789012:root"}}]}`,
			wantPrincipal: "arn:aws:iam::123456789012:root",
		},
		{
			name:            "service principal only, empty permissions",
			trust:           `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}`,
			perms:           `{"Statement":[{"Effect":"Deny","Action":"s3:*"}]}`,
			wantPrincipal:   noPrincipal,
			wantPermissions: []string{},
		},
		{
			name:          "anyone, wildcard action",
			trust:         `{"Statement":[{"Effect":"Allow","Action":"sts:*","Principal":"*"}]}`,
			wantPrincipal: PrincipalARN,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := New(Options{}).PutRoleFromPolicies(arn, tc.trust, tc.perms)
			if err != nil {
				t.Fatal(err)
			}
			if r.ARN != arn || r.TrustedPrincipal != tc.wantPrincipal || r.ExternalID != tc.wantExternalID || r.ExternalIDLike != tc.wantExternalIDLike ||
				(r.Permissions == nil) != (tc.wantPermissions == nil) || !slices.Equal(r.Permissions, tc.wantPermissions) {
				t.Fatalf("role %+v", r)
			}
		})
	}

	for name, tc := range map[string][2]string{
		"bad trust JSON":        {`{"Statement":`, ``},
		"no statement":          {`{}`, ``},
		"bad permissions JSON":  {`{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"}}`, `[`},
		"two external ids":      {`{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*","Condition":{"StringEquals":{"sts:ExternalId":["a","b"]}}}}`, ``},
		"principal not an ARN":  {`{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"someone"}}`, ``},
		"action of wrong type":  {`{"Statement":{"Effect":"Allow","Action":3,"Principal":"*"}}`, ``},
		"statement not objects": {`{"Statement":["x"]}`, ``},
	} {
		if _, err := New(Options{}).PutRoleFromPolicies(arn, tc[0], tc[1]); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

package awspolicy

import (
	"encoding/json"
	"slices"
	"testing"
)

type policyDoc struct {
	Version   string
	Statement []struct {
		Sid       string
		Effect    string
		Principal map[string]string
		Action    any
		Resource  []string
		Condition map[string]map[string]string
	}
}

func parsePolicy(t *testing.T, doc string) policyDoc {
	t.Helper()
	var p policyDoc
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if p.Version != "2012-10-17" {
		t.Errorf("Version %q", p.Version)
	}
	return p
}

func TestAssumeRolePolicyTrustsThePrincipalWithTheExternalID(t *testing.T) {
	doc, err := AssumeRoleJSON("arn:aws:iam::999988887777:role/BucktService", "ext_aBcD1234")
	if err != nil {
		t.Fatal(err)
	}
	p := parsePolicy(t, doc)
	if len(p.Statement) != 1 {
		t.Fatalf("%d statements", len(p.Statement))
	}
	s := p.Statement[0]
	if s.Effect != "Allow" || s.Action != "sts:AssumeRole" || s.Principal["AWS"] != "arn:aws:iam::999988887777:role/BucktService" {
		t.Errorf("statement %+v", s)
	}
	if got := s.Condition["StringEquals"]["sts:ExternalId"]; got != "ext_aBcD1234" {
		t.Errorf("sts:ExternalId condition %q", got)
	}
}

func TestPermissionsPolicyScopesToBuckets(t *testing.T) {
	doc, err := PermissionsJSON("aws", []string{"logs-b", "logs-a"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := parsePolicy(t, doc)
	bySid := map[string][]string{}
	actions := map[string][]string{}
	for _, s := range p.Statement {
		if s.Effect != "Allow" {
			t.Errorf("%s: Effect %s", s.Sid, s.Effect)
		}
		bySid[s.Sid] = s.Resource
		for _, a := range s.Action.([]any) {
			actions[s.Sid] = append(actions[s.Sid], a.(string))
		}
	}
	if !slices.Equal(bySid["BucktDiscoverBuckets"], []string{"*"}) ||
		!slices.Contains(actions["BucktDiscoverBuckets"], "s3:ListAllMyBuckets") ||
		!slices.Contains(actions["BucktDiscoverBuckets"], "s3:GetBucketLocation") {
		t.Errorf("discovery statement: %v on %v", actions["BucktDiscoverBuckets"], bySid["BucktDiscoverBuckets"])
	}
	if want := []string{"arn:aws:s3:::logs-b", "arn:aws:s3:::logs-a"}; !slices.Equal(bySid["BucktManageBuckets"], want) {
		t.Errorf("bucket resources %v, want %v", bySid["BucktManageBuckets"], want)
	}
	if want := []string{"arn:aws:s3:::logs-b/*", "arn:aws:s3:::logs-a/*"}; !slices.Equal(bySid["BucktManageObjects"], want) {
		t.Errorf("object resources %v, want %v", bySid["BucktManageObjects"], want)
	}
	if !slices.Contains(actions["BucktManageObjects"], "s3:GetObject") || !slices.Contains(actions["BucktManageBuckets"], "s3:ListBucket") {
		t.Errorf("actions %v", actions)
	}
}

func TestPermissionsPolicyWithoutBucketsCoversAllInThePartition(t *testing.T) {
	doc, err := PermissionsJSON("aws-cn", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range parsePolicy(t, doc).Statement {
		switch s.Sid {
		case "BucktManageBuckets":
			if !slices.Equal(s.Resource, []string{"arn:aws-cn:s3:::*"}) {
				t.Errorf("bucket resources %v", s.Resource)
			}
		case "BucktManageObjects":
			if !slices.Equal(s.Resource, []string{"arn:aws-cn:s3:::*/*"}) {
				t.Errorf("object resources %v", s.Resource)
			}
		}
	}
}

func TestPolicyDocumentsAreDeterministic(t *testing.T) {
	a, _ := PermissionsJSON("aws", []string{"x-bucket", "y-bucket"}, nil)
	b, _ := PermissionsJSON("aws", []string{"x-bucket", "y-bucket"}, nil)
	c, _ := AssumeRoleJSON("arn:aws:iam::999988887777:role/BucktService", "ext_1")
	d, _ := AssumeRoleJSON("arn:aws:iam::999988887777:role/BucktService", "ext_1")
	if a != b || c != d {
		t.Error("the same input gave different JSON: every plan would show a diff")
	}
}

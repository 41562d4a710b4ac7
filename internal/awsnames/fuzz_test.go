package awsnames

import (
	"net"
	"slices"
	"strings"
	"testing"
)

// FuzzS3BucketName: an accepted name obeys every S3 rule, checked here
// independently of the validator's own code.
func FuzzS3BucketName(f *testing.F) {
	for _, seed := range []string{"legacy-marketing", "a.b", "xn--x", "192.168.0.1", "ab", "A-b", "x-s3alias", "a..b", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if S3BucketNameProblem(name) != "" {
			return
		}
		if len(name) < 3 || len(name) > 63 || strings.Contains(name, "..") || net.ParseIP(name) != nil ||
			strings.HasPrefix(name, "xn--") || strings.HasSuffix(name, "-s3alias") {
			t.Fatalf("accepted %q", name)
		}
		for i, c := range name {
			lowerAlnum := (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
			if !lowerAlnum && c != '.' && c != '-' || ((i == 0 || i == len(name)-1) && !lowerAlnum) {
				t.Fatalf("accepted %q with %q at %d", name, c, i)
			}
		}
	})
}

// FuzzIdentifierForms: what the ARN and account id patterns accept has the
// parts the API needs (a 12-digit account, the right service and resource
// type).
func FuzzIdentifierForms(f *testing.F) {
	for _, seed := range []string{"arn:aws:iam::111122223333:role/R", "arn:aws-cn:iam::111122223333:role/a/b", "arn:aws:iam::12345:role/x",
		"arn:aws:cloudformation:us-east-1:111122223333:stack/B/1", "111122223333", "arn:aws:iam::111122223333:root", "arn:awsx:iam::111122223333:role/R", "arn:aws-eusc:iam::111122223333:role/R"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fields := strings.SplitN(s, ":", 6)
		realPartition := len(fields) > 1 && slices.Contains([]string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}, fields[1])
		if (RoleARN.MatchString(s) || StackARN.MatchString(s) || PrincipalARN.MatchString(s)) && !realPartition {
			t.Fatalf("an ARN in no AWS partition accepted: %q", s)
		}
		if RoleARN.MatchString(s) && (len(fields) < 6 || fields[2] != "iam" || len(fields[4]) != 12 || !strings.HasPrefix(fields[5], "role/")) {
			t.Fatalf("role_arn accepted %q", s)
		}
		if StackARN.MatchString(s) && (len(fields) < 6 || fields[2] != "cloudformation" || len(fields[4]) != 12 || !strings.HasPrefix(fields[5], "stack/")) {
			t.Fatalf("stack_id accepted %q", s)
		}
		if AccountID.MatchString(s) && len(s) != 12 {
			t.Fatalf("AWS account id accepted %q", s)
		}
		if PrincipalARN.MatchString(s) && (len(fields) < 5 || fields[2] != "iam" || len(fields[4]) < 12) {
			t.Fatalf("principal_arn accepted %q", s)
		}
	})
}

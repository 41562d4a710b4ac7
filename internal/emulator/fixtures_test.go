package emulator

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestLoadFixtures: a fixtures file's role is assumable by any connection its
// externalIdLike admits, and its S3 buckets are there to import.
func TestLoadFixtures(t *testing.T) {
	c := start(t, Options{})
	const role = "arn:aws:iam::123456789012:role/BucktAcceptanceTests"
	err := c.srv.LoadFixtures([]byte(`{
  "iamRoles": [{"arn": "` + role + `", "externalIdLike": "ext_*"}],
  "s3Buckets": [{"awsAccountId": "123456789012", "names": ["fixture-1", "fixture-2"]}]
}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.srv.S3BucketNames("123456789012"); !slices.Equal(got, []string{"fixture-1", "fixture-2"}) {
		t.Errorf("S3 buckets %v, want fixture-1 and fixture-2", got)
	}
	id := c.connect("")
	c.do(http.StatusOK, "PATCH", "/v1/aws-accounts/"+id, map[string]string{"roleArn": role})
	c.do(http.StatusOK, "POST", "/v1/aws-accounts/"+id+"/validate", nil)
	if got := c.importBuckets(id, "fixture-2"); len(got) != 1 {
		t.Errorf("imported %v, want one bucket", got)
	}
}

// TestLoadFixtures_refusesWhatTheAdminAPIRefuses: errors name the entry.
func TestLoadFixtures_refusesWhatTheAdminAPIRefuses(t *testing.T) {
	for _, tc := range []struct{ fixtures, want string }{
		{`{"roles": []}`, `Unknown field "roles"`},
		{`{"iamRoles": [{"arn": "arn:aws:iam::1:role/x"}]}`, "iamRoles[0]: arn"},
		{`{"s3Buckets": [{"awsAccountId": "123456789012", "names": ["a"]}, {"awsAccountId": "12", "names": ["b"]}]}`,
			"s3Buckets[1]: awsAccountId must be 12 digits"},
	} {
		err := New(Options{}).LoadFixtures([]byte(tc.fixtures))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadFixtures(%s) = %v, want an error containing %q", tc.fixtures, err, tc.want)
		}
	}
}

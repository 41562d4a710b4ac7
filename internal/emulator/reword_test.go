package emulator

import (
	"net/http"
	"strings"
	"testing"
)

// rewordAWSAccount is the AWS account of the active connection rewordCases use.
const rewordAWSAccount = "123456789012"

// rewordCase is one failing request, sent to an emulator with and without
// RewordErrors; account is the active connection and bucket the id of its
// imported S3 bucket "logs".
type rewordCase struct {
	name   string
	method string
	path   func(account string) string
	body   any
	// kept lists what the reworded message must still carry.
	kept func(account, bucket string) []string
}

var rewordCases = []rewordCase{
	{
		name: "no such id", method: "GET",
		path: func(string) string { return "/v1/aws-accounts/awa_0MISSING" },
		kept: func(string, string) []string { return []string{"awa_0MISSING"} },
	},
	{
		name: "bucket not found", method: "POST",
		path: func(account string) string { return "/v1/aws-accounts/" + account + "/import" },
		body: map[string][]string{"bucketNames": {"no-such-bucket"}},
		kept: func(string, string) []string { return []string{`"no-such-bucket"`, rewordAWSAccount} },
	},
	{
		name: "already imported", method: "POST",
		path: func(account string) string { return "/v1/aws-accounts/" + account + "/import" },
		body: map[string][]string{"bucketNames": {"logs"}},
		kept: func(account, bucket string) []string { return []string{`"logs"`, bucket, account} },
	},
	{
		name: "disconnect with buckets", method: "DELETE",
		path: func(account string) string { return "/v1/aws-accounts/" + account },
		kept: func(account, bucket string) []string { return []string{account, bucket} },
	},
	{
		name: "unknown field", method: "POST",
		path: func(string) string { return "/v1/aws-accounts" },
		body: map[string]string{"colour": "red"},
		kept: func(string, string) []string { return []string{`"colour"`} },
	},
	{
		name: "method not allowed", method: "PUT",
		path: func(string) string { return "/v1/aws-accounts" },
		kept: func(string, string) []string { return []string{"/v1/aws-accounts"} },
	},
}

// TestRewordErrors: with RewordErrors every error keeps its status, type,
// code, param and headers, and what the message is about, in another sentence.
func TestRewordErrors(t *testing.T) {
	plain, reworded := start(t, Options{}), start(t, Options{RewordErrors: true})
	plainAccount, _ := rewordFixture(plain)
	account, bucket := rewordFixture(reworded)

	for _, tc := range rewordCases {
		t.Run(tc.name, func(t *testing.T) {
			want, err := plain.send(tc.method, tc.path(plainAccount), tc.body)
			if err != nil {
				t.Fatal(err)
			}
			got, err := reworded.send(tc.method, tc.path(account), tc.body)
			if err != nil {
				t.Fatal(err)
			}
			checkReworded(t, want, got, tc.kept(account, bucket))
		})
	}
}

// TestRewordErrors_rateLimited: an injected 429 keeps its Retry-After.
func TestRewordErrors_rateLimited(t *testing.T) {
	faults := Faults{RateLimit: 1, RetryAfterSeconds: 7}
	plain, reworded := start(t, Options{Faults: faults}), start(t, Options{Faults: faults, RewordErrors: true})
	want, err := plain.send("GET", "/v1/aws-accounts", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := reworded.send("GET", "/v1/aws-accounts", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkReworded(t, want, got, nil)
}

// TestRewordMessage_keepsAWSErrorCode: a failed validation keeps AWS's error
// code, the IAM action and the role's ARN, as the contract's "message = AWS
// error" needs.
func TestRewordMessage_keepsAWSErrorCode(t *testing.T) {
	role := "arn:aws:iam::" + rewordAWSAccount + ":role/buckt"
	got := rewordMessage(apiError{Type: "validation_error", Code: "aws_access_denied", Message: "AccessDenied: User: " +
		"arn:aws:sts::999988887777:assumed-role/BucktService/buckt-validation is not authorized to perform: sts:AssumeRole on resource: " + role})
	want := rewordedByCode["aws_access_denied"] +
		" [AccessDenied, arn:aws:sts::999988887777:assumed-role/BucktService/buckt-validation, sts:AssumeRole, " + role + "]"
	if got != want {
		t.Errorf("reworded:\n got %s\nwant %s", got, want)
	}
}

// rewordFixture gives c an active connection with the S3 bucket "logs"
// imported, and returns the connection's and the bucket's ids.
func rewordFixture(c *testClient) (account, bucket string) {
	account = c.activeAccount(rewordAWSAccount, "logs")
	return account, c.importBuckets(account, "logs")[0]
}

// checkReworded compares the reworded answer got with the plain answer want.
func checkReworded(t *testing.T, want, got reply, kept []string) {
	t.Helper()
	if got.status != want.status || want.status < http.StatusBadRequest {
		t.Fatalf("status %d, want %d (an error)", got.status, want.status)
	}
	for _, header := range []string{"Retry-After", "Allow"} {
		if got.header.Get(header) != want.header.Get(header) {
			t.Errorf("%s: %q, want %q", header, got.header.Get(header), want.header.Get(header))
		}
	}
	g, w := got.apiError(t), want.apiError(t)
	if g.Type != w.Type || g.Code != w.Code || g.Param != w.Param {
		t.Errorf("error %+v, want type %q code %q param %q", g, w.Type, w.Code, w.Param)
	}
	if g.Message == "" || g.Message == w.Message {
		t.Errorf("message %q is not reworded (the emulator's own: %q)", g.Message, w.Message)
	}
	for _, token := range kept {
		if !strings.Contains(g.Message, token) {
			t.Errorf("message %q lost %s", g.Message, token)
		}
	}
}

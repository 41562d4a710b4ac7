package emulator

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestAuthentication(t *testing.T) {
	c := start(t, Options{})
	for name, header := range map[string]string{"missing": "", "wrong key": "Bearer sekrit-wrong-key", "wrong scheme": "Basic " + testKey} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, c.srv.URL()+"/v1/aws-accounts", nil)
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var env struct{ Error errorBody }
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			r := reply{status: resp.StatusCode, body: body}
			r.decode(t, &env)
			if r.status != http.StatusUnauthorized || env.Error.Type != "authentication_error" {
				t.Fatalf("got %d %s", r.status, r.body)
			}
			if strings.Contains(string(r.body), "sekrit") || strings.Contains(string(r.body), testKey) {
				t.Fatalf("error echoes the key: %s", r.body)
			}
		})
	}
}

func TestConnectAndGet(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{Clock: clock})
	id := c.connect("production")
	if !regexp.MustCompile(`^awa_[0-9A-HJKMNP-TV-Z]{26}$`).MatchString(id) {
		t.Fatalf("id %q", id)
	}
	r := c.do(http.StatusOK, "GET", "/v1/aws-accounts/"+id, nil)
	for _, null := range []string{`"awsAccountId":null`, `"roleArn":null`, `"stackId":null`, `"lastValidatedAt":null`} {
		if !strings.Contains(string(r.body), null) {
			t.Errorf("body lacks %s: %s", null, r.body)
		}
	}
	var a awsAccount
	r.decode(t, &a)
	if a.Object != "aws_account" || a.Status != "pending" || *a.Label != "production" ||
		a.CreatedAt != "2026-04-25T12:00:00Z" || a.UpdatedAt != a.CreatedAt ||
		!regexp.MustCompile(`^ext_[A-Za-z0-9]{16}$`).MatchString(a.ExternalID) {
		t.Fatalf("account %+v", a)
	}
	if got := c.account(c.connect("")); got.Label != nil {
		t.Fatalf("connect without body: label %v", *got.Label)
	}

	c.fails(400, "invalid_request_error", "label", "POST", "/v1/aws-accounts", `{"label":""}`)
	c.fails(400, "invalid_request_error", "label", "POST", "/v1/aws-accounts", map[string]string{"label": strings.Repeat("x", 256)})
	c.fails(400, "invalid_request_error", "label", "POST", "/v1/aws-accounts", `{"label":3}`)
	c.fails(400, "invalid_request_error", "colour", "POST", "/v1/aws-accounts", `{"colour":"red"}`)
	c.fails(400, "invalid_request_error", "", "POST", "/v1/aws-accounts", `{"label":`)
	c.fails(400, "invalid_request_error", "", "POST", "/v1/aws-accounts", `{} {}`)
	c.fails(404, "not_found_error", "", "GET", "/v1/aws-accounts/awa_nope", nil)
	if n := c.srv.Stats().Accounts; n != 2 {
		t.Fatalf("%d accounts after failed connects", n)
	}
}

func TestRoutingErrors(t *testing.T) {
	c := start(t, Options{})
	c.fails(404, "not_found_error", "", "GET", "/v1/nothing", nil)
	c.fails(404, "not_found_error", "", "GET", "/", nil)
	r := c.do(405, "PUT", "/v1/aws-accounts/awa_x", nil)
	if e := r.apiError(t); e.Type != "invalid_request_error" || r.header.Get("Allow") != "GET, PATCH, DELETE" {
		t.Fatalf("405: %+v Allow %q", e, r.header.Get("Allow"))
	}
}

func TestListAccountsPagination(t *testing.T) {
	c := start(t, Options{Clock: newFakeClock()}) // a frozen clock: ids must still sort by creation
	var ids []string
	for range 7 {
		ids = append(ids, c.connect(""))
	}
	type page struct {
		Data []awsAccount
		Meta cursorMeta
	}
	list := func(query string) page {
		var p page
		c.do(http.StatusOK, "GET", "/v1/aws-accounts"+query, nil).decode(t, &p)
		return p
	}
	idsOf := func(p page) (out []string) {
		for _, a := range p.Data {
			out = append(out, a.ID)
		}
		return out
	}

	all := list("")
	if all.Meta.Limit != 25 || all.Meta.NextCursor != nil || strings.Join(idsOf(all), ",") != strings.Join(ids, ",") {
		t.Fatalf("default page %+v, want %v", all, ids)
	}

	p1 := list("?limit=3")
	if strings.Join(idsOf(p1), ",") != strings.Join(ids[:3], ",") || p1.Meta.Limit != 3 || p1.Meta.NextCursor == nil {
		t.Fatalf("page 1 %+v", p1)
	}
	// Deleting the last record seen and the next one must neither skip nor repeat records.
	c.do(http.StatusOK, "DELETE", "/v1/aws-accounts/"+ids[2], nil)
	c.do(http.StatusOK, "DELETE", "/v1/aws-accounts/"+ids[3], nil)
	p2 := list("?limit=3&cursor=" + *p1.Meta.NextCursor)
	if strings.Join(idsOf(p2), ",") != strings.Join(ids[4:7], ",") || p2.Meta.NextCursor != nil {
		t.Fatalf("page 2 %v, want %v (next %v)", idsOf(p2), ids[4:7], p2.Meta.NextCursor)
	}

	p1 = list("?limit=2")
	p2 = list("?limit=2&cursor=" + *p1.Meta.NextCursor)
	p3 := list("?limit=2&cursor=" + *p2.Meta.NextCursor)
	if got := append(append(idsOf(p1), idsOf(p2)...), idsOf(p3)...); len(got) != 5 || p3.Meta.NextCursor != nil {
		t.Fatalf("three pages: %v, last next %v", got, p3.Meta.NextCursor)
	}

	for _, q := range []string{"?limit=0", "?limit=101", "?limit=x", "?limit="} {
		c.fails(400, "invalid_request_error", "limit", "GET", "/v1/aws-accounts"+q, nil)
	}
	c.fails(400, "invalid_request_error", "cursor", "GET", "/v1/aws-accounts?cursor=garbage!", nil)
	c.fails(400, "invalid_request_error", "cursor", "GET", "/v1/aws-accounts?cursor="+encodeCursor("buckets", "bkt_x"), nil)
}

func TestUpdateAccount(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{Clock: clock})
	id := c.activeAccount("111122223333")
	path := "/v1/aws-accounts/" + id
	roleARN := *c.account(id).RoleARN

	clock.Advance(time.Minute)
	stack := "arn:aws:cloudformation:us-east-1:111122223333:stack/Buckt/abc123"
	c.do(http.StatusOK, "PATCH", path, map[string]string{"stackId": stack, "label": "prod"})
	a := c.account(id)
	if *a.StackID != stack || *a.Label != "prod" || *a.RoleARN != roleARN || a.Status != "active" || a.UpdatedAt != "2026-04-25T12:01:00Z" {
		t.Fatalf("after PATCH stackId+label: %+v", a)
	}

	clock.Advance(time.Minute)
	c.do(http.StatusOK, "PATCH", path, `{"roleArn":"`+roleARN+`","label":"prod"}`)
	if b := c.account(id); b.UpdatedAt != a.UpdatedAt || b.Status != "active" {
		t.Fatalf("a PATCH that changes nothing changed the account: %+v", b)
	}

	c.do(http.StatusOK, "PATCH", path, `{"label":null}`)
	a = c.account(id)
	if a.Label != nil || *a.StackID != stack || a.Status != "active" || a.UpdatedAt != "2026-04-25T12:02:00Z" {
		t.Fatalf("after label null: %+v", a)
	}

	c.do(http.StatusOK, "PATCH", path, `{"roleArn":"arn:aws:iam::111122223333:role/Other"}`)
	if a = c.account(id); a.Status != "pending" || *a.AWSAccountID != "111122223333" {
		t.Fatalf("after roleArn change: %+v", a)
	}
	c.fails(422, "validation_error", "", "POST", path+"/validate", nil)
	c.do(http.StatusOK, "PATCH", path, `{"roleArn":"`+roleARN+`"}`)
	c.do(http.StatusOK, "POST", path+"/validate", nil)
	c.do(http.StatusOK, "PATCH", path, `{"roleArn":null}`)
	if a = c.account(id); a.RoleARN != nil || a.Status != "pending" {
		t.Fatalf("after roleArn null: %+v", a)
	}

	c.fails(422, "validation_error", "roleArn", "PATCH", path, `{"roleArn":"arn:aws:iam::1111:role/x"}`)
	c.fails(422, "validation_error", "roleArn", "PATCH", path, `{"roleArn":"arn:aws:s3:::bucket"}`)
	c.fails(422, "validation_error", "stackId", "PATCH", path, `{"stackId":"stack/Buckt"}`)
	c.fails(400, "invalid_request_error", "label", "PATCH", path, `{"label":""}`)
	c.fails(400, "invalid_request_error", "roleArn", "PATCH", path, `{"roleArn":5}`)
	c.fails(400, "invalid_request_error", "status", "PATCH", path, `{"status":"active"}`)
	c.fails(404, "not_found_error", "", "PATCH", "/v1/aws-accounts/awa_missing", `{}`)
}

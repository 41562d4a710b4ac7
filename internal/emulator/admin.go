package emulator

import (
	"encoding/json"
	"net"
	"net/http"
	"regexp"
)

var awsAccountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// okResult answers admin calls that have nothing else to return.
var okResult = map[string]bool{"ok": true}

func (e *Emulator) adminRoutes() router {
	return router{
		{"GET /_admin/", e.adminIndex, "this list of routes"},
		{"GET /_admin/health", e.adminHealth, "liveness, and the principalArn roles must trust"},
		{"PUT /_admin/iam-roles", e.adminPutRole, `creates or replaces a role: {"arn", "externalId"?, "externalIdLike"? (StringLike pattern, e.g. "ext_*"), ` +
			`"trustedPrincipal"?, "permissions"?: [actions]} or {"arn", "assumeRolePolicy": JSON, "permissionsPolicy"?: JSON}`},
		{"DELETE /_admin/iam-roles", e.adminDeleteRole, "deletes a role: ?arn="},
		{"POST /_admin/s3-buckets", e.adminPutS3Buckets, `creates S3 buckets: {"awsAccountId": "111122223333", "names": [...]}`},
		{"DELETE /_admin/s3-buckets", e.adminDeleteS3Bucket, "deletes an S3 bucket (its Buckt record stays): ?awsAccountId=&name="},
		{"PATCH /_admin/aws-accounts/{id}", e.adminSetAccountStatus, `sets a connection's status: {"status": "pending"|"active"|"failed"}`},
		{"GET /_admin/stats", e.adminStats, "request counts by route, records held, connections accepted"},
		{"DELETE /_admin/stats", e.adminResetStats, "resets the request counts"},
		{"PUT /_admin/faults", e.adminSetFaults, `random faults, probabilities 0-1: {"rateLimit", "retryAfterSeconds", ` +
			`"unavailable", "dropAfterCommit", "slow", "slowDelay"}`},
		{"POST /_admin/fault-rules", e.adminAddFaultRule, `a fault for the next requests of one route: ` +
			`{"route": "` + RouteValidateAWSAccount + `", "times": 1, "status"?: 503, "drop"?: true}`},
		{"DELETE /_admin/fault-rules", e.adminClearFaultRules, "clears the fault rules"},
	}
}

// adminIndex lists every route, admin and API, with what each takes, for
// people poking at a running emulator with curl.
func (e *Emulator) adminIndex(call) (any, error) {
	list := func(rs router) []map[string]string {
		out := make([]map[string]string, len(rs))
		for i, rt := range rs {
			out[i] = map[string]string{"route": rt.key, "body": rt.doc}
		}
		return out
	}
	return map[string]any{"admin": list(e.admin), "api": list(e.api)}, nil
}

// serveAdmin serves /_admin to loopback clients only; it needs no API key,
// so it must not be reachable from elsewhere even if the listener were.
func (e *Emulator) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if !isLoopback(r.RemoteAddr) {
		e.write(w, errorResponse(newError(http.StatusForbidden, "The admin API only answers loopback clients")))
		return
	}
	rt, id, allowed := e.admin.match(r.Method, r.URL.Path)
	if rt == nil {
		e.write(w, routeError(r, allowed))
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		e.write(w, errorResponse(err))
		return
	}
	e.write(w, render(rt.handle(call{r: r, body: body, id: id})))
}

func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (e *Emulator) adminHealth(call) (any, error) {
	return map[string]any{"ok": true, "principalArn": PrincipalARN}, nil
}

// adminPutRole takes either a Role or an ARN with IAM policy documents.
func (e *Emulator) adminPutRole(c call) (any, error) {
	var in struct {
		ARN               string   `json:"arn"`
		ExternalID        string   `json:"externalId"`
		ExternalIDLike    string   `json:"externalIdLike"`
		TrustedPrincipal  string   `json:"trustedPrincipal"`
		Permissions       []string `json:"permissions"`
		AssumeRolePolicy  string   `json:"assumeRolePolicy"`
		PermissionsPolicy string   `json:"permissionsPolicy"`
		// CreatedAt is accepted and ignored so that a Role read back can be put again.
		CreatedAt json.RawMessage `json:"createdAt"`
	}
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	if !roleARNPattern.MatchString(in.ARN) {
		return nil, badRequest("arn", "arn %q is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)", in.ARN)
	}
	if in.AssumeRolePolicy == "" {
		if in.PermissionsPolicy != "" {
			return nil, badRequest("assumeRolePolicy", "permissionsPolicy needs assumeRolePolicy")
		}
		return e.PutRole(Role{ARN: in.ARN, ExternalID: in.ExternalID, ExternalIDLike: in.ExternalIDLike,
			TrustedPrincipal: in.TrustedPrincipal, Permissions: in.Permissions}), nil
	}
	if in.ExternalID != "" || in.ExternalIDLike != "" || in.TrustedPrincipal != "" || in.Permissions != nil {
		return nil, badRequest("assumeRolePolicy", "send either a Role (externalId, externalIdLike, trustedPrincipal, permissions) or policies (assumeRolePolicy, permissionsPolicy), not both")
	}
	role, err := e.PutRoleFromPolicies(in.ARN, in.AssumeRolePolicy, in.PermissionsPolicy)
	if err != nil {
		return nil, badRequest("", "Invalid IAM policy: %v", err)
	}
	return role, nil
}

func (e *Emulator) adminDeleteRole(c call) (any, error) {
	arn := c.r.URL.Query().Get("arn")
	if arn == "" {
		return nil, badRequest("arn", "the arn query parameter is required")
	}
	e.DeleteRole(arn)
	return okResult, nil
}

func (e *Emulator) adminPutS3Buckets(c call) (any, error) {
	var in struct {
		AWSAccountID string   `json:"awsAccountId"`
		Names        []string `json:"names"`
	}
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	if !awsAccountIDPattern.MatchString(in.AWSAccountID) {
		return nil, badRequest("awsAccountId", "awsAccountId must be 12 digits, got %q", in.AWSAccountID)
	}
	if len(in.Names) == 0 {
		return nil, badRequest("names", "names must list at least one bucket name")
	}
	e.PutS3Buckets(in.AWSAccountID, in.Names...)
	return okResult, nil
}

func (e *Emulator) adminDeleteS3Bucket(c call) (any, error) {
	q := c.r.URL.Query()
	if q.Get("awsAccountId") == "" || q.Get("name") == "" {
		return nil, badRequest("name", "the awsAccountId and name query parameters are required")
	}
	e.DeleteS3Bucket(q.Get("awsAccountId"), q.Get("name"))
	return okResult, nil
}

func (e *Emulator) adminSetAccountStatus(c call) (any, error) {
	var in struct {
		Status string `json:"status"`
	}
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	if err := e.SetAccountStatus(c.id, in.Status); err != nil {
		return nil, err
	}
	return e.getAccount(c)
}

func (e *Emulator) adminStats(call) (any, error) {
	return e.Stats(), nil
}

func (e *Emulator) adminResetStats(call) (any, error) {
	e.ResetStats()
	return okResult, nil
}

func (e *Emulator) adminSetFaults(c call) (any, error) {
	var f Faults
	if err := decodeJSON(c.body, &f); err != nil {
		return nil, err
	}
	for param, p := range map[string]float64{"rateLimit": f.RateLimit, "unavailable": f.Unavailable, "dropAfterCommit": f.DropAfterCommit, "slow": f.Slow} {
		if p < 0 || p > 1 {
			return nil, badRequest(param, "%s must be a probability between 0 and 1, got %v", param, p)
		}
	}
	if f.RetryAfterSeconds < 0 || f.SlowDelay < 0 {
		return nil, badRequest("", "retryAfterSeconds and slowDelay must not be negative")
	}
	e.SetFaults(f)
	return f, nil
}

func (e *Emulator) adminAddFaultRule(c call) (any, error) {
	var r FaultRule
	if err := decodeJSON(c.body, &r); err != nil {
		return nil, err
	}
	switch {
	case !e.api.has(r.Route):
		return nil, badRequest("route", "route %q is not an API route template such as %q", r.Route, RouteValidateAWSAccount)
	case r.Times < 1:
		return nil, badRequest("times", "times must be at least 1")
	case !r.Drop && r.Status != 0 && (r.Status < 400 || r.Status > 599):
		return nil, badRequest("status", "status must be an HTTP error status (400-599), got %d", r.Status)
	}
	e.AddFaultRule(r)
	return r, nil
}

func (e *Emulator) adminClearFaultRules(call) (any, error) {
	e.ClearFaultRules()
	return okResult, nil
}

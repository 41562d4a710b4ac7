package emulator

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Role is a simulated IAM role in a customer's AWS account.
type Role struct {
	// ARN is arn:aws:iam::<12 digits>:role/<name>.
	ARN string `json:"arn"`
	// ExternalID is the sts:ExternalId its trust policy requires
	// (StringEquals); "" = no such condition.
	ExternalID string `json:"externalId"`
	// ExternalIDLike is a pattern sts:ExternalId must match (StringLike: "*"
	// matches any run of characters, "?" one, case-sensitive, as in IAM), such
	// as "ext_*" for a test role any connection may assume; "" = no such condition.
	ExternalIDLike string `json:"externalIdLike,omitempty"`
	// TrustedPrincipal is the principal its trust policy allows; "" on put means PrincipalARN.
	TrustedPrincipal string `json:"trustedPrincipal"`
	// Permissions are the S3 actions granted; wildcards such as "s3:*" or
	// "s3:List*" are honoured. nil grants every action the probe needs.
	Permissions []string `json:"permissions"`
	// CreatedAt is set by the emulator on put; propagation delay counts from it.
	CreatedAt time.Time `json:"createdAt"`
}

// probeActions are what validate checks the role may do, in this order.
var probeActions = []string{"s3:ListAllMyBuckets", "s3:GetBucketLocation"}

// PutRole creates or replaces a role. A new or changed role gets CreatedAt =
// now and propagates anew; putting an identical role again keeps its CreatedAt,
// as IAM has nothing to propagate.
func (e *Emulator) PutRole(r Role) Role {
	if r.TrustedPrincipal == "" {
		r.TrustedPrincipal = PrincipalARN
	}
	r.Permissions = slices.Clone(r.Permissions)
	e.mu.Lock()
	defer e.mu.Unlock()
	old, ok := e.roles[r.ARN]
	if ok && sameRole(old, r) {
		return old
	}
	r.CreatedAt = e.now()
	e.roles[r.ARN] = r
	return r
}

func sameRole(a, b Role) bool {
	return a.ExternalID == b.ExternalID && a.ExternalIDLike == b.ExternalIDLike && a.TrustedPrincipal == b.TrustedPrincipal &&
		(a.Permissions == nil) == (b.Permissions == nil) && slices.Equal(a.Permissions, b.Permissions)
}

// DeleteRole deletes a role; deleting a missing role is a no-op.
func (e *Emulator) DeleteRole(arn string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.roles, arn)
}

// assumeRoleDenial simulates STS AssumeRole by PrincipalARN with externalID,
// then the permission probe, and returns AWS's error message or "" on success.
// Like AWS, every AssumeRole failure (no role, not yet propagated, wrong
// principal, wrong external id) gets the same message. Callers hold e.mu.
func (e *Emulator) assumeRoleDenial(roleARN, externalID string, now time.Time) string {
	role, ok := e.roles[roleARN]
	if !ok || now.Sub(role.CreatedAt) < e.opts.IAMPropagationDelay || role.TrustedPrincipal != PrincipalARN ||
		(role.ExternalID != "" && role.ExternalID != externalID) ||
		(role.ExternalIDLike != "" && !wildcardMatch(role.ExternalIDLike, externalID, false)) {
		return "AccessDenied: User: arn:aws:sts::999988887777:assumed-role/BucktService/buckt-validation " +
			"is not authorized to perform: sts:AssumeRole on resource: " + roleARN
	}
	for _, action := range probeActions {
		if !role.allows(action) {
			return fmt.Sprintf("AccessDenied: User: arn:%s:sts::%s:assumed-role/%s/buckt-validation is not authorized to perform: %s",
				arnPartition(roleARN), arnAccount(roleARN), roleName(roleARN), action)
		}
	}
	return ""
}

func (r Role) allows(action string) bool {
	return r.Permissions == nil || stringList(r.Permissions).allows(action)
}

// arnField returns field i of an ARN (arn:partition:service:region:account:resource).
func arnField(arn string, i int) string {
	fields := strings.SplitN(arn, ":", 6)
	if i >= len(fields) {
		return ""
	}
	return fields[i]
}

func arnPartition(arn string) string { return arnField(arn, 1) }

func arnAccount(arn string) string { return arnField(arn, 4) }

// roleName drops the "role/" prefix and any path, as assumed-role ARNs do.
func roleName(arn string) string {
	resource := arnField(arn, 5)
	return resource[strings.LastIndex(resource, "/")+1:]
}

// wildcardMatch matches IAM wildcard patterns: "*" matches any run of
// characters and "?" any single one. Actions compare case-insensitively
// (foldCase), StringLike condition values case-sensitively.
func wildcardMatch(pattern, s string, foldCase bool) bool {
	p, t := pattern, s
	if foldCase {
		p, t = strings.ToLower(pattern), strings.ToLower(s)
	}
	// star and mark remember the last "*" and where its match started, for backtracking.
	i, j, star, mark := 0, 0, -1, 0
	for j < len(t) {
		switch {
		case i < len(p) && (p[i] == '?' || p[i] == t[j]):
			i++
			j++
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case star >= 0:
			mark++
			i, j = star+1, mark
		default:
			return false
		}
	}
	return strings.Trim(p[i:], "*") == ""
}

package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// noPrincipal is the TrustedPrincipal of a role whose trust policy allows no
// AWS principal to assume it; it never matches.
const noPrincipal = "(none)"

// PutRoleFromPolicies puts the role described by IAM policy documents, as the
// AWS side of a test would create it. The trust policy's Allow statement for
// sts:AssumeRole that names PrincipalARN (or "*") gives TrustedPrincipal and,
// from Condition.StringEquals["sts:ExternalId"], ExternalID, and from
// Condition.StringLike["sts:ExternalId"], ExternalIDLike; without one, the
// role trusts the first AWS principal named, or nobody. Permissions are the
// union of the Actions of the permissions policy's Allow statements; an empty
// permissionsPolicyJSON leaves permissions unmodelled (every probe action allowed).
func (e *Emulator) PutRoleFromPolicies(arn, assumeRolePolicyJSON, permissionsPolicyJSON string) (Role, error) {
	trust, err := parsePolicy(assumeRolePolicyJSON)
	if err != nil {
		return Role{}, fmt.Errorf("assume role policy: %w", err)
	}
	r := Role{ARN: arn}
	if r.TrustedPrincipal, r.ExternalID, r.ExternalIDLike, err = trustOf(trust); err != nil {
		return Role{}, fmt.Errorf("assume role policy: %w", err)
	}
	if permissionsPolicyJSON != "" {
		perms, err := parsePolicy(permissionsPolicyJSON)
		if err != nil {
			return Role{}, fmt.Errorf("permissions policy: %w", err)
		}
		r.Permissions = allowedActions(perms)
	}
	return e.PutRole(r), nil
}

// policyDocument is the part of an IAM policy the simulation reads.
type policyDocument struct {
	Statement statementList `json:"Statement"`
}

type policyStatement struct {
	Effect    string                           `json:"Effect"`
	Action    stringList                       `json:"Action"`
	Principal principal                        `json:"Principal"`
	Condition map[string]map[string]stringList `json:"Condition"`
}

// stringList is an IAM value that is either a string or an array of strings.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")) {
		return json.Unmarshal(b, (*[]string)(l))
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*l = stringList{s}
	return nil
}

// statementList is Statement, which is either one object or an array of them.
type statementList []policyStatement

func (l *statementList) UnmarshalJSON(b []byte) error {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")) {
		return json.Unmarshal(b, (*[]policyStatement)(l))
	}
	var s policyStatement
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*l = statementList{s}
	return nil
}

// principal is Principal: "*" (anyone) or an object whose AWS key lists principals.
type principal struct {
	anyone bool
	aws    stringList
}

func (p *principal) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		if s != "*" {
			return fmt.Errorf("principal %q: want \"*\" or an object", s)
		}
		p.anyone = true
		return nil
	}
	var m struct {
		AWS stringList `json:"AWS"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	p.aws = m.AWS
	return nil
}

func (p principal) includes(arn string) bool {
	return p.anyone || slices.Contains(p.aws, arn) || slices.Contains(p.aws, "*")
}

func parsePolicy(doc string) (policyDocument, error) {
	var p policyDocument
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return p, err
	}
	if len(p.Statement) == 0 {
		return p, errors.New("no Statement")
	}
	return p, nil
}

// trustOf reads the trusted principal and required external id from a trust policy.
func trustOf(p policyDocument) (trusted, externalID, externalIDLike string, err error) {
	trusted = noPrincipal
	for _, st := range p.Statement {
		if st.Effect != "Allow" || !st.Action.allows("sts:AssumeRole") {
			continue
		}
		if !st.Principal.includes(PrincipalARN) {
			if trusted == noPrincipal && len(st.Principal.aws) > 0 {
				trusted = st.Principal.aws[0]
			}
			continue
		}
		if externalID, err = conditionValue(st.Condition, "StringEquals", "sts:ExternalId"); err != nil {
			return "", "", "", err
		}
		externalIDLike, err = conditionValue(st.Condition, "StringLike", "sts:ExternalId")
		return PrincipalARN, externalID, externalIDLike, err
	}
	return trusted, "", "", nil
}

// conditionValue returns the single value of a condition key (keys are
// case-insensitive in IAM), or "" when the condition is absent.
func conditionValue(cond map[string]map[string]stringList, operator, key string) (string, error) {
	for k, values := range cond[operator] {
		if !strings.EqualFold(k, key) {
			continue
		}
		if len(values) != 1 {
			return "", fmt.Errorf("condition %s %s: want one value, got %d", operator, key, len(values))
		}
		return values[0], nil
	}
	return "", nil
}

// allowedActions is the union of the actions of a policy's Allow statements.
func allowedActions(p policyDocument) []string {
	actions := []string{}
	for _, st := range p.Statement {
		if st.Effect != "Allow" {
			continue
		}
		for _, a := range st.Action {
			if !slices.Contains(actions, a) {
				actions = append(actions, a)
			}
		}
	}
	return actions
}

// allows reports whether any of the action patterns in l matches action.
func (l stringList) allows(action string) bool {
	return slices.ContainsFunc(l, func(pattern string) bool { return wildcardMatch(pattern, action, true) })
}

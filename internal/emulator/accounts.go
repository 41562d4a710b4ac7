package emulator

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Account statuses.
const (
	statusPending = "pending"
	statusActive  = "active"
	statusFailed  = "failed"
)

const maxLabelLength = 255

var (
	roleARNPattern = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/.+$`)
	stackIDPattern = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:cloudformation:[a-z0-9-]+:[0-9]{12}:stack/.+$`)
)

// awsAccount is both the stored record and its JSON form. Pointed-to strings
// are never modified in place, so a shallow copy is a safe snapshot.
type awsAccount struct {
	Object          string  `json:"object"`
	ID              string  `json:"id"`
	AWSAccountID    *string `json:"awsAccountId"`
	ExternalID      string  `json:"externalId"`
	RoleARN         *string `json:"roleArn"`
	StackID         *string `json:"stackId"`
	Label           *string `json:"label"`
	Status          string  `json:"status"`
	LastValidatedAt *string `json:"lastValidatedAt"`
	CreatedAt       string  `json:"createdAt"`
	UpdatedAt       string  `json:"updatedAt"`
}

// writeResult is the contract's WriteResponse.
type writeResult struct {
	Object string `json:"object"`
	ID     string `json:"id"`
}

// timestamp formats t as the API does: RFC 3339, UTC, whole seconds.
func timestamp(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

func (e *Emulator) connectAccount(c call) (any, error) {
	var in struct {
		Label *string `json:"label"`
	}
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	if err := checkLabel(in.Label); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	a := &awsAccount{
		Object:     "aws_account",
		ID:         e.ids.next("awa_", now),
		ExternalID: newExternalID(),
		Label:      in.Label,
		Status:     statusPending,
		CreatedAt:  timestamp(now),
		UpdatedAt:  timestamp(now),
	}
	e.accounts[a.ID] = a
	return writeResult{"aws_account", a.ID}, nil
}

func (e *Emulator) listAccounts(c call) (any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	items := make([]awsAccount, 0, len(e.accounts))
	for _, id := range slices.Sorted(maps.Keys(e.accounts)) {
		items = append(items, *e.accounts[id])
	}
	return paginate(c.r.URL.Query(), e.opts.OffsetCursors, "aws_accounts", items, func(a awsAccount) string { return a.ID })
}

func (e *Emulator) getAccount(c call) (any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.account(c.id)
	if err != nil {
		return nil, err
	}
	return *a, nil
}

func (e *Emulator) updateAccount(c call) (any, error) {
	var in struct {
		RoleARN optionalString `json:"roleArn"`
		StackID optionalString `json:"stackId"`
		Label   optionalString `json:"label"`
	}
	if err := decodeJSON(c.body, &in); err != nil {
		return nil, err
	}
	if in.RoleARN.value != nil && !roleARNPattern.MatchString(*in.RoleARN.value) {
		return nil, validationError("roleArn", "invalid_role_arn",
			"roleArn %q is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)", *in.RoleARN.value)
	}
	if in.StackID.value != nil && !stackIDPattern.MatchString(*in.StackID.value) {
		return nil, validationError("stackId", "invalid_stack_id",
			"stackId %q is not a CloudFormation stack ARN (arn:aws:cloudformation:<region>:<12-digit account>:stack/<name>/<id>)", *in.StackID.value)
	}
	if err := checkLabel(in.Label.value); err != nil {
		return nil, err
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.account(c.id)
	if err != nil {
		return nil, err
	}
	roleChanged := applyPatch(&a.RoleARN, in.RoleARN)
	stackChanged := applyPatch(&a.StackID, in.StackID)
	labelChanged := applyPatch(&a.Label, in.Label)
	if roleChanged {
		a.Status = statusPending
	}
	if roleChanged || stackChanged || labelChanged {
		a.UpdatedAt = timestamp(e.now())
	}
	return writeResult{"aws_account", a.ID}, nil
}

// applyPatch applies one PATCH field and reports whether the value changed.
func applyPatch(field **string, in optionalString) bool {
	if !in.set || equalStrings(*field, in.value) {
		return false
	}
	*field = in.value
	return true
}

func equalStrings(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// checkLabel applies the label rules shared by connect and PATCH; nil means no label.
func checkLabel(label *string) error {
	if label != nil && (*label == "" || utf8.RuneCountInString(*label) > maxLabelLength) {
		return badRequest("label", "label must be 1 to %d characters long (send null to clear it)", maxLabelLength)
	}
	return nil
}

func (e *Emulator) validateAccount(c call) (any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.account(c.id)
	if err != nil {
		return nil, err
	}
	if a.RoleARN == nil {
		return nil, validationError("roleArn", "role_arn_missing",
			"AWS account %s has no roleArn: set one with PATCH /v1/aws-accounts/%s before validating", a.ID, a.ID)
	}
	now := e.now()
	stamp := timestamp(now)
	a.UpdatedAt = stamp
	if denial := e.assumeRoleDenial(*a.RoleARN, a.ExternalID, now); denial != "" {
		a.Status = statusFailed
		return nil, validationError("", "aws_access_denied", "%s", denial)
	}
	awsAccountID := arnAccount(*a.RoleARN)
	a.Status = statusActive
	a.AWSAccountID = &awsAccountID
	a.LastValidatedAt = &stamp
	return writeResult{"aws_account", a.ID}, nil
}

func (e *Emulator) disconnectAccount(c call) (any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.account(c.id)
	if err != nil {
		return nil, err
	}
	if held := e.bucketsOf(a.ID); len(held) > 0 {
		names := make([]string, len(held))
		for i, b := range held {
			names[i] = fmt.Sprintf("%s (%s)", b.Name, b.ID)
		}
		return nil, conflict("account_has_buckets",
			"AWS account %s still has %s: %s. Release them (DELETE /v1/buckets/{id}) before disconnecting.",
			a.ID, plural(len(held), "imported bucket"), strings.Join(names, ", "))
	}
	delete(e.accounts, a.ID)
	return writeResult{"aws_account", a.ID}, nil
}

// SetAccountStatus changes an account's status out of band (e.g. to "failed",
// as if Buckt lost access), for tests of drift handling.
func (e *Emulator) SetAccountStatus(id, status string) error {
	if status != statusPending && status != statusActive && status != statusFailed {
		return badRequest("status", "status must be one of pending, active, failed; got %q", status)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.account(id)
	if err != nil {
		return err
	}
	a.Status = status
	a.UpdatedAt = timestamp(e.now())
	return nil
}

// account finds an account record; callers hold e.mu.
func (e *Emulator) account(id string) (*awsAccount, error) {
	a, ok := e.accounts[id]
	if !ok {
		return nil, notFound("No such AWS account: %s", id)
	}
	return a, nil
}

// activeAccount finds an account that may list or import buckets; callers hold e.mu.
func (e *Emulator) activeAccount(id string) (*awsAccount, error) {
	a, err := e.account(id)
	if err != nil {
		return nil, err
	}
	if a.Status != statusActive {
		return nil, validationError("", "account_not_active",
			"AWS account %s is %s: validate its role before listing or importing buckets", a.ID, a.Status)
	}
	return a, nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

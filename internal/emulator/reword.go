package emulator

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// Options.RewordErrors says every error message in other words, as a Buckt
// written independently from the same contract would: the status, type, code
// and param stay, the sentence changes. Clients and tests that match the
// emulator's own sentences break under it; what the contract lets a client
// rely on (the ids, names and ARNs a message is about, AWS's error code) is
// kept, after the new sentence.

// rewordedByCode is the other wording of each error code the emulator sends.
var rewordedByCode = map[string]string{
	"invalid_role_arn":        "Buckt refused this value, which is no IAM role ARN",
	"invalid_stack_id":        "Buckt refused this value, which is no CloudFormation stack ARN",
	"role_arn_missing":        "Nothing to validate yet: the connection has no role",
	"aws_access_denied":       "AWS turned Buckt's request down",
	"account_not_active":      "The connection cannot reach S3 before its role validates",
	"account_has_buckets":     "The connection still manages imported buckets; release those first",
	"bucket_not_found":        "The role sees no S3 bucket by this name in this AWS account",
	"bucket_already_imported": "Buckt already manages this S3 bucket",
	"idempotency_key_reused":  "This Idempotency-Key belongs to another request",
}

// rewordedByType is the other wording of each error type, for errors without a code.
var rewordedByType = map[string]string{
	"invalid_request_error": "Buckt could not accept the request",
	"authentication_error":  "Buckt did not accept these credentials",
	"permission_error":      "This caller may not do that",
	"not_found_error":       "Not found, or not visible to this API key",
	"conflict_error":        "The request conflicts with what Buckt holds",
	"validation_error":      "Buckt refused the request as invalid",
	"rate_limit_error":      "Request quota used up; wait, then retry",
	"api_error":             "Buckt failed to complete the request",
}

// keptToken matches what a reworded message keeps of the original: quoted
// values, Buckt ids, ARNs, 12-digit AWS account ids, API paths, IAM actions
// and AWS error codes (a capitalised word before a colon, "AccessDenied:").
var keptToken = regexp.MustCompile(`"[^"]*"` +
	`|\b(?:awa|bkt)_[0-9A-Za-z]+` +
	`|\barn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:[^\s;,()<>"]+` +
	`|\b[0-9]{12}\b` +
	`|/(?:v1|_admin)(?:/[^\s;,()]*)?` +
	`|\b[a-z0-9]+:[A-Z][A-Za-z]+\b` +
	`|^[A-Z][a-z]+(?:[A-Z][a-z]+)+:`)

// rewordMessage is e's message in other words: a sentence chosen by its code,
// else its type, then the tokens of the original it must keep, in order.
func rewordMessage(e apiError) string {
	sentence := cmp.Or(rewordedByCode[e.Code], rewordedByType[e.Type], "Buckt could not do that")
	var kept []string
	for _, token := range keptToken.FindAllString(e.Message, -1) {
		token = strings.TrimSuffix(strings.TrimRight(token, "."), ":")
		if !slices.Contains(kept, token) {
			kept = append(kept, token)
		}
	}
	if len(kept) == 0 {
		return sentence
	}
	return sentence + " [" + strings.Join(kept, ", ") + "]"
}

// reworded is res with its error message reworded; res itself when it is
// not an error envelope.
func (res response) reworded() response {
	if res.apiErr == nil {
		return res
	}
	e := *res.apiErr
	e.Message = rewordMessage(e)
	out := errorResponse(&e)
	out.header = res.header
	return out
}

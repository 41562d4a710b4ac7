// Package awspolicy writes the IAM policy documents of a role that Buckt
// assumes: its trust policy and the permissions Buckt needs in the account,
// as compact JSON that is byte-identical for the same inputs. It knows
// nothing of Terraform; the buckt_aws_iam_policy data source and the
// provider's policy functions both call it, so they always agree.
package awspolicy

import "encoding/json"

// iamPolicyVersion is the current IAM policy language version; without it IAM
// falls back to 2008-10-17, which lacks policy variables.
const iamPolicyVersion = "2012-10-17"

// The actions Buckt needs in a connected account: discovery runs account-wide,
// bucket and object management only on the buckets it is given.
var (
	bucktDiscoverActions = []string{"s3:ListAllMyBuckets", "s3:GetBucketLocation"}
	bucktBucketActions   = []string{
		"s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketTagging",
		"s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration",
	}
	bucktObjectActions = []string{
		"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload",
	}
	// bucktKMSActions read and write objects of SSE-KMS buckets: S3 decrypts
	// with the key on GetObject and asks it for a data key on PutObject.
	bucktKMSActions = []string{"kms:Decrypt", "kms:GenerateDataKey"}
)

// The documents are structs, not maps, so that encoding/json writes their fields
// in a fixed order: the same inputs must give byte-identical JSON, or every plan
// would show a diff.
type assumeRolePolicy struct {
	Version   string                      `json:"Version"`
	Statement []assumeRolePolicyStatement `json:"Statement"`
}

type assumeRolePolicyStatement struct {
	Sid       string             `json:"Sid"`
	Effect    string             `json:"Effect"`
	Principal awsPrincipal       `json:"Principal"`
	Action    string             `json:"Action"`
	Condition externalIDRequired `json:"Condition"`
}

type awsPrincipal struct {
	AWS string `json:"AWS"`
}

type externalIDRequired struct {
	StringEquals struct {
		ExternalID string `json:"sts:ExternalId"`
	} `json:"StringEquals"`
}

// permissionsPolicy's Action and Resource are always arrays, even of one
// element, so that jsondecode of the output always yields lists.
type permissionsPolicy struct {
	Version   string                       `json:"Version"`
	Statement []permissionsPolicyStatement `json:"Statement"`
}

type permissionsPolicyStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

// AssumeRoleJSON is the trust policy letting principalARN assume the role
// only with the connection's external id (the confused-deputy guard).
func AssumeRoleJSON(principalARN, externalID string) (string, error) {
	st := assumeRolePolicyStatement{
		Sid:       "BucktAssumeRole",
		Effect:    "Allow",
		Principal: awsPrincipal{AWS: principalARN},
		Action:    "sts:AssumeRole",
	}
	st.Condition.StringEquals.ExternalID = externalID
	return compactJSON(assumeRolePolicy{Version: iamPolicyVersion, Statement: []assumeRolePolicyStatement{st}})
}

// PermissionsJSON is the permissions policy Buckt needs, scoped to
// bucketNames (in the order given; names or patterns such as "logs-*") or to
// every bucket when there are none, plus the KMS actions that reading and
// writing SSE-KMS objects needs on kmsKeyARNs, when there are any. partition
// is the ARN partition of the account (aws, aws-cn, aws-us-gov).
func PermissionsJSON(partition string, bucketNames, kmsKeyARNs []string) (string, error) {
	prefix := "arn:" + partition + ":s3:::"
	buckets := []string{prefix + "*"}
	objects := []string{prefix + "*/*"}
	if len(bucketNames) > 0 {
		buckets = make([]string, len(bucketNames))
		objects = make([]string, len(bucketNames))
		for i, name := range bucketNames {
			buckets[i] = prefix + name
			objects[i] = prefix + name + "/*"
		}
	}
	statements := []permissionsPolicyStatement{
		{Sid: "BucktDiscoverBuckets", Effect: "Allow", Action: bucktDiscoverActions, Resource: []string{"*"}},
		{Sid: "BucktManageBuckets", Effect: "Allow", Action: bucktBucketActions, Resource: buckets},
		{Sid: "BucktManageObjects", Effect: "Allow", Action: bucktObjectActions, Resource: objects},
	}
	if len(kmsKeyARNs) > 0 {
		statements = append(statements, permissionsPolicyStatement{
			Sid: "BucktUseKMSKeys", Effect: "Allow", Action: bucktKMSActions, Resource: kmsKeyARNs,
		})
	}
	return compactJSON(permissionsPolicy{Version: iamPolicyVersion, Statement: statements})
}

func compactJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

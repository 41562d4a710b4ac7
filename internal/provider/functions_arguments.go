package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
)

// defaultPartition is the partition of a function's ARNs when none is given.
const defaultPartition = "aws"

// checkStringArgument runs v, the schema validator of the attribute an argument
// mirrors, on the argument at position (named at), so that a function checks an
// input exactly as the data source does. Its first error becomes the function's
// error, worded for an argument: "Argument principal_arn must be ...".
func checkStringArgument(ctx context.Context, position int64, at path.Path, value string, v validator.String) *function.FuncError {
	req := validator.StringRequest{Path: at, PathExpression: at.Expression(), ConfigValue: types.StringValue(value)}
	var resp validator.StringResponse
	v.ValidateString(ctx, req, &resp)
	errs := resp.Diagnostics.Errors()
	if len(errs) == 0 {
		return nil
	}
	return function.NewArgumentFuncError(position, "Argument "+strings.TrimPrefix(errs[0].Detail(), "Attribute "))
}

// firstFuncError is the first of errs that is not nil: Terraform points at one
// argument per error, so the checks of several arguments report the first that fails.
func firstFuncError(errs ...*function.FuncError) *function.FuncError {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// partitionArgument is the optional partition, given as the variadic arguments
// starting at position: defaultPartition when there are none.
func partitionArgument(ctx context.Context, position int64, partitions []string) (string, *function.FuncError) {
	switch len(partitions) {
	case 0:
		return defaultPartition, nil
	case 1:
		return partitions[0], checkStringArgument(ctx, position, path.Root("partition"), partitions[0], partitionValidator())
	default:
		return "", function.NewArgumentFuncError(position+1, `Argument partition: give at most one partition, such as "aws-cn"`)
	}
}

// partitionParameter is the optional, variadic partition of the functions that
// write ARNs.
func partitionParameter() function.StringParameter {
	return function.StringParameter{
		Name: "partition",
		MarkdownDescription: "Optional: the AWS partition of the ARNs, `\"aws\"` when omitted, e.g. `\"aws-cn\"`; one of `" +
			strings.Join(awsnames.Partitions, "`, `") + "`.",
	}
}

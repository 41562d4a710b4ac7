package emulator

import "slices"

// The API's routes, each a method and a path template whose only parameter is
// {id}. They name the route in Stats.Requests and FaultRule.Route, and the
// emulator's route table is built from them, so a test counting or faulting a
// route by its constant cannot drift from what the emulator serves.
const (
	RouteConnectAWSAccount    = "POST /v1/aws-accounts"
	RouteListAWSAccounts      = "GET /v1/aws-accounts"
	RouteGetAWSAccount        = "GET /v1/aws-accounts/{id}"
	RouteUpdateAWSAccount     = "PATCH /v1/aws-accounts/{id}"
	RouteDisconnectAWSAccount = "DELETE /v1/aws-accounts/{id}"
	RouteValidateAWSAccount   = "POST /v1/aws-accounts/{id}/validate"
	RouteListS3Buckets        = "GET /v1/aws-accounts/{id}/s3-buckets"
	RouteImportBuckets        = "POST /v1/aws-accounts/{id}/import"
	RouteListBuckets          = "GET /v1/buckets"
	RouteGetBucket            = "GET /v1/buckets/{id}"
	RouteReleaseBucket        = "DELETE /v1/buckets/{id}"
)

// Routes lists the API's routes, in the order of the route table.
func Routes() []string {
	var e Emulator // the table is only read for its keys: no handler runs
	table := e.apiRoutes()
	keys := make([]string, len(table))
	for i, rt := range table {
		keys[i] = rt.key
	}
	return keys
}

// KnownRoute reports whether key is one of the API's routes.
func KnownRoute(key string) bool { return slices.Contains(Routes(), key) }

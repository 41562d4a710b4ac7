terraform {
  required_version = ">= 1.14"
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

# The API key and endpoint come from BUCKT_API_KEY and BUCKT_ENDPOINT.
provider "buckt" {}

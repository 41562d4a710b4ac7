terraform {
  required_providers {
    buckt = {
      source = "buckt/buckt"
    }
  }
}

# The API key is best left to the BUCKT_API_KEY environment variable, so that it
# never sits in a configuration file.
provider "buckt" {
  # api_key   = "..."                  # or BUCKT_API_KEY
  # endpoint  = "https://api.buckt.io" # or BUCKT_ENDPOINT
  max_retries = 5

  # Pipelines that share one API key: cap this one's share of the key's limit.
  # max_requests_per_second = 10 # or BUCKT_MAX_REQUESTS_PER_SECOND
}

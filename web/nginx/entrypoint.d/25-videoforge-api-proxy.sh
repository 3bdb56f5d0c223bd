#!/bin/sh
# Run by the nginx image's entrypoint after its own template rendering (20-envsubst-on-templates.sh).
# Writes $NGINX_ENVSUBST_OUTPUT_DIR/api-proxy.conf, which nginx.conf includes in its server: the
# proxy locations of api-proxy.conf.template when WEB_API_UPSTREAM and WEB_ADMIN_UPSTREAM are both
# set (origins such as http://videoforge-api:8080), a comment when neither is. Anything else stops
# the container: a half-configured proxy would send /api calls to the app's index.html.
set -eu

template="${NGINX_API_PROXY_TEMPLATE:-/etc/nginx/api-proxy/api-proxy.conf.template}"
output="${NGINX_ENVSUBST_OUTPUT_DIR:-/tmp}/api-proxy.conf"
api="${WEB_API_UPSTREAM:-}"
admin="${WEB_ADMIN_UPSTREAM:-}"

fail() {
  echo "$0: $*" >&2
  exit 1
}

# An origin only: a path after it would make nginx replace the request's path with its own.
require_origin() {
  printf '%s' "$2" | grep -Eq '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$' ||
    fail "$1 must be an origin such as http://videoforge-api:8080, without a path: '$2'"
}

# /tmp outlives a container restart in the pod: never leave the previous start's file behind.
rm -f "$output"
if [ -z "$api" ] && [ -z "$admin" ]; then
  echo '# The API proxy is off: WEB_API_UPSTREAM and WEB_ADMIN_UPSTREAM are empty.' >"$output"
  exit 0
fi
[ -n "$api" ] && [ -n "$admin" ] || fail 'set both WEB_API_UPSTREAM and WEB_ADMIN_UPSTREAM, or neither'
require_origin WEB_API_UPSTREAM "$api"
require_origin WEB_ADMIN_UPSTREAM "$admin"
# Only these two: the template's own $variables are nginx's.
# shellcheck disable=SC2016
envsubst '${WEB_API_UPSTREAM} ${WEB_ADMIN_UPSTREAM}' <"$template" >"$output"
echo "$0: /api/admin goes to $admin, /api to $api"

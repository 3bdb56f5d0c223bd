#!/bin/sh
# Pins every base image of the repository's Dockerfiles by digest, where a registry is reachable.
#
# Base images are build arguments, one per line, tag and digest together:
#   ARG NODE_IMAGE=node:24.21.0-trixie-slim@sha256:<digest of the multi-platform index>
# The tag is what a reader (and Renovate/Dependabot) sees; the digest is what the build pulls, so a
# re-pushed tag changes nothing until someone runs this script and commits the diff.
#
#   scripts/pin-base-images.sh           resolve each tag again and rewrite the digests
#   scripts/pin-base-images.sh --check   offline: fail if any *_IMAGE default lacks a digest
#
# To bump (a new Node patch, a new Lambda base): edit the tag in the ARG line (leave the old digest,
# it is replaced), run this script, review `git diff`, build, commit. Needs crane
# (github.com/google/go-containerregistry) or docker buildx; both print the index digest, which
# covers every platform.
set -eu
cd "$(dirname "$0")/.."

dockerfiles=$(find . -name Dockerfile -not -path '*/node_modules/*' | sort)
pattern='^ARG [A-Z0-9_]*_IMAGE='

if [ "${1:-}" = "--check" ]; then
  status=0
  for file in $dockerfiles; do
    for line in $(grep -E "$pattern" "$file" | sed 's/^ARG //'); do
      case "$line" in
        *@sha256:????????????????????????????????????????????????????????????????) ;;
        *) echo "$file: $line is not pinned by digest" >&2; status=1 ;;
      esac
    done
  done
  exit "$status"
fi

resolve() {
  if command -v crane >/dev/null 2>&1; then
    crane digest "$1"
  elif docker buildx version >/dev/null 2>&1; then
    docker buildx imagetools inspect "$1" --format '{{.Manifest.Digest}}'
  else
    echo "pin-base-images: needs crane or docker buildx, and a reachable registry" >&2
    exit 1
  fi
}

for file in $dockerfiles; do
  for line in $(grep -E "$pattern" "$file" | sed 's/^ARG //'); do
    name=${line%%=*}
    image=${line#*=}
    tag=${image%@sha256:*}
    digest=$(resolve "$tag")
    case "$digest" in
      sha256:????????????????????????????????????????????????????????????????) ;;
      *) echo "pin-base-images: no digest for $tag (got '$digest')" >&2; exit 1 ;;
    esac
    if [ "$image" != "$tag@$digest" ]; then
      # | as the sed delimiter: image references hold slashes, never a |.
      sed -i "s|^ARG $name=.*\$|ARG $name=$tag@$digest|" "$file"
      echo "$file: $name=$tag@$digest"
    fi
  done
done

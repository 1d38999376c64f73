#!/usr/bin/env bash
# Makes the folders the settings point at, and the development secret key that the settings
# read when DJANGO_DEBUG is on and DJANGO_SECRET_KEY is unset. Importing the settings writes
# nothing, so this is where those files come from. A deployment sets DJANGO_SECRET_KEY instead.
set -euo pipefail
cd "$(dirname "$0")/../.."

var_dir=${PORTAL_VAR_DIR:-var}
mkdir -p "$var_dir" "${DJANGO_STATIC_ROOT:-$var_dir/staticfiles}" "${DJANGO_MEDIA_ROOT:-$var_dir/media}"

key_file="$var_dir/dev-secret-key"
if [ ! -s "$key_file" ]; then
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file")
    echo "setup: made a development secret key in $key_file"
fi

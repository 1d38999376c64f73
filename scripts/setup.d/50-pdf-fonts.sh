#!/usr/bin/env bash
# Prepares the PDF's fonts once: cuts the CJK fonts (fonts-noto-cjk, installed by
# scripts/setup.sh, and the Fandol fonts of 40-fandol-fonts.sh) down to GB 2312 and punctuation, into PDF_FONT_DIR
# (var/fonts). Takes about two minutes the first time; afterwards it only checks that the
# prepared fonts match the installed ones (about a second).
set -euo pipefail
cd "$(dirname "$0")/../.."

# Font preparation needs no secrets: the test settings' throwaway key is enough.
DJANGO_SETTINGS_MODULE=portal.test_settings .venv/bin/python manage.py prepare_pdf_fonts --no-database

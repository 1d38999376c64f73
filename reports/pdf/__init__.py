"""The leadership's PDF: the published report typeset after GB/T 9704-2012.

``render`` turns a report into PDF bytes with WeasyPrint; ``store`` keeps one rendering per
content version in a Django storage and renders once under a lock; ``views`` serves it;
``receivers`` renders ahead when a report is published or edited. Fonts are prepared once by
``manage.py prepare_pdf_fonts`` (see ``fonts``).
"""

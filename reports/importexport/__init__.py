"""Everything that reads or writes the office's spreadsheets and the open-data files.

- ``columns``: the Chinese column names, the one list every sheet and file uses.
- ``cells``: ``neutralise``, applied to every cell of every CSV and XLSX the project writes.
- ``numbers``: figures as people write them (``300余``, ``3.2万``, ``95%``, ``１，２３４``).
- ``reading``: finds the table in an uploaded file (XLSX, XLS, CSV, UTF-16 text) and keeps each
  row's place in the sheet, so messages name the sheet, the Excel row and the column letter.
- ``widgets``, ``loaders``, ``resources``: django-import-export definitions.
- ``formats``: the formats the admin offers, reading through ``reading``.
- ``collection_sheet``: the sheet departments fill in; ``open_data``: the public files.
"""

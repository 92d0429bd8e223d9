"""The handbook as data: front-matter, validation, index, references, tables, revision.

No MkDocs import anywhere in this package: the build hooks, the HR commands and the calculators'
command line all read the handbook through it.
"""

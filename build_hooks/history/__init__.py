"""What changed between revisions, read from the repository's git history (no MkDocs import).

* :mod:`.git_repository` — finds the commits that cut each revision and reads files from them;
* :mod:`.snapshot` — one revision's sections (from git, cached under ``.cache/``, or from disk);
* :mod:`.history` — the past revisions of a handbook, or the note saying why there are none;
* :mod:`.word_diff` — word-level differences between two texts;
* :mod:`.field_changes` — front-matter changes as table rows;
* :mod:`.compare` — what changed between two snapshots, section by section;
* :mod:`.diff_html` — the HTML (``<ins>``/``<del>``) shown on the site, and its JSON form;
* :mod:`.feed` — the Atom feed of revisions;
* :mod:`.announce` — the e-mail summary of the current revision (``make announce``).
"""

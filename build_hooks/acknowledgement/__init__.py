"""Hook 2, the acknowledgement form: page (:mod:`.page`), adapter (:mod:`.hooks`) and assets."""

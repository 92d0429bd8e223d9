"""Hook 1, the handbook site: section pages, navigation, home, links, policy tables, the revisions
and print pages (adapter: :mod:`build_hooks.handbook.hooks`, listed first under ``hooks:``)."""

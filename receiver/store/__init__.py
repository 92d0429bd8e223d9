"""The receiver's storage: engine set-up, migrations, the append-only signed-records table."""

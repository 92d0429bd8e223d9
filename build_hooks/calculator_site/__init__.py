"""Hook 3, the browser calculators: forms (:mod:`.forms`), the Pyodide bundle (:mod:`.bundle`),
adapter (:mod:`.hooks`) and the browser assets."""

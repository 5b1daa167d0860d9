"""The writing pipeline: plan -> draft -> review -> summarize, orchestrated by `run.write_post`."""

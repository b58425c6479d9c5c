"""Running ingest: the pipeline (stage order, batches, workers, error isolation), the runner over
configured sources, the run lock, `status` and `rescore`."""

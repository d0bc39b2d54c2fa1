"""Incremental builds, beside the pipeline: the cache, output fingerprints and
reuse of the last model. Only the orchestrator (generator.build) imports it;
the pipeline runs the same without it.
"""

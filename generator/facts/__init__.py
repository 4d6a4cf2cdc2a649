"""Stage 1-3, facts: read data/ strictly (load), type it (model, validate), resolve its references (link), and hold
every figure and quote to its source's own words (numbers, excerpts); problems are located lines, never tracebacks;
pipeline runs the lot; staleness says which records need re-checking.

May import: nothing of the package above it (only generator.machine). Later stages plug in through registries
(pipeline.register_attacher), never by being imported here.
"""

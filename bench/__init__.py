"""Benchmarks for blogwright: writing quality (pipeline vs single-shot) and speed.

Run from the repo root: `python -m bench.quality [--quick]` and `python -m bench.speed [--quick]`.
"""

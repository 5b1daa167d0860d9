"""Models and the install: backends by spec, the models this machine can use, the embedding model,
and `blogwright doctor`'s checks (`GateConfig` too, for the web page that makes backends and checks)."""

from __future__ import annotations

from blogwright.api.settings import GateConfig
from blogwright.backends import SPECS, check_spec, get_backend, registry, validate_spec
from blogwright.backends.base import Backend, close_backend
from blogwright.backends.discover import llm_entries, ollama_models, usable_models
from blogwright.doctor import run_checks
from blogwright.embeddings import load_model as load_embeddings

__all__ = ["SPECS", "Backend", "GateConfig", "check_spec", "close_backend", "get_backend", "llm_entries",
           "load_embeddings", "ollama_models", "registry", "run_checks", "usable_models", "validate_spec"]

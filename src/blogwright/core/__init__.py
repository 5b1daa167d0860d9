"""The foundation: errors, paths, config. Imports nothing else of blogwright."""

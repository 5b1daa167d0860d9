"""blogwright: makes an AI write your blog posts, and write them well."""

__version__ = "0.1.0"

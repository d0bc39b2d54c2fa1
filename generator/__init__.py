"""mentorkit: a static site generator for mentorship programme handbooks."""

__version__ = "0.1.0"

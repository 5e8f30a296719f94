"""Training code for the statistical NER (`make model`); not needed at runtime."""

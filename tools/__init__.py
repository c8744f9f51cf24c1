"""Small programs the Makefile, the workflows and the tests use."""

"""Training data for the embedded scorer's heads; not needed at scoring time."""

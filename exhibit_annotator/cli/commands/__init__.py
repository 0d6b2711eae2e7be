"""The commands, by subject; each takes the parsed arguments and returns the exit status."""

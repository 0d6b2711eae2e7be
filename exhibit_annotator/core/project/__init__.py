"""The project file and its life: load and save (store), every change as an operation through the session, the
workspace that holds an open project (lock, journal, recovery), merge, git, validation, listing and comparing."""

"""The reader's screens: the main reader and its dialogs."""

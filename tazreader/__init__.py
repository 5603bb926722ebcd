"""tazreader: read taz.de in a terminal."""

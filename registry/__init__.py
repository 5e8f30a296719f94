"""The politician registry's files: reading the member lists users export from Danmarks Statistik
and valg.dk (`readers.py`), and `kommunevagt politicians` (`cli.py`). The registry itself is in
`store/politicians.py`."""

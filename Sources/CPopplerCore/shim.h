// poppler's core library (C++), for its compiler and linker flags only: CPopplerPaths includes its headers itself.

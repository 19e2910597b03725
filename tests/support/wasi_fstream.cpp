// Debian's wasm32-wasi libc++ 19 is configured without filesystem support, so
// it neither declares nor builds std::basic_filebuf. The WASI test build sees a
// copy of __config_site without _LIBCPP_HAS_NO_FILESYSTEM (tests/CMakeLists.txt)
// and this file instantiates the stream classes Catch2 v2 refers to. Only the
// test binaries get this; a real wasi-sdk needs neither.
#include <fstream>

template class std::basic_filebuf<char>;
template class std::basic_ifstream<char>;
template class std::basic_ofstream<char>;

// CRC-32 (zip's polynomial) by carry-less multiplication where the processor has it.
#ifndef NIANBAO_FOLD_CRC_H
#define NIANBAO_FOLD_CRC_H

#include <stddef.h>
#include <stdint.h>

/// Whether `nianbao_fold_crc32` can run here (x86-64 with PCLMULQDQ and SSE4.1).
int nianbao_fold_crc32_available(void);

/// Folds the 16-byte blocks of `bytes` into the running CRC-32 `crc` (zlib's convention: 0 to start, the final
/// value after each call) and returns it with the number of bytes consumed in `*consumed` (a multiple of 16; 0
/// when fewer than 64 bytes are given or the instructions are missing). The caller adds the rest with zlib's crc32.
uint32_t nianbao_fold_crc32(uint32_t crc, const unsigned char *bytes, size_t count, size_t *consumed);

#endif

/* For CI under wine only, never shipped: Debian 12's wine 8.0 has no bcryptprimitives.dll,
 * which every Windows 10/11 has and Rust's standard library imports (ProcessPrng, its
 * source of randomness). This one gives wine's RtlGenRandom under that name, so that
 * .ci/package can run the real vafa.exe. Built by .ci/package with mingw-w64. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}

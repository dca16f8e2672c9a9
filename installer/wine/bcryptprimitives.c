/* A stand-in for Windows 10's bcryptprimitives.dll, for running our programs under Wine 8
 * in tests only: Wine 8 lacks the DLL, and Rust's standard library takes its random numbers from
 * ProcessPrng there. It forwards to RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 * Real Windows 10 and 11 ship the real DLL; this file is never installed. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

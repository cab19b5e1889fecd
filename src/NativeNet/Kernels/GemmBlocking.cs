namespace NativeNet.Kernels;

/// <summary>
/// Cache blocking of the packed GEMM path, in elements: a packed MC×KC block of A is reused from L2 across the
/// columns of an NC-wide block of C; one KC×NR micro-panel of B is reused from L1 across all MC/MR row panels.
/// </summary>
internal readonly record struct GemmBlocking(int Mc, int Kc, int Nc);

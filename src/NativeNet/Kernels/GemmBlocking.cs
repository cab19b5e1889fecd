namespace NativeNet.Kernels;

/// <summary>
/// Cache blocking of the packed GEMM path, in elements: C is split into blocks of at most MC rows × NC columns (the
/// units handed to threads) and k into KC-long slices; within a block and slice, each MR×KC panel of A stays in L1
/// while the KC×NC block of B, kept in L2, streams past it one KC×NR panel at a time.
/// </summary>
internal readonly record struct GemmBlocking(int Mc, int Kc, int Nc);

namespace NativeNet.Kernels;

/// <summary>
/// The width-specific vector operations of the no-packing GEMM kernel (<see cref="DirectGemmKernel"/>), implemented by
/// one struct per vector width. The kernel is generic over the implementing struct, so the JIT compiles one
/// specialised copy per width and inlines these static members into its loops: no calls, no interface dispatch.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
/// <typeparam name="TVector">Vector type of that width (Vector256&lt;T&gt; or Vector512&lt;T&gt;).</typeparam>
internal unsafe interface IDirectGemmLanes<T, TVector>
    where T : unmanaged
    where TVector : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract nint Count { get; }

    /// <summary>A vector of <paramref name="value"/> in every lane.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary>Unaligned load of <see cref="Count"/> elements.</summary>
    static abstract TVector Load(T* source);

    /// <summary>Unaligned store of <see cref="Count"/> elements.</summary>
    static abstract void Store(TVector value, T* destination);

    /// <summary>Loads the lanes set in <paramref name="mask"/> (others zero) without touching memory past them.</summary>
    static abstract TVector LoadMasked(T* source, TVector mask);

    /// <summary>Stores the lanes set in <paramref name="mask"/> without touching memory past them.</summary>
    static abstract void StoreMasked(TVector value, T* destination, TVector mask);

    /// <summary>Mask of lanes i with <paramref name="offset"/> + i &lt; <paramref name="valid"/>.</summary>
    static abstract TVector FirstLanes(int valid, int offset);

    /// <summary>x·y + z with a single rounding.</summary>
    static abstract TVector MultiplyAdd(TVector x, TVector y, TVector z);

    /// <summary>t + β·c, rounded as the packed kernels' merge (a multiply then an add).</summary>
    static abstract TVector Merge(TVector t, TVector beta, TVector c);

    /// <summary>Lane-wise product.</summary>
    static abstract TVector Multiply(TVector x, TVector y);
}

using NativeNet.Kernels;

namespace NativeNet.Tests.Kernels;

public sealed unsafe class MatrixTransposeTests
{
    public static TheoryData<int, int> Shapes()
    {
        // Rows cover the 8- and 4-row float bands, the 4-row double tiles and their scalar remainders; columns the
        // 8-wide tiles and their edges.
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 1, 3, 4, 5, 8, 11, 12, 13, 16, 20 })
            foreach (int cols in new[] { 1, 7, 8, 9, 24, 37 })
                data.Add(rows, cols);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TransposesStridedBlocksAndWritesNothingElse(int rows, int cols)
    {
        Check<float>(rows, cols);
        Check<double>(rows, cols);
    }

    private static void Check<T>(int rows, int cols) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int lds = cols + 3, ldd = rows + 5;
        var src = new T[rows * lds];
        for (int i = 0; i < src.Length; i++)
            src[i] = T.CreateChecked(i + 1);
        var dst = new T[cols * ldd];
        Array.Fill(dst, T.NegativeOne);
        fixed (T* s = src)
        fixed (T* d = dst)
            MatrixTranspose.Run(s, lds, rows, cols, d, ldd);
        for (int c = 0; c < cols; c++)
            for (int r = 0; r < ldd; r++)
            {
                T expected = r < rows ? src[r * lds + c] : T.NegativeOne;
                Assert.True(dst[c * ldd + r] == expected, $"{typeof(T).Name} {rows}×{cols}: dst[{c}, {r}] = {dst[c * ldd + r]}, expected {expected}");
            }
    }
}

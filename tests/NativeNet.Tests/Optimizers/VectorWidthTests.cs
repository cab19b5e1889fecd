using System.Numerics;
using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

/// <summary>
/// An update is elementwise and its vector loops round every operation as its scalar loop does, so an element gets the
/// same bits whichever path updates it: the 512-bit loop, the 256-bit loop (taken only when a range is shorter than one
/// 512-bit vector) or the scalar tail.
/// </summary>
public class VectorWidthTests
{
    // 50 elements in one parameter (512-bit vectors and a 2-element tail, in float and in double) against the same
    // elements cut into parameters of these lengths: in float 3 and 5 are scalar only, 9 and 13 take the 256-bit loop,
    // 20 the 512-bit one; in double 3 is scalar only, 5 takes the 256-bit loop, 9, 13 and 20 the 512-bit one.
    private static readonly int[] PieceLengths = [3, 5, 9, 13, 20];

    [Theory]
    [MemberData(nameof(FloatPrecisionTests.Rules), MemberType = typeof(FloatPrecisionTests))]
    public void EveryPathGivesTheSameBitsInFloat(string rule) => AssertPathsAgree<float>(rule);

    [Theory]
    [MemberData(nameof(FloatPrecisionTests.Rules), MemberType = typeof(FloatPrecisionTests))]
    public void EveryPathGivesTheSameBitsInDouble(string rule) => AssertPathsAgree<double>(rule);

    private static void AssertPathsAgree<T>(string rule) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = PieceLengths.Sum();
        var rng = new Rng(70);
        T[] w = Array.ConvertAll(Values(rng, n), x => T.CreateTruncating(x));
        T[][] grads = Array.ConvertAll(Gradients(rng, 5, n), g => Array.ConvertAll(g, x => T.CreateTruncating(x)));
        var whole = new Parameter<T>("whole", NdArray<T>.FromArray(w));
        var pieces = new Parameter<T>[PieceLengths.Length];
        for (int p = 0, start = 0; p < pieces.Length; start += PieceLengths[p], p++)
            pieces[p] = new Parameter<T>($"piece{p}", NdArray<T>.FromArray(w[start..(start + PieceLengths[p])]));
        var wholeOptimizer = FloatPrecisionTests.Create(rule, whole);
        var piecesOptimizer = FloatPrecisionTests.Create(rule, pieces);
        foreach (T[] g in grads)
        {
            g.AsSpan().CopyTo(whole.Grad.Span);
            for (int p = 0, start = 0; p < pieces.Length; start += PieceLengths[p], p++)
                g.AsSpan(start, PieceLengths[p]).CopyTo(pieces[p].Grad.Span);
            wholeOptimizer.Step();
            piecesOptimizer.Step();
        }
        for (int p = 0, start = 0; p < pieces.Length; start += PieceLengths[p], p++)
            for (int i = 0; i < PieceLengths[p]; i++)
            {
                // Widening to double is exact, so equal bits there are equal bits in T.
                double expected = double.CreateTruncating(whole.Value[start + i]), actual = double.CreateTruncating(pieces[p].Value[i]);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{rule}, {typeof(T).Name} element {start + i}: {expected:R} in one parameter, {actual:R} in a piece of {PieceLengths[p]}.");
            }
    }
}

using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Tensors;
using NativeNet.Tests.Training;

namespace NativeNet.Tests.Kernels;

/// <summary>
/// The elementwise engine computes every element with the same operations at every vector width, so each registered
/// activation (built-in, the CLI's and this assembly's user declarations) gives the same bits whatever the width.
/// </summary>
[Collection(nameof(KernelSettingsCollection))]
public class ElementwiseWidthTests
{
    private static readonly int[] Widths = [.. new[] { 512, 256, 128, 0 }.Where(w => w <= VectorWidth.HardwareBits)];

    [Theory]
    [MemberData(nameof(TrainingStepTests.ElementwiseActivations), MemberType = typeof(TrainingStepTests))]
    public void EveryWidthGivesTheSameBitsInFloat(string activation) => AssertWidthsAgree<float>(activation);

    [Theory]
    [MemberData(nameof(TrainingStepTests.ElementwiseActivations), MemberType = typeof(TrainingStepTests))]
    public void EveryWidthGivesTheSameBitsInDouble(string activation) => AssertWidthsAgree<double>(activation);

    [Fact]
    public void TheWidthCapIsValidatedAndApplied()
    {
        int previous = VectorWidth.MaxBits;
        try
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => VectorWidth.MaxBits = 100);
            VectorWidth.MaxBits = 128;
            Assert.Equal(Math.Min(128, VectorWidth.HardwareBits), VectorWidth.Bits);
            VectorWidth.MaxBits = 0;
            Assert.Equal(0, VectorWidth.Bits);
        }
        finally
        {
            VectorWidth.MaxBits = previous;
        }
    }

    private static void AssertWidthsAgree<T>(string activation) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // 77 values: whole 512-, 256- and 128-bit vectors and a scalar tail at every width, and special values.
        var rng = new Rng(90);
        var x = NdArray<T>.RandomNormal(rng, T.Zero, T.CreateTruncating(3), 7, 11);
        x.Span[0] = T.Zero;
        x.Span[1] = T.NegativeZero;
        x.Span[2] = T.CreateTruncating(40);
        x.Span[3] = T.CreateTruncating(-40);
        var dy = NdArray<T>.RandomNormal(rng, T.Zero, T.One, 7, 11);
        int previous = VectorWidth.MaxBits;
        try
        {
            (T[] Y, T[] Dx)? first = null;
            foreach (int bits in Widths)
            {
                VectorWidth.MaxBits = bits;
                var layer = LayerRegistry.Create<T>(activation);
                var y = layer.Forward(x, true).Span.ToArray();
                var dx = layer.Backward(dy).Span.ToArray();
                if (first is null) first = (y, dx);
                else
                {
                    Assert.Equal(first.Value.Y, y);
                    Assert.Equal(first.Value.Dx, dx);
                }
            }
        }
        finally
        {
            VectorWidth.MaxBits = previous;
        }
    }
}
